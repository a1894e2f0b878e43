import { HeatstackError } from '../../errors.js';
import type { Template } from '../../template/model.js';
import { InterruptedError } from '../handler.js';
import type { Operation, Plan } from '../plan/plan.js';
import { handlerRequest } from './handler-request.js';
import { INTERRUPTED, isInterruption } from './interrupt.js';
import type { LiveValues } from './live-values.js';
import type { RunTarget } from './operations.js';
import { existing, type RunRecorder, reasonOf } from './run.js';
import type { Backend, EngineOptions } from './services.js';

/**
 * A resource whose configuration changed is replaced: the planner plans its delete and its create. A handler that can
 * change its object in place (`ResourceHandler.update`: a Swarm service's rolling update) gets one `update` instead,
 * on the same object, so the resource never stops being served; its record goes `UPDATE_IN_PROGRESS` →
 * `UPDATE_COMPLETE` (or `UPDATE_FAILED`) as in Heat. The type must be the same and the object known to its record.
 */
export function updatesInPlace(plan: Plan, backend: Backend, template: Template, records: RecordsByName): Plan {
  const deletes = new Map(plan.operations.filter((op) => op.kind === 'delete').map((op) => [op.id, op]));
  const fused = new Map<string, Operation>();
  for (const op of plan.operations) {
    if (op.kind !== 'create') continue;
    const old = deletes.get(`delete ${op.resource}`);
    const type = template.resources[op.resource]?.type;
    const rec = records[op.resource];
    if (old?.physicalId === undefined || type === undefined || rec?.type !== type) continue;
    if (rec.physicalId !== old.physicalId || backend.handlerFor(type)?.update === undefined) continue;
    fused.set(op.id, { ...op, id: `update ${op.resource}`, kind: 'update', physicalId: old.physicalId });
  }
  if (fused.size === 0) return plan;
  const dropped = new Set([...fused.values()].map((op) => `delete ${op.resource}`));
  const renamed = (id: string) => fused.get(id)?.id ?? id;
  const operations = plan.operations
    .filter((op) => !dropped.has(op.id))
    .map((op) => fused.get(op.id) ?? op)
    .map((op) => ({ ...op, after: op.after.filter((a) => !dropped.has(a)).map(renamed) }));
  return { ...plan, operations };
}

type RecordsByName = Readonly<Record<string, { readonly type: string; readonly physicalId?: string } | undefined>>;

/** What an `update` operation runs with. */
export interface UpdateContext {
  readonly run: RunRecorder;
  readonly target: RunTarget;
  readonly live: LiveValues;
  readonly options: EngineOptions;
}

/** Runs an `update` operation: the handler changes the object to the template's configuration, in place. */
export async function updateResource(op: Operation, { run, target, live, options }: UpdateContext): Promise<void> {
  const name = op.resource;
  const def = target.template.resources[name];
  const rec = run.record.resources[name];
  const configHash = target.desired?.hashes.get(name);
  if (def === undefined || configHash === undefined || rec?.physicalId === undefined)
    throw new Error(`no resource '${name}' to update`);
  run.resource(name, 'UPDATE_IN_PROGRESS', `state changed: ${op.cause}`);
  run.checkpoint();
  const resource = { name, type: def.type, properties: def.properties };
  const outcome = await handlerRequest(run, resource, configHash, target.deployId, live, options)
    .then(async ({ handler, request }) => {
      if (handler.update === undefined) throw new HeatstackError(`resource type ${def.type} is not updated in place`);
      await handler.update(existing(run.record.name, name, rec, rec.physicalId as string), request);
      return { locator: { ...handler.locatorOf?.(request.properties) } };
    })
    .catch((err: unknown) => ({ err }));
  if ('err' in outcome) {
    const interrupted = options.signal?.aborted === true && isInterruption(outcome.err);
    run.resource(name, 'UPDATE_FAILED', interrupted ? `${INTERRUPTED}: given up` : reasonOf(outcome.err));
    run.checkpoint();
    throw interrupted ? new InterruptedError() : outcome.err;
  }
  // The object now has the template's configuration: the record says so, as a create's would.
  rec.configHash = configHash;
  rec.properties = target.desired?.meanings?.get(name)?.properties as Record<string, unknown> | undefined;
  rec.dependsOn = [...(target.desired?.graph.get(name) ?? [])];
  rec.locator = outcome.locator;
  run.resource(name, 'UPDATE_COMPLETE', 'state changed');
  run.checkpoint();
}
