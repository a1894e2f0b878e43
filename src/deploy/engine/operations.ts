import { HeatstackError } from '../../errors.js';
import type { Template } from '../../template/model.js';
import { FailedObjectKept, InterruptedError } from '../handler.js';
import { changedReadCause } from '../plan/drift.js';
import type { Operation, Plan } from '../plan/plan.js';
import type { DesiredStack } from '../plan/planner.js';
import { status } from '../status.js';
import { executePlan } from './executor.js';
import { adoptExternal, adopts, releaseReason } from './external.js';
import { handlerRequest } from './handler-request.js';
import { INTERRUPTED, isInterruption } from './interrupt.js';
import { LiveValues } from './live-values.js';
import { deletionPolicyOf, keepsObject } from './retention.js';
import { existing, type RunRecorder, reasonOf } from './run.js';
import { DEFAULT_CONCURRENCY, type EngineOptions } from './services.js';
import { updateInPlace } from './update.js';

/**
 * Executing a plan: each operation records its transitions (in progress, then complete or failed) as it runs the
 * handler, and the first failure is what the run reports.
 */

export interface Failure {
  readonly resource?: string;
  readonly message: string;
  /** The run stopped because it was interrupted (Ctrl-C), not because an operation failed. */
  readonly interrupted?: boolean;
}

export interface RunTarget {
  readonly template: Template;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly deployId: string;
  /** Set when the run creates resources. */
  readonly desired?: DesiredStack;
  /** Rollback is disabled: a failed create's object is kept and recorded (`CreateRequest.keepFailed`). */
  readonly keepFailed?: boolean;
}

export async function execute(
  run: RunRecorder,
  plan: Plan,
  target: RunTarget,
  options: EngineOptions,
  continueAfterFailure: boolean,
): Promise<Failure | undefined> {
  const live = new LiveValues(target.template, target.parameters, run.record, options.backend, options.services);
  const operate = (op: Operation): Promise<void> => operation(run, op, target, live, options);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const result = await executePlan(plan.operations, operate, {
    concurrency,
    continueAfterFailure,
    signal: options.signal,
    quick: { is: (op) => isQuick(op, run, options), concurrency: Math.max(concurrency, QUICK_CONCURRENCY) },
  });
  // An empty plan changed nothing to write (its caller writes the run's end).
  if (plan.operations.length > 0) await run.persist();
  // A real failure is reported before the interruption that may have come with it.
  const first = [...result.failed].find(([, err]) => !isInterruption(err));
  if (first === undefined)
    return result.interrupted || result.failed.size > 0 ? { message: INTERRUPTED, interrupted: true } : undefined;
  const [id, err] = first;
  const op = plan.operations.find((o) => o.id === id) as Operation;
  const verb = op.kind.toUpperCase();
  return { resource: op.resource, message: `Resource ${verb} failed: ${namedOnce(op.resource, reasonOf(err))}` };
}

/**
 * `Web: reason`, where the reason does not name `Web` itself: a handler's message that says where it is
 * (`Resources.Web: could not pull image …`, `Resources.Web.Properties.cpu_shares: …`) reads `Web: could not pull
 * image …`, `Web: Properties.cpu_shares: …`, not `Web: Resources.Web: …`.
 */
function namedOnce(resource: string, reason: string): string {
  const own = `Resources.${resource}`;
  if (reason.startsWith(`${own}: `)) return `${resource}: ${reason.slice(own.length + 2)}`;
  if (reason.startsWith(`${own}.`)) return `${resource}: ${reason.slice(own.length + 1)}`;
  return `${resource}: ${reason}`;
}

/**
 * In-place updates whose handler makes them in one short call (`quickUpdates`: a container's limits) run this many at
 * once, beside the creates and deletes `concurrency` bounds: `update-inplace-50` (50 memory limits) took 1.76 s at 10
 * and 1.06 s at 50, beside 1.00 s for the 50 calls at once straight through the Engine API (loaded machine).
 */
export const QUICK_CONCURRENCY = 50;

function isQuick(op: Operation, run: RunRecorder, options: EngineOptions): boolean {
  const type = run.record.resources[op.resource]?.type;
  return op.kind === 'update' && type !== undefined && options.backend.handlerFor(type)?.quickUpdates === true;
}

/** Runs one operation, recording its transitions; throws the reason when it fails. */
async function operation(
  run: RunRecorder,
  op: Operation,
  target: RunTarget,
  live: LiveValues,
  options: EngineOptions,
): Promise<void> {
  if (op.kind === 'create') return createResource(run, op, target, live, options);
  if (op.kind === 'update') return updateInPlace(run, op, { target, live, options });
  if (op.kind === 'delete') return deleteResource(run, op, target, options);
  if (op.kind === 'repair') {
    // Stopped too (a daemon restart stops every container), a reader is repaired after what it reads: started again
    // with a value that is gone, it would be stale; it is replaced instead.
    const stale = await staleReadOf(op.resource);
    if (stale !== undefined) return replace(op, stale);
    // One that cannot start again is replaced: deleted, then created from the template.
    return repairResource(run, op, options, (cause) => replace(op, cause));
  }
  if (op.kind === 'refresh') {
    const stale = await staleReadOf(op.resource);
    return stale === undefined ? undefined : replace(op, stale);
  }
  return suspendOrResumeResource(run, op, options);

  /** Why what `name` was made from is gone, once what it reads was repaired (undefined while it is as read). */
  async function staleReadOf(name: string): Promise<string | undefined> {
    const replacedRead = readReplacedIn(run, name, target);
    if (replacedRead !== undefined) return `replaced: reads ${replacedRead}, which was replaced`;
    // Started again, what it reads may have another address: a value it was made with is gone.
    const changed = await live.changedRead(run.record.resources[name]?.reads ?? []);
    return changed === undefined ? undefined : `replaced: ${changedReadCause(changed.read, changed.now)}`;
  }

  /** Replaces the object now, in the order `op.order` says (delete first when it says none), as a plan's replace. */
  async function replace(op: Operation, cause: string): Promise<void> {
    const remove = () => deleteResource(run, { ...op, kind: 'delete', cause }, target, options);
    const create = () => createResource(run, { ...op, kind: 'create', cause }, target, live, options);
    if (op.order?.createFirst) {
      await create();
      await remove();
    } else {
      await remove();
      await create();
    }
  }
}

/** A resource `name` reads whose object this run created (a repair that had to replace it): its id and address are new. */
function readReplacedIn(run: RunRecorder, name: string, target: RunTarget): string | undefined {
  return (target.desired?.reads.get(name) ?? []).find((d) => run.record.resources[d]?.deployId === target.deployId);
}

async function createResource(
  run: RunRecorder,
  op: Operation,
  target: RunTarget,
  live: LiveValues,
  options: EngineOptions,
): Promise<void> {
  const name = op.resource;
  const def = target.template.resources[name];
  const desired = target.desired;
  if (def === undefined || desired === undefined) throw new Error(`no resource '${name}' in the template`);
  if (adopts(op, target)) return adoptExternal(run, op, target, options);
  // Replaced create-first, the old object still runs until this one does: a failed create leaves it recorded.
  const replaced = op.order?.createFirst ? run.record.resources[name] : undefined;
  const rec = run.resource(name, 'CREATE_IN_PROGRESS', `state changed: ${op.cause}`, {
    type: def.type,
    configHash: desired.hashes.get(name),
    properties: desired.meanings?.get(name)?.properties as Record<string, unknown> | undefined,
    deployId: target.deployId,
    dependsOn: [...(desired.graph.get(name) ?? [])],
    locator: {},
  });
  run.checkpoint();
  try {
    const resource = { name, type: def.type, properties: def.properties };
    const hash = rec.configHash ?? '';
    const { handler, request } = await handlerRequest(run, resource, hash, target.deployId, live, options);
    // Only what finds the object again (the type's `locatorOf`), never the resolved properties.
    rec.locator = { ...handler.locatorOf?.(request.properties) };
    const deletionPolicy = deletionPolicyOf(handler, name, target, options);
    const keepFailed = target.keepFailed;
    const { physicalId, data, fingerprint } = await handler.create({ ...request, deletionPolicy, keepFailed });
    rec.physicalId = physicalId;
    const reads = await live.listedReads(def.properties);
    rec.reads = reads.length > 0 ? reads : undefined;
    if (data !== undefined) run.keepData(rec, data);
    rec.fingerprint = fingerprint === undefined ? undefined : { ...fingerprint };
  } catch (err) {
    // A create given up on the signal says so, whatever words the backend used.
    const interrupted = options.signal?.aborted === true && isInterruption(err);
    // Kept for inspection (--no-rollback), it is the resource's object: logs, ps and destroy find it.
    if (err instanceof FailedObjectKept) rec.physicalId = err.physicalId;
    run.resource(name, 'CREATE_FAILED', interrupted ? `${INTERRUPTED}: given up` : reasonOf(err));
    if (replaced?.physicalId !== undefined) run.record.resources[name] = replaced;
    run.checkpoint();
    throw interrupted ? new InterruptedError() : err;
  }
  run.resource(name, 'CREATE_COMPLETE', 'state changed');
  run.checkpoint();
}

async function deleteResource(
  run: RunRecorder,
  op: Operation,
  target: RunTarget,
  options: EngineOptions,
): Promise<void> {
  const name = op.resource;
  const rec = run.record.resources[name];
  const recorded = rec !== undefined && rec.physicalId === op.physicalId;
  // Replaced create-first by an object of the same id (an engine-run resource's, an image built to the same tag): the
  // old object is the new one, which stays.
  if (recorded && op.order?.createFirst && rec.deployId === target.deployId) return;
  // The old object of a create-first replace, its record the new one's by now: its policy holds as if recorded.
  const replacedOld = !recorded && rec !== undefined && op.order?.createFirst === true;
  const type = rec?.type ?? op.type ?? target.template.resources[name]?.type ?? 'unknown';
  if (recorded) run.resource(name, 'DELETE_IN_PROGRESS', `state changed: ${op.cause}`);
  else run.objectEvent(name, type, op.physicalId, 'DELETE_IN_PROGRESS', op.cause);
  // Written before the daemon is asked: it carries out a delete whose run was killed, and the next run, finding the
  // object still listed, must not count on it (concurrent deletes share one write).
  if (recorded && op.physicalId !== undefined) await run.persist();
  let kept = false;
  // An adopted object (`external_id`) is let go, never deleted (`external.ts`).
  const released = recorded ? releaseReason(rec) : undefined;
  try {
    if (op.physicalId !== undefined) {
      const handler = options.backend.handlerFor(type);
      if (handler === undefined) throw new HeatstackError(`no handler for resource type ${type}`);
      // DeletionPolicy Retain: the stack lets go of the object, which stays (`retention.ts`).
      kept =
        (recorded && released !== undefined) ||
        ((recorded || replacedOld) && keepsObject(handler, name, target, options));
      if (!kept)
        await handler.delete(
          existing(run.record.name, name, rec ?? { type, locator: { ...op.locator } }, op.physicalId),
        );
    }
  } catch (err) {
    if (recorded) run.resource(name, 'DELETE_FAILED', reasonOf(err));
    else run.objectEvent(name, type, op.physicalId, 'DELETE_FAILED', reasonOf(err));
    throw err;
  }
  const done =
    released ?? (kept ? `state changed: retained (DeletionPolicy Retain): ${op.physicalId} is kept` : 'state changed');
  if (recorded || (rec !== undefined && op.physicalId === undefined)) {
    run.resource(
      name,
      'DELETE_COMPLETE',
      op.physicalId === undefined ? 'state changed: nothing had been created' : done,
    );
    delete run.record.resources[name];
  } else {
    run.objectEvent(name, type, op.physicalId, 'DELETE_COMPLETE', done);
  }
  run.checkpoint();
}

/**
 * Starts again (unpauses) an object found not running outside heatstack; one that will not stay up is replaced:
 * deleted, then created from the template as any replaced resource is.
 */
async function repairResource(
  run: RunRecorder,
  op: Operation,
  options: EngineOptions,
  replace: (cause: string) => Promise<void>,
): Promise<void> {
  const rec = run.record.resources[op.resource];
  if (rec?.physicalId === undefined) throw new Error(`no recorded object for '${op.resource}' to repair`);
  const handler = options.backend.handlerFor(rec.type);
  if (handler === undefined) throw new HeatstackError(`no handler for resource type ${rec.type}`);
  run.resource(op.resource, 'UPDATE_IN_PROGRESS', `state changed: repair: ${op.cause}`);
  try {
    const object = existing(run.record.name, op.resource, rec, rec.physicalId);
    await (handler.repair ? handler.repair(object) : handler.resume(object));
  } catch (err) {
    if (isInterruption(err)) throw err;
    return replace(`replaced: ${op.cause}, and it could not be started again: ${reasonOf(err)}`);
  }
  run.resource(op.resource, 'UPDATE_COMPLETE', 'state changed: repaired');
  run.checkpoint();
}

async function suspendOrResumeResource(run: RunRecorder, op: Operation, options: EngineOptions): Promise<void> {
  const action = op.kind === 'suspend' ? 'SUSPEND' : 'RESUME';
  const rec = run.record.resources[op.resource];
  if (rec?.physicalId === undefined) return;
  run.resource(op.resource, status(action, 'IN_PROGRESS'), 'state changed');
  try {
    const handler = options.backend.handlerFor(rec.type);
    if (handler === undefined) throw new HeatstackError(`no handler for resource type ${rec.type}`);
    const target = existing(run.record.name, op.resource, rec, rec.physicalId);
    await (action === 'SUSPEND' ? handler.suspend(target) : handler.resume(target));
  } catch (err) {
    run.resource(op.resource, status(action, 'FAILED'), reasonOf(err));
    throw err;
  }
  run.resource(op.resource, status(action, 'COMPLETE'), 'state changed');
  run.checkpoint();
}
