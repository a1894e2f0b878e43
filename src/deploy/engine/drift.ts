import { recreatedObject } from '../plan/drift.js';
import type { ObservedObject } from '../plan/planner.js';
import type { ResourceRecord, StackRecord } from '../state/record.js';
import type { StackObservation } from './observation.js';
import { existing } from './run.js';
import type { Backend } from './services.js';

/**
 * The backend's list tells only part of an object's fingerprint (`plan/drift.ts`); the rest is asked of the objects
 * that may have drifted in content: one found in a recorded resource's place (re-created outside heatstack), and the
 * object of a resource whose last `heatstack check` failed (a `docker update` shows only there). A stack with no drift
 * costs no call beyond the list.
 */
export async function fingerprintSuspects(
  observation: StackObservation,
  record: StackRecord | undefined,
  backend: Backend,
): Promise<void> {
  const asked = Object.entries(record?.resources ?? {}).map(async ([name, rec]) => {
    const suspect = suspectOf(name, rec, observation.observed);
    const handler = suspect === undefined ? undefined : backend.handlerFor(rec.type);
    if (suspect === undefined || handler?.fingerprint === undefined) return;
    const object = existing(
      record?.name ?? '',
      name,
      { type: rec.type, locator: suspect.locator ?? rec.locator },
      suspect.physicalId,
    );
    const whole = await handler.fingerprint(object).catch(() => undefined);
    const i = observation.observed.indexOf(suspect);
    if (whole !== undefined && i >= 0)
      observation.observed[i] = { ...suspect, fingerprint: { ...suspect.fingerprint, ...whole } };
  });
  await Promise.all(asked);
}

function suspectOf(name: string, rec: ResourceRecord, observed: readonly ObservedObject[]): ObservedObject | undefined {
  const other = recreatedObject(name, rec, observed);
  if (other !== undefined) return other;
  return rec.status === 'CHECK_FAILED' ? observed.find((o) => o.physicalId === rec.physicalId) : undefined;
}
