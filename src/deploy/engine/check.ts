import { HeatstackError } from '../../errors.js';
import {
  describeFingerprintChanges,
  fingerprintChanges,
  recreatedCause,
  recreatedObject,
  runDrift,
  staleRead,
} from '../plan/drift.js';
import { type ObservedObject, SETTLED } from '../plan/planner.js';
import { lockStack } from '../state/lock.js';
import type { ResourceRecord, StackRecord } from '../state/record.js';
import { RecordJournal } from '../state/store.js';
import { fingerprintSuspects } from './drift.js';
import { checkExternal } from './external.js';
import type { RunResult } from './inputs.js';
import { observeStack, requireReachable } from './observation.js';
import { existing, RunRecorder, reasonOf } from './run.js';
import type { Backend, EngineOptions } from './services.js';

/**
 * Heat's stack check (`openstack stack check`): every recorded resource is compared with what the backend holds —
 * there, running (or finished, for a one-shot), the very object the deploy made, its content as it was made — and
 * marked `CHECK_COMPLETE` or `CHECK_FAILED` with how it drifted; the stack ends `CHECK_COMPLETE` or `CHECK_FAILED`
 * naming each drifted resource. Nothing is changed but the record: a deploy repairs what the check finds.
 */

/** One resource's verdict. */
export interface ResourceCheck {
  readonly resource: string;
  readonly physicalId?: string;
  readonly ok: boolean;
  /** `running`, or how it drifted: `exited (137) outside heatstack`, `its container is gone`. */
  readonly reason: string;
}

export interface CheckResult extends RunResult {
  /** Every recorded resource's verdict, by name. */
  readonly checks: readonly ResourceCheck[];
}

export async function checkStack(stackName: string, options: EngineOptions): Promise<CheckResult> {
  const lock = await lockStack(options.store.dir, stackName, 'CHECK');
  try {
    const record = await options.store.load(stackName);
    if (record === undefined) throw new HeatstackError(`no stack named '${stackName}' (see \`heatstack ls\`)`);
    refuseSuspended(record);
    const observation = await observeStack(stackName, record, options);
    requireReachable(observation, record);
    await fingerprintSuspects(observation, record, options.backend);
    const run = new RunRecorder(new RecordJournal(options.store, record), options);
    run.stack('CHECK_IN_PROGRESS', 'Stack CHECK started');
    await run.persist();
    const names = Object.keys(record.resources).sort();
    const checks = await Promise.all(
      names.map((name) => checkResource(stackName, name, record, observation.observed, options.backend)),
    );
    for (const c of checks) run.resource(c.resource, c.ok ? 'CHECK_COMPLETE' : 'CHECK_FAILED', c.reason);
    const failed = checks.filter((c) => !c.ok);
    const reason = failed.map((c) => `${c.resource}: ${c.reason}`).join('; ');
    run.stack(
      failed.length > 0 ? 'CHECK_FAILED' : 'CHECK_COMPLETE',
      failed.length > 0 ? `Stack CHECK failed: ${reason}` : 'Stack CHECK completed successfully',
    );
    await run.persist();
    return failed.length > 0
      ? { ok: false, record, checks, failure: { resource: failed[0]?.resource, reason: record.statusReason } }
      : { ok: true, record, checks };
  } finally {
    await lock.release();
  }
}

/**
 * A suspended stack's containers are stopped on purpose, and its status is what resume and deploy go by; so is a resume
 * that did not complete. A completed resume runs the stack again: that is a stack to check (what moved meanwhile).
 */
function refuseSuspended(record: StackRecord): void {
  if (
    record.status.startsWith('SUSPEND_') ||
    (record.status.startsWith('RESUME_') && record.status !== 'RESUME_COMPLETE')
  )
    throw new HeatstackError(
      `stack ${record.name} is ${record.status}: its containers are stopped on purpose; resume it first ` +
        `(\`heatstack resume --stack ${record.name}\`), then check`,
    );
}

async function checkResource(
  stack: string,
  name: string,
  record: StackRecord,
  observed: readonly ObservedObject[],
  backend: Backend,
): Promise<ResourceCheck> {
  const rec = record.resources[name] as ResourceRecord;
  const verdict = (ok: boolean, reason: string): ResourceCheck => ({
    resource: name,
    ...(rec.physicalId !== undefined ? { physicalId: rec.physicalId } : {}),
    ok,
    reason,
  });
  if (rec.physicalId === undefined) return verdict(false, `nothing was created (${rec.status})`);
  if (rec.externalId !== undefined)
    return checkExternal(stack, name, { ...rec, externalId: rec.externalId }, backend.handlerFor(rec.type));
  const other = recreatedObject(name, rec, observed);
  if (other !== undefined)
    return verdict(false, recreatedCause(other.physicalId, fingerprintChanges(rec.fingerprint, other.fingerprint)));
  const same = observed.find((o) => o.physicalId === rec.physicalId);
  if (same === undefined) return verdict(false, 'its container is gone');
  if (!SETTLED.has(rec.status)) return verdict(false, `its last change did not complete (${rec.status})`);
  const drift = runDrift(rec, same.state);
  if (drift !== undefined) return verdict(false, drift.cause);
  const stale = staleRead(rec.reads, record.resources, (id) => observed.find((o) => o.physicalId === id)?.attributes);
  if (stale !== undefined) return verdict(false, stale);
  const handler = backend.handlerFor(rec.type);
  if (handler?.fingerprint !== undefined) {
    try {
      const now = await handler.fingerprint(existing(stack, name, rec, rec.physicalId));
      const changes = fingerprintChanges(rec.fingerprint, now);
      if (changes.length > 0)
        return verdict(false, `changed outside heatstack (${describeFingerprintChanges(changes)})`);
    } catch (err) {
      return verdict(false, reasonOf(err));
    }
  }
  return verdict(true, same.state?.description ?? 'exists');
}
