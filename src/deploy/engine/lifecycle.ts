import { randomUUID } from 'node:crypto';
import { HeatstackError } from '../../errors.js';
import { planDestroy, planSuspendOrResume } from '../plan/planner.js';
import { lockStack } from '../state/lock.js';
import type { StackRecord } from '../state/record.js';
import { RecordJournal } from '../state/store.js';
import { status } from '../status.js';
import type { RunResult } from './inputs.js';
import { INTERRUPTED, watchInterrupt } from './interrupt.js';
import { observeStack, removeReachableLeftovers, type StackObservation } from './observation.js';
import { execute } from './operations.js';
import { computeOutputs } from './outputs.js';
import { retainedObjects } from './retention.js';
import { now, RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';
import { foreignLeftNote } from './stack-identity.js';
import { emptyRecord } from './stack-record.js';

/** Destroying, suspending and resuming a stack. */

/** Deletes a stack: its recorded resources, dependents first, then anything the backend still holds under its labels. */
export async function destroyStack(stackName: string, options: EngineOptions): Promise<RunResult> {
  const lock = await lockStack(options.store.dir, stackName, 'DELETE');
  try {
    const { record: previous, damage } = await options.store.loadOrDamage(stackName);
    const observation = await observeStack(stackName, previous, options);
    // What a DeletionPolicy retained stays, unless the run deletes retained objects too (`retention.ts`).
    const observed = options.deleteRetained
      ? observation.observed
      : observation.observed.filter((o) => o.retained !== true);
    // A damaged record is set aside once the backend has answered: what it holds under the stack's labels is the stack.
    const setAside = damage && !observation.unreachable.has('') ? await options.store.setAside(stackName) : undefined;
    const note = setAside ? ` (its damaged state file was moved to ${setAside})` : '';
    // Those of a stack of the same name recorded in another state directory stay: the result says so.
    const left = foreignLeftNote(stackName, observation.foreign);
    if (previous === undefined && observed.length === 0) {
      const result = withNote(await destroyUnrecorded(stackName, observation, options), note + left);
      const retained = retainedObjects(observation.observed);
      return retained.length > 0 ? { ...result, retained } : result;
    }
    const record = previous ?? emptyRecord(stackName);
    const deployId = randomUUID().slice(0, 13);
    record.pending = { action: 'DELETE', deployId, pid: process.pid, startedAt: now() };
    const run = new RunRecorder(new RecordJournal(options.store, record), options);
    run.stack('DELETE_IN_PROGRESS', `Stack DELETE started${note}`);
    await run.persist();
    const plan = planDestroy({ resources: record.resources, observed });
    options.onPlan?.(plan);
    const stopWatching = watchInterrupt(options, () => STOP_NOTICE.DELETE);
    const deleted = await execute(run, plan, { template: record.template, parameters: {}, deployId }, options, true);
    stopWatching();
    // What is reachable goes even when a daemon elsewhere could not be asked; not after an interrupt, which stops.
    // After a failed delete, what the record still holds stays: the record says it is there (and what depends on
    // it), and the next destroy removes it in order.
    const keep = deleted ? heldBy(record) : undefined;
    const failure = deleted?.interrupted
      ? { message: interruptedReason('DELETE', record) }
      : ((await removeReachableLeftovers(observation, options, undefined, keep)) ?? deleted);
    if (failure) {
      run.stack('DELETE_FAILED', failure.message);
      record.pending = undefined;
      await run.persist();
      return {
        ok: false,
        record,
        failure: { resource: failure.resource, reason: failure.message },
        interrupted: deleted?.interrupted,
      };
    }
    run.stack('DELETE_COMPLETE', `Stack DELETE completed successfully${left}`);
    await options.store.remove(stackName);
    const retained = retainedObjects((await observeStack(stackName, previous, options)).observed);
    return retained.length > 0 ? { ok: true, record, retained } : { ok: true, record };
  } finally {
    await lock.release();
  }
}

function withNote(result: RunResult, note: string): RunResult {
  if (note !== '') result.record.statusReason += note;
  return result;
}

/**
 * Destroy of a stack with no record and no observed object: what the handlers own may still be labelled with it
 * (a lost record); it goes, and destroying nothing succeeds. Objects of a stack of the same name recorded in another
 * state directory are not its own, and stay (`stack-identity.ts`).
 */
async function destroyUnrecorded(
  stackName: string,
  observation: StackObservation,
  options: EngineOptions,
): Promise<RunResult> {
  const record = emptyRecord(stackName);
  let removed = 0;
  try {
    if (!observation.unreachable.has('')) removed = await options.backend.removeLeftovers(observation.identity, []);
  } catch (err) {
    return { ok: false, record, failure: { reason: reasonOf(err) } };
  }
  record.status = 'DELETE_COMPLETE';
  record.statusReason =
    removed > 0
      ? `Stack DELETE completed: removed ${removed} object(s) still labelled with it`
      : `stack ${stackName} does not exist (nothing to destroy)`;
  return { ok: true, record, notFound: removed === 0 };
}

/** What destroy, suspend and resume do when interrupted, said as it happens. */
const STOP_NOTICE = {
  DELETE: 'nothing new starts; the deletes under way finish, then the run stops',
  SUSPEND: 'nothing new starts; the stops under way finish, then the run stops',
  RESUME: 'nothing new starts; the starts under way finish, then the run stops',
} as const;

/** Where an interrupted destroy, suspend or resume left the stack, and how to go on. */
function interruptedReason(action: 'DELETE' | 'SUSPEND' | 'RESUME', record: StackRecord): string {
  const resources = Object.entries(record.resources).filter(([, r]) => r.physicalId !== undefined);
  if (action === 'DELETE') {
    const left = resources.map(([n]) => n).sort();
    return (
      `Stack DELETE ${INTERRUPTED}: ${left.length} resource(s) remain${left.length > 0 ? ` (${left.join(', ')})` : ''}; ` +
      'run destroy again to finish'
    );
  }
  const done = resources.filter(([, r]) => r.status === status(action, 'COMPLETE')).map(([n]) => n);
  const verb = action === 'SUSPEND' ? 'stopped' : 'started';
  const next = action === 'SUSPEND' ? 'run suspend again to finish, or resume' : 'run resume again to finish';
  return (
    `Stack ${action} ${INTERRUPTED}: ${done.length} of ${resources.length} resource(s) ${verb}` +
    `${done.length > 0 ? ` (${done.sort().join(', ')})` : ''}; ${next}`
  );
}

/** Suspends a stack's resources, dependents first (Heat's suspend). */
export function suspendStack(stackName: string, options: EngineOptions): Promise<RunResult> {
  return suspendOrResume('SUSPEND', stackName, options);
}

/** Resumes a suspended stack's resources, dependencies first. */
export function resumeStack(stackName: string, options: EngineOptions): Promise<RunResult> {
  return suspendOrResume('RESUME', stackName, options);
}

async function suspendOrResume(
  action: 'SUSPEND' | 'RESUME',
  stackName: string,
  options: EngineOptions,
): Promise<RunResult> {
  const lock = await lockStack(options.store.dir, stackName, action);
  try {
    const record = await options.store.load(stackName);
    if (record === undefined) throw new HeatstackError(`no stack named '${stackName}' (see \`heatstack ls\`)`);
    const run = new RunRecorder(new RecordJournal(options.store, record), options);
    run.stack(status(action, 'IN_PROGRESS'), `Stack ${action} started`);
    await run.persist();
    const plan = planSuspendOrResume(action === 'SUSPEND' ? 'suspend' : 'resume', record.resources);
    options.onPlan?.(plan);
    const stopWatching = watchInterrupt(options, () => STOP_NOTICE[action]);
    const executed = await execute(
      run,
      plan,
      { template: record.template, parameters: {}, deployId: '' },
      options,
      false,
    );
    stopWatching();
    const failure = executed?.interrupted ? { message: interruptedReason(action, record) } : executed;
    // Resumed resources may have new addresses: outputs are read again (hidden parameters stay masked).
    if (failure === undefined && action === 'RESUME')
      await computeOutputs(run, record.template, record.parameters, options);
    run.stack(
      status(action, failure ? 'FAILED' : 'COMPLETE'),
      failure ? failure.message : `Stack ${action} completed successfully`,
    );
    await run.persist();
    return failure
      ? {
          ok: false,
          record,
          failure: { resource: executed?.resource, reason: failure.message },
          interrupted: executed?.interrupted,
        }
      : { ok: true, record };
  } finally {
    await lock.release();
  }
}

/** The physical ids of the resources a record holds. */
function heldBy(record: StackRecord): ReadonlySet<string> {
  return new Set(Object.values(record.resources).flatMap((r) => (r.physicalId ? [r.physicalId] : [])));
}
