import { HeatstackError } from '../../errors.js';
import { isUndoneUpdate } from '../handler.js';
import type { Operation } from '../plan/plan.js';
import { handlerRequest } from './handler-request.js';
import type { LiveValues } from './live-values.js';
import type { RunTarget } from './operations.js';
import { existing, type RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';

/** What an operation runs with: the run's target, the live values its properties read, the engine. */
interface OperationContext {
  readonly target: RunTarget;
  readonly live: LiveValues;
  readonly options: EngineOptions;
}

/**
 * Changes the object in place (its type's `updateAllowed` properties, Heat's `UPDATE` without replacement): the same
 * object, its record's hash, properties and fingerprint those of the new configuration. The run that created it
 * stays its `deployId` (its labels say so), and what reads it is not replaced: its id and address are the same.
 */
export async function updateInPlace(run: RunRecorder, op: Operation, ctx: OperationContext): Promise<void> {
  const name = op.resource;
  const def = ctx.target.template.resources[name];
  const rec = run.record.resources[name];
  const desired = ctx.target.desired;
  if (def === undefined || rec?.physicalId === undefined || desired === undefined)
    throw new Error(`no recorded object for '${name}' to update`);
  const before = rec.status;
  run.resource(name, 'UPDATE_IN_PROGRESS', `state changed: ${op.cause}`);
  try {
    const resource = { name, type: rec.type, properties: def.properties };
    const configHash = desired.hashes.get(name) ?? '';
    const { handler, request } = await handlerRequest(
      run,
      resource,
      configHash,
      rec.deployId ?? '',
      ctx.live,
      ctx.options,
    );
    if (handler.update === undefined) throw new HeatstackError(`resource type ${rec.type} cannot be updated in place`);
    const { fingerprint } = await handler.update(existing(run.record.name, name, rec, rec.physicalId), request);
    rec.configHash = desired.hashes.get(name);
    rec.properties = desired.meanings?.get(name)?.properties as Record<string, unknown> | undefined;
    // What the update changed of the fingerprint; the rest (the image, the env) is as the create recorded it.
    if (fingerprint !== undefined) rec.fingerprint = { ...rec.fingerprint, ...fingerprint };
  } catch (err) {
    run.resource(name, 'UPDATE_FAILED', reasonOf(err));
    if (isUndoneUpdate(err)) rec.status = before; // the object is as it was (`isUndoneUpdate`)
    run.checkpoint();
    throw err;
  }
  run.resource(name, 'UPDATE_COMPLETE', 'state changed: updated in place');
  run.checkpoint();
}
