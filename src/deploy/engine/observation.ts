import { HeatstackError } from '../../errors.js';
import { type Locator, locatorKey, type StackIdentity } from '../handler.js';
import { engineRunObjects } from '../heat/engine-run.js';
import type { ObservedObject } from '../plan/planner.js';
import type { StackRecord } from '../state/record.js';
import type { Failure } from './operations.js';
import { reasonOf } from './run.js';
import type { EngineOptions } from './services.js';
import { type ForeignStack, sortByOwner } from './stack-identity.js';

/**
 * What the backend holds under a stack's labels, asked at the default place and at each place the record's locators
 * name; what a run needs reachable; and the cleanup of what the handlers own that no resource holds.
 */

/** What the backend holds for the stack, each place asked on its own. */
export interface StackObservation {
  /** The stack's own objects (`stack-identity.ts`). */
  readonly observed: ObservedObject[];
  /** Which objects under the stack's name its cleanup may take. */
  readonly identity: StackIdentity;
  /** Stacks of the same name recorded in other state directories whose objects were seen (and left out). */
  readonly foreign: readonly ForeignStack[];
  /** The record's locators that answered (the default place is always asked by the backend). */
  readonly reachable: Locator[];
  /** A place's `locatorKey` (`''` for the default) → why it could not be asked. */
  readonly unreachable: ReadonlyMap<string, string>;
}

/**
 * `stackId`: the id the stack's objects carry (its record's; a deploy without one passes the id it will record).
 * Absent with no record (a destroy of a stack not recorded here): only objects no other record holds are its own.
 */
export async function observeStack(
  stackName: string,
  record: StackRecord | undefined,
  options: Pick<EngineOptions, 'backend' | 'store'>,
  types?: ReadonlySet<string>,
  stackId: string | undefined = record?.id,
): Promise<StackObservation> {
  const locators = locatorsOf(record);
  const { objects, unreachable } = await options.backend.observe(stackName, locators, types);
  const { own, identity, foreign } = await sortByOwner(stackName, stackId, options.store.dir, objects);
  const observed = [...own, ...engineRunObjects(record)];
  return {
    observed,
    identity,
    foreign,
    reachable: locators.filter((l) => !unreachable.has(locatorKey(l))),
    unreachable,
  };
}

/**
 * A plan that creates needs every place that holds one of the stack's objects: without it, a resource living there
 * would look gone and be created twice. A place where nothing was ever created (no physical id) does not count.
 */
export function requireReachable(observation: StackObservation, record: StackRecord | undefined): void {
  const atDefault = observation.unreachable.get('');
  if (atDefault !== undefined) throw new HeatstackError(atDefault);
  for (const rec of Object.values(record?.resources ?? {})) {
    const reason = observation.unreachable.get(locatorKey(rec.locator));
    if (reason !== undefined && rec.physicalId !== undefined) throw new HeatstackError(reason);
  }
}

/**
 * Removes leftovers (what the handlers own that no resource holds; the stack's own objects only) at the places that
 * answered; a failure is returned.
 */
export async function removeReachableLeftovers(
  observation: StackObservation,
  options: EngineOptions,
  deployId?: string,
  keep?: ReadonlySet<string>,
): Promise<Failure | undefined> {
  if (observation.unreachable.has('')) return undefined;
  try {
    await options.backend.removeLeftovers(observation.identity, observation.reachable, deployId, keep);
    return undefined;
  } catch (err) {
    return { message: `Removing the stack's leftover objects failed: ${reasonOf(err)}` };
  }
}

/** The places other than the default a stack's resources live on (their locators), each once, for observing and cleaning up. */
function locatorsOf(record: StackRecord | undefined): Locator[] {
  const byKey = new Map<string, Locator>();
  for (const rec of Object.values(record?.resources ?? {})) {
    const key = locatorKey(rec.locator);
    if (key !== '' && !byKey.has(key)) byKey.set(key, rec.locator);
  }
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as Locator);
}
