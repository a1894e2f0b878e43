/**
 * Drift: how an object the backend holds for a resource differs from the one a deploy made. Two kinds are told apart:
 *
 * - its run state (`ObservedState`): stopped, paused or dead outside heatstack — brought back by a repair;
 * - its content: the object under the resource's labels is another one than the deploy created (re-created by hand,
 *   with the labels copied), or its own content changed (`docker update`). A handler reports an object's content as
 *   a `Fingerprint` — a few named digests (for a container: its image id, its environment, its limits) — when it
 *   creates it, which the record keeps, and when asked again; the keys whose digests differ say how it changed.
 *
 * Pure: the planner and `heatstack check` both read it.
 */

import type { ReadValue, ResourceRecord } from '../state/record.js';
import type { ObservedState } from './planner.js';

/** A few named digests of an object's content (`image`, `env`, `limits`), as its handler reports them. */
export type Fingerprint = Readonly<Record<string, string>>;

/** The keys present in both whose digests differ, sorted: `['env', 'image']`. */
export function fingerprintChanges(recorded: Fingerprint | undefined, observed: Fingerprint | undefined): string[] {
  if (recorded === undefined || observed === undefined) return [];
  return Object.keys(recorded)
    .filter((key) => observed[key] !== undefined && observed[key] !== recorded[key])
    .sort();
}

/** `another image, another env`; `''` when nothing is known to differ. */
export function describeFingerprintChanges(keys: readonly string[]): string {
  return keys.map((k) => `another ${k}`).join(', ');
}

/**
 * Why the object under a resource's labels is not the deployed one: `changed outside heatstack: re-created as
 * container 3f2a5b6c7d8e (another image, another env)`.
 */
export function recreatedCause(physicalId: string, changes: readonly string[]): string {
  const how = describeFingerprintChanges(changes);
  return `changed outside heatstack: re-created as container ${physicalId.slice(0, 12)}${how ? ` (${how})` : ''}`;
}

/** What the drift check needs of an observed object (`ObservedObject` in `planner.ts`). */
interface Seen {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly deployId?: string;
}

/**
 * The object that took a recorded resource's place outside heatstack: its recorded object is gone, and another one
 * carries the resource's labels with the deploy id of the run that made the recorded one (copied with the labels
 * when it was re-created by hand). An object of another run is a leftover of that run instead.
 */
export function recreatedObject<T extends Seen>(
  name: string,
  rec: { readonly physicalId?: string; readonly deployId?: string },
  observed: readonly T[],
): T | undefined {
  if (rec.physicalId === undefined || rec.deployId === undefined) return undefined;
  if (observed.some((o) => o.physicalId === rec.physicalId)) return undefined;
  return observed.find((o) => o.logicalId === name && o.deployId === rec.deployId);
}

/**
 * The fingerprint key a handler sets on an object it created that was left running (a service, not a one-shot
 * that had finished). Such an object found finished later was stopped — a `docker stop`, a daemon restart: most
 * programs exit 0 on SIGTERM — and is started again, where a one-shot's finish is left alone. Only the create
 * reports it, so it is never compared (`fingerprintChanges` compares keys both sides have).
 */
export const STARTED_AS_SERVICE = 'service';

/**
 * A one-shot that has finished: found finished (exit 0) and not left running by its create (`STARTED_AS_SERVICE`).
 * Its finish is its job done — deploy leaves it so, check passes it, `ls` does not count it as down — and it has no
 * address any more.
 */
export function isFinishedOneShot(
  rec: Pick<ResourceRecord, 'fingerprint'>,
  state: Pick<ObservedState, 'phase'> | undefined,
): boolean {
  return state?.phase === 'finished' && rec.fingerprint?.[STARTED_AS_SERVICE] === undefined;
}

/** The phases in which an object that should run does not, and deploy brings it back. */
const REPAIRABLE: ReadonlySet<ObservedState['phase']> = new Set(['stopped', 'paused', 'dead']);

/**
 * How a recorded object found not running outside heatstack is brought back: started again (unpaused), or replaced
 * when it cannot start (`dead`). One heatstack suspended (its record says so) is left as it is, and so is a finished
 * one-shot — one that had finished when it was created, not a service that exited 0 when it was stopped.
 */
export function runDrift(
  rec: Pick<ResourceRecord, 'status' | 'fingerprint'>,
  state: ObservedState | undefined,
): { readonly cause: string; readonly replace: boolean } | undefined {
  const stoppedService = state?.phase === 'finished' && !isFinishedOneShot(rec, state);
  if (state === undefined || !(REPAIRABLE.has(state.phase) || stoppedService) || rec.status.startsWith('SUSPEND_'))
    return undefined;
  return { cause: `${state.description} outside heatstack`, replace: state.phase === 'dead' };
}

/**
 * Why what was made from `reads` is stale: `reads Db's network_ip, which changed (172.19.0.2 → 172.19.0.4)` — the
 * first value its object tells otherwise now (`attributesOf` its physical id: what the backend's list told), as a
 * container started again outside heatstack, or by a repair or a resume, may be given another address. Undefined while
 * each is as read, or not told (a stopped container tells no address: its repair is watched instead).
 */
export function staleRead(
  reads: readonly ReadValue[] | undefined,
  resources: Readonly<Record<string, { readonly physicalId?: string }>>,
  attributesOf: (physicalId: string) => Readonly<Record<string, string>> | undefined,
): string | undefined {
  for (const read of reads ?? []) {
    const id = resources[read.resource]?.physicalId;
    const now = id === undefined ? undefined : attributesOf(id)?.[read.attribute];
    if (now !== undefined && now !== read.value) return changedReadCause(read, now);
  }
  return undefined;
}

/** `reads Db's network_ip, which changed (172.19.0.2 → 172.19.0.4)`. */
export function changedReadCause(read: ReadValue, now: string): string {
  return `reads ${read.resource}'s ${read.attribute}, which changed (${read.value} → ${now})`;
}
