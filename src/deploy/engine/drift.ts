import { recreatedObject } from '../plan/drift.js';
import type { StackRecord } from '../state/record.js';
import type { StackObservation } from './observation.js';
import { existing } from './run.js';
import type { Backend } from './services.js';

/**
 * An object found in a recorded resource's place (re-created outside heatstack, `plan/drift.ts`) is asked for its whole
 * fingerprint — the backend's list tells only part of it — so the plan can say how it differs. Only such objects are
 * asked: a stack with no drift costs no call beyond the list.
 */
export async function fingerprintRecreated(
  observation: StackObservation,
  record: StackRecord | undefined,
  backend: Backend,
): Promise<void> {
  const asked = Object.entries(record?.resources ?? {}).map(async ([name, rec]) => {
    const other = recreatedObject(name, rec, observation.observed);
    const handler = other === undefined ? undefined : backend.handlerFor(rec.type);
    if (other === undefined || handler?.fingerprint === undefined) return;
    const whole = await handler
      .fingerprint(
        existing(record?.name ?? '', name, { type: rec.type, locator: other.locator ?? {} }, other.physicalId),
      )
      .catch(() => undefined);
    const i = observation.observed.indexOf(other);
    if (whole !== undefined && i >= 0)
      observation.observed[i] = { ...other, fingerprint: { ...other.fingerprint, ...whole } };
  });
  await Promise.all(asked);
}
