import { HeatstackError } from '../../errors.js';
import { type Locator, locatorKey } from '../handler.js';
import { engineRunObjects } from '../heat/engine-run.js';
import type { ObservedObject } from '../plan/planner.js';
import type { StackRecord } from '../state/record.js';
import type { Failure } from './operations.js';
import { reasonOf } from './run.js';
import type { EngineOptions } from './services.js';

/**
 * What the backend holds under a stack's labels, asked at the default place and at each place the record's locators
 * name; what a run needs reachable; and the cleanup of what the handlers own that no resource holds.
 */

/** What the backend holds for the stack, each place asked on its own. */
export interface StackObservation {
  readonly observed: ObservedObject[];
  /** The record's locators that answered (the default place is always asked by the backend). */
  readonly reachable: Locator[];
  /** A place's `locatorKey` (`''` for the default) → why it could not be asked. */
  readonly unreachable: ReadonlyMap<string, string>;
}

export async function observeStack(
  stackName: string,
  record: StackRecord | undefined,
  options: Pick<EngineOptions, 'backend'>,
  types?: ReadonlySet<string>,
): Promise<StackObservation> {
  const locators = locatorsOf(record);
  const { objects, unreachable } = await options.backend.observe(stackName, locators, types);
  const observed = [...objects, ...engineRunObjects(record)];
  return { observed, reachable: locators.filter((l) => !unreachable.has(locatorKey(l))), unreachable };
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

/** Removes leftovers (what the handlers own that no resource holds) at the places that answered; a failure is returned. */
export async function removeReachableLeftovers(
  stackName: string,
  observation: StackObservation,
  options: EngineOptions,
  deployId?: string,
  keep?: ReadonlySet<string>,
): Promise<Failure | undefined> {
  if (observation.unreachable.has('')) return undefined;
  try {
    await options.backend.removeLeftovers(stackName, observation.reachable, deployId, keep);
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
