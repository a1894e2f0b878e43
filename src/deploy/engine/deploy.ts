import { randomUUID } from 'node:crypto';
import { derivedHiddenTexts, secretTexts } from '../../template/hidden-values.js';
import type { Expr } from '../../template/model.js';
import { expandedInput } from '../expand/input.js';
import { isAlive, lockStack } from '../state/lock.js';
import { RecordJournal } from '../state/store.js';
import { status } from '../status.js';
import { converge, prepareDeploy, unchangedOutputs } from './converge.js';
import type { DeployAction, DeployInput, PlanInput, RunResult, StackPlan } from './inputs.js';
import { INTERRUPTED, unstoppable, watchInterrupt } from './interrupt.js';
import { computeOutputs } from './outputs.js';
import { now, RunRecorder } from './run.js';
import type { EngineOptions, TemplateServices } from './services.js';

/** Creating or updating a stack (`deployStack`), and the read-only preview of what it would do (`planStack`). */

/** How far a deploy got, for what an interrupt makes it do. */
type DeployPhase = 'converging' | 'rolling back' | 'finishing';

/** What a deploy does when interrupted, said as it happens. */
function deployInterruptNotice(action: DeployAction, rollsBack: boolean, phase: DeployPhase): string {
  if (phase === 'finishing') return 'every change is made already; finishing';
  if (phase === 'rolling back') return 'the rollback under way goes on to its end';
  if (!rollsBack) return 'nothing new starts; what was created is kept (--no-rollback)';
  return action === 'UPDATE'
    ? 'nothing new starts; rolling back to the previous template…'
    : 'nothing new starts; rolling back: removing what this run created…';
}

/**
 * Creates or updates a stack: plans against the record and what the backend holds, executes the plan, and on failure
 * rolls back (a failed create removes everything this run created; a failed update returns to the previous
 * template), then computes the outputs.
 */
export async function deployStack(given: DeployInput, options: EngineOptions): Promise<RunResult> {
  const lock = await lockStack(options.store.dir, given.stackName, 'DEPLOY');
  try {
    const stored = await options.store.load(given.stackName);
    const input = await expandedInput(given, stored);
    const prepared = await prepareDeploy(input, options, { record: stored });
    const { previous, action, record, planned } = prepared;
    const keptOutputs = unchangedOutputs(prepared);
    const deployId = randomUUID().slice(0, 13);
    record.pending = { action, deployId, pid: process.pid, startedAt: now() };
    const run = new RunRecorder(new RecordJournal(options.store, record), options);
    run.hiddenValues = hiddenValuesOf(input, options.services);
    run.stack(status(action, 'IN_PROGRESS'), `Stack ${action} started`);
    // A run that changes nothing leaves a crash nothing to recover: its record is written once, at its end.
    if (keptOutputs === undefined) await run.persist();

    const rollsBack = input.rollback !== false;
    let phase: DeployPhase = 'converging';
    const stopWatching = watchInterrupt(options, () => deployInterruptNotice(action, rollsBack, phase));
    const converged = await converge(run, input.template, input.parameters, deployId, options, planned, !rollsBack);
    // Interrupted as its last change completed: it was still told it would roll back, and it does.
    const failure = converged ?? (options.signal?.aborted ? { message: INTERRUPTED, interrupted: true } : undefined);
    if (failure === undefined) {
      phase = 'finishing';
      if (keptOutputs !== undefined) record.outputs = keptOutputs;
      else await computeOutputs(run, input.template, input.parameters, options);
      record.templateSucceeded = true;
      run.stack(
        status(action, 'COMPLETE'),
        `Stack ${action} completed ${keptOutputs ? 'with no changes' : 'successfully'}`,
      );
    } else {
      phase = 'rolling back';
      run.stack(status(action, 'FAILED'), failure.interrupted ? `Stack ${action} ${INTERRUPTED}` : failure.message);
      // The rollback runs to its end whatever the first interrupt asked: stopping it half-way is what loses resources.
      const calm = unstoppable(options);
      if (rollsBack) {
        // Loaded only here: a deploy that succeeds never needs it (`docs/convergence.md`).
        const { rollback } = await import('./rollback.js');
        await rollback(run, action, previous, input, deployId, calm, failure.interrupted === true);
      }
    }
    stopWatching();
    record.pending = undefined;
    await run.persist();
    return failure
      ? {
          ok: false,
          record,
          failure: { resource: failure.resource, reason: run.redact(failure.message) },
          interrupted: failure.interrupted,
        }
      : { ok: true, record, ...(keptOutputs !== undefined ? { unchanged: true } : {}) };
  } finally {
    await lock.release();
  }
}

/**
 * What `deployStack` would do with `input`, computed by the very code a deploy runs before it executes (the same
 * record, the same look at the backend, the same planner), so a preview cannot disagree with the deploy that follows it.
 * It reads only: no lock is taken (a preview must not block or be blocked by a running deploy), nothing is written,
 * nothing is created; the backend is only asked which objects carry the stack's labels. A refusal a deploy would make
 * (a suspended stack, an unreachable daemon, a template the planner rejects) is thrown.
 */
export async function planStack(
  input: PlanInput,
  options: Pick<EngineOptions, 'store' | 'backend' | 'services'>,
): Promise<StackPlan> {
  const stored = await options.store.load(input.stackName);
  const expanded = await expandedInput(input, stored);
  const { previous, action, planned } = await prepareDeploy(expanded, options, { record: stored }, 'preview');
  if ('error' in planned) throw planned.error;
  const pending = previous?.pending;
  const busy = pending !== undefined && isAlive(pending.pid) ? pending : undefined;
  const { plan } = planned;
  return busy
    ? { plan, action, busy: { pid: busy.pid, action: busy.action, startedAt: busy.startedAt } }
    : { plan, action };
}

/**
 * The texts under which the hidden values given to this run could appear in a message or an output: each value in
 * its printed forms and pieces, and whatever the template's functions compute from hidden values alone.
 */
function hiddenValuesOf(input: PlanInput, services: TemplateServices): string[] {
  const texts = new Set<string>();
  for (const name of input.hiddenParameters) for (const text of secretTexts(input.parameters[name])) texts.add(text);
  const ctx = {
    template: input.template,
    parameters: input.parameters,
    resourceId: () => undefined,
    attribute: () => undefined,
  };
  const evaluate = (expr: Expr) => services.evaluate(expr, ctx);
  for (const text of derivedHiddenTexts(input.template, input.hiddenParameters, evaluate, [...texts])) texts.add(text);
  return [...texts];
}
