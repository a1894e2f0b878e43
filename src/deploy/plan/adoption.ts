import type { ObservedObject } from './planner.js';

/**
 * Whether a deploy adopts `o`, found under resource `name`'s labels with no record of it (the record lost, or never
 * written: the run that made it was cut — a kill -9 of the CLI, or of the daemon, between Docker's create and the
 * record's write): only an object of the desired configuration that is known to be whole — running, or of a kind
 * whose handler tells no run state (a network, a volume). A container never started (`created`: the create was cut
 * between Docker's create and start), stopped or dead is not: it is deleted as a leftover and the resource created
 * again, so no reader is made from the address of a container that has none (issue 17: the readers of such a
 * container adopted as it was were created with `UPSTREAM=`, or failed).
 */
export function adoptable(o: ObservedObject, name: string, desiredHash: string | undefined): boolean {
  if (o.logicalId !== name || o.configHash !== desiredHash) return false;
  return o.state === undefined || o.state.phase === 'running';
}
