import { hiddenHash } from '../plan/meaning.js';
import { type CurrentStack, type ObservedObject, planDestroy } from '../plan/planner.js';
import type { StackRecord } from '../state/record.js';
import type { Action } from '../status.js';
import { converge } from './converge.js';
import type { DeployInput } from './inputs.js';
import { observeStack, removeReachableLeftovers } from './observation.js';
import { execute, type Failure } from './operations.js';
import { computeOutputs } from './outputs.js';
import { type RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';

/** Undoing a failed deploy: a create removes what it made; an update returns to the previous template. */

/**
 * Undoes a failed deploy. A failed create removes everything: whatever this run recorded, then whatever the backend still
 * holds labelled with this run (an object created but never recorded). A failed update converges back to the
 * previous template and parameters, as Heat's update rollback does.
 */
export async function rollback(...args: Parameters<typeof rollbackSteps>): Promise<void> {
  const [run] = args;
  try {
    await rollbackSteps(...args);
  } catch (err) {
    // Whatever went wrong, the stack says so rather than the run dying half-way with a stale state.
    run.stack('ROLLBACK_FAILED', `Stack ROLLBACK failed: ${reasonOf(err)}`);
  }
}

async function rollbackSteps(
  run: RunRecorder,
  action: Action,
  previous: StackRecord | undefined,
  input: DeployInput,
  deployId: string,
  options: EngineOptions,
  interrupted: boolean,
): Promise<void> {
  const update = action === 'UPDATE' && previous !== undefined;
  run.stack(
    'ROLLBACK_IN_PROGRESS',
    `Stack ROLLBACK started: ${update ? 'returning to the previous template' : 'removing what this run created'}`,
  );
  await run.persist();
  let failure: Failure | undefined;
  const restorable = update ? previousParameters(previous, input) : undefined;
  if (restorable !== undefined && previous !== undefined) {
    returnToPrevious(run, previous);
    failure = await converge(run, previous.template, restorable, deployId, options);
    if (failure === undefined) await computeOutputs(run, previous.template, restorable, options);
  } else if (update && interrupted) {
    // Stopped, not failed, and the previous configuration cannot be rebuilt: finishing the update is the only way
    // to leave an object in place for every resource (what it deleted has nothing in its place yet).
    failure = await converge(run, input.template, input.parameters, deployId, options);
    if (failure === undefined) {
      await computeOutputs(run, input.template, input.parameters, options);
      failure = { message: finishedInsteadReason(previous, input) };
    }
  } else {
    // An update that cannot return to the previous configuration keeps what replaced the resources it lost (rather
    // than leave nothing in their place) and removes only what it added.
    const observation = await observeStack(run.record.name, run.record, options);
    const replaced = action === 'UPDATE' && previous !== undefined ? lostResources(previous, run.record) : [];
    // A replace made create-first that the run did not finish still has its previous object: that one is restored
    // to the record, and the new one, labelled with this run, is removed with the rest of what the run made.
    const lost = replaced.filter((n) => !stillObserved(previous, n, observation.observed));
    for (const name of replaced.filter((n) => !lost.includes(n))) restoreRecord(run, previous, name);
    if (update && replaced.length > 0 && lost.length === 0) returnToPrevious(run, previous);
    const keep = new Set(lost);
    const keptIds = new Set(lost.map((n) => run.record.resources[n]?.physicalId).filter((id) => id !== undefined));
    const current: CurrentStack = {
      resources: Object.fromEntries(
        Object.entries(run.record.resources).filter(
          ([name, rec]) => (action === 'CREATE' || rec.deployId === deployId) && !keep.has(name),
        ),
      ),
      observed: observation.observed.filter((o) => o.deployId === deployId && !keptIds.has(o.physicalId)),
    };
    const plan = planDestroy(current, 'rolled back');
    options.onPlan?.(plan);
    const deleted = await execute(
      run,
      plan,
      { template: input.template, parameters: input.parameters, deployId },
      options,
      true,
    );
    // Removing the run's leftovers by its label would take the kept replacements too.
    const leftovers = keptIds.size === 0 ? await removeReachableLeftovers(observation, options, deployId) : undefined;
    failure = leftovers ?? deleted;
    if (failure === undefined && lost.length > 0) failure = { message: notRestoredReason(lost, previous, input) };
  }
  run.stack(
    failure ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE',
    failure ? failure.message : 'Stack ROLLBACK completed successfully',
  );
}

/** Whether the object the previous deploy recorded for `name` is still there. */
function stillObserved(previous: StackRecord | undefined, name: string, observed: readonly ObservedObject[]): boolean {
  const id = previous?.resources[name]?.physicalId;
  return id !== undefined && observed.some((o) => o.physicalId === id);
}

function restoreRecord(run: RunRecorder, previous: StackRecord | undefined, name: string): void {
  const rec = previous?.resources[name];
  if (rec !== undefined) run.record.resources[name] = structuredClone(rec);
}

/** Every object of the previous deploy is in place again: the record says the stack is what it was. */
function returnToPrevious(run: RunRecorder, previous: StackRecord | undefined): void {
  if (previous === undefined) return;
  run.record.template = previous.template;
  run.record.parameters = previous.parameters;
  run.record.hiddenParameterHashes = previous.hiddenParameterHashes;
  run.record.previousDeploy = previous.previousDeploy;
  run.record.templateSucceeded = previous.templateSucceeded;
}

/** Resources the previous deploy had that this run deleted or replaced. */
function lostResources(previous: StackRecord, record: StackRecord): string[] {
  return Object.entries(previous.resources)
    .filter(([name, rec]) => rec.physicalId !== undefined && record.resources[name]?.physicalId !== rec.physicalId)
    .map(([name]) => name)
    .sort();
}

/** Hidden parameters whose previous value this run was not given again (only their hashes are stored). */
function unknownHiddenParameters(previous: StackRecord | undefined, input: DeployInput): string[] {
  return Object.entries(previous?.hiddenParameterHashes ?? {})
    .filter(
      ([name, hash]) =>
        input.parameters[name] === undefined || hiddenHash(previous?.id ?? '', input.parameters[name]) !== hash,
    )
    .map(([name]) => name)
    .sort();
}

function notRestoredReason(lost: readonly string[], previous: StackRecord | undefined, input: DeployInput): string {
  const changed = unknownHiddenParameters(previous, input);
  const params = changed.join(', ');
  const what = lost.map((n) => (input.template.resources[n] ? `${n} (replaced)` : `${n} (deleted)`)).join(', ');
  return (
    `Stack ROLLBACK failed: could not restore ${what}: the previous value of hidden parameter ${params} is not ` +
    `known (it is stored only as a hash), so the previous configuration cannot be rebuilt; what this update ` +
    `created in their place is kept. Deploy again with the previous value (-P ${changed[0] ?? 'NAME'}=…) to return ` +
    `to it, or fix the template and deploy again`
  );
}

function finishedInsteadReason(previous: StackRecord, input: DeployInput): string {
  const params = unknownHiddenParameters(previous, input).join(', ');
  return (
    `Stack ROLLBACK failed: the previous value of hidden parameter ${params} is not known (it is stored only as a ` +
    `hash), so the previous configuration cannot be rebuilt; the interrupted update was finished instead, and the ` +
    `stack runs the new template`
  );
}

/** The previous run's parameter values, when every hidden one can be restored from what was given this time. */
function previousParameters(previous: StackRecord, input: DeployInput): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = { ...previous.parameters };
  for (const [name, hash] of Object.entries(previous.hiddenParameterHashes)) {
    const given = input.parameters[name];
    if (given === undefined || hiddenHash(previous.id, given) !== hash) return undefined;
    values[name] = given;
  }
  return values;
}
