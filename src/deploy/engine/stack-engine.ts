import { randomBytes, randomUUID } from 'node:crypto';
import { HeatstackError } from '../../errors.js';
import { findReferences } from '../../template/dependencies.js';
import { derivedHiddenTexts, redactStrings, resourcesGivenHidden, secretTexts } from '../../template/hidden-values.js';
import { type Expr, emptyTemplate, type Template } from '../../template/model.js';
import { type Locator, locatorKey } from '../handler.js';
import { upgradeLegacyRecords } from '../plan/legacy-hash.js';
import { hiddenHash } from '../plan/meaning.js';
import type { Plan } from '../plan/plan.js';
import {
  type CurrentStack,
  type DesiredStack,
  type ObservedObject,
  planDeploy,
  planDestroy,
  planSuspendOrResume,
} from '../plan/planner.js';
import { isAlive, lockStack } from '../state/lock.js';
import { HIDDEN_VALUE, type StackRecord } from '../state/record.js';
import { RecordJournal, type StateStore } from '../state/store.js';
import { type Action, status } from '../status.js';
import { desiredStack } from './desired.js';
import { INTERRUPTED, unstoppable, watchInterrupt } from './interrupt.js';
import { LiveValues } from './live-values.js';
import { execute, type Failure } from './operations.js';
import { now, RunRecorder, reasonOf } from './run.js';
import { DEFAULT_CONCURRENCY, type EngineOptions, type TemplateServices } from './services.js';

export { DEFAULT_CONCURRENCY, type EngineOptions, hiddenHash };

export interface DeployInput {
  readonly stackName: string;
  /** The id the parameters were resolved with (`OS::stack_id`); `stackIdOf` gives an existing stack's. */
  readonly stackId: string;
  readonly template: Template;
  /** Resolved values of every parameter. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Names of the parameters whose values must never be written. */
  readonly hiddenParameters: ReadonlySet<string>;
  readonly source?: string;
  /** Remove what a failed deploy created (default true). */
  readonly rollback?: boolean;
}

/** How a run ended. `failure` names the resource that failed first and why. */
export interface RunResult {
  readonly ok: boolean;
  readonly record: StackRecord;
  readonly failure?: { readonly resource?: string; readonly reason: string };
  /** Destroy only: the stack was neither recorded nor held by the backend (nothing was done). */
  readonly notFound?: boolean;
  /** The run was interrupted (Ctrl-C); `record.status` says where the stack ended. */
  readonly interrupted?: boolean;
}

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

/** The id of a recorded stack, or a new one. */
export async function stackIdOf(store: StateStore, stackName: string): Promise<string> {
  return (await store.load(stackName))?.id ?? randomUUID();
}

/**
 * Creates or updates a stack: plans against the record and what the backend holds, executes the plan, and on failure
 * rolls back (a failed create removes everything this run created; a failed update returns to the previous
 * template), then computes the outputs.
 */
export async function deployStack(input: DeployInput, options: EngineOptions): Promise<RunResult> {
  const lock = await lockStack(options.store.dir, input.stackName, 'DEPLOY');
  try {
    const { previous, action, record, planned } = await prepareDeploy(input, options);
    const deployId = randomUUID().slice(0, 13);
    record.pending = { action, deployId, pid: process.pid, startedAt: now() };
    const run = new RunRecorder(new RecordJournal(options.store, record), options);
    run.hiddenValues = hiddenValuesOf(input, options.services);
    run.stack(status(action, 'IN_PROGRESS'), `Stack ${action} started`);
    await run.persist();

    const rollsBack = input.rollback !== false;
    let phase: DeployPhase = 'converging';
    const stopWatching = watchInterrupt(options, () => deployInterruptNotice(action, rollsBack, phase));
    const converged = await converge(run, input.template, input.parameters, deployId, options, planned);
    // Interrupted as its last change completed: it was still told it would roll back, and it does.
    const failure = converged ?? (options.signal?.aborted ? { message: INTERRUPTED, interrupted: true } : undefined);
    if (failure === undefined) {
      phase = 'finishing';
      await computeOutputs(run, input.template, input.parameters, options);
      run.stack(status(action, 'COMPLETE'), `Stack ${action} completed successfully`);
    } else {
      phase = 'rolling back';
      run.stack(status(action, 'FAILED'), failure.interrupted ? `Stack ${action} ${INTERRUPTED}` : failure.message);
      // The rollback runs to its end whatever the first interrupt asked: stopping it half-way is what loses resources.
      const calm = unstoppable(options);
      if (rollsBack) await rollback(run, action, previous, input, deployId, calm, failure.interrupted === true);
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
      : { ok: true, record };
  } finally {
    await lock.release();
  }
}

/** What `planStack` needs: a deploy's input without what only matters while it runs. */
export type PlanInput = Pick<
  DeployInput,
  'stackName' | 'stackId' | 'template' | 'parameters' | 'hiddenParameters' | 'source'
>;

type DeployAction = Extract<Action, 'CREATE' | 'UPDATE'>;

/** What a deploy would do now. */
export interface StackPlan {
  readonly plan: Plan;
  /** `CREATE` when nothing of the stack exists yet, else `UPDATE`. */
  readonly action: DeployAction;
  /** A run that is working on the stack right now (a deploy would be refused until it ends; the plan may go stale). */
  readonly busy?: { readonly pid: number; readonly action: string; readonly startedAt: string };
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
  const { previous, action, planned } = await prepareDeploy(input, options);
  if ('error' in planned) throw planned.error;
  const pending = previous?.pending;
  const busy = pending !== undefined && isAlive(pending.pid) ? pending : undefined;
  return busy
    ? { plan: planned.plan, action, busy: { pid: busy.pid, action: busy.action, startedAt: busy.startedAt } }
    : { plan: planned.plan, action };
}

/** A plan, or why planning failed: a deploy records that as its failure (after recording its start), a preview throws it. */
type Planned = { readonly plan: Plan; readonly desired: DesiredStack } | { readonly error: unknown };

/** Everything a deploy decides before it writes anything; `record` is the record it would start from, unsaved. */
interface PreparedDeploy {
  readonly previous: StackRecord | undefined;
  readonly action: DeployAction;
  readonly record: StackRecord;
  readonly planned: Planned;
}

/** Reads the stack's record and what the backend holds under its labels, and plans the deploy of `input` against them. */
async function prepareDeploy(
  input: PlanInput,
  options: Pick<EngineOptions, 'store' | 'backend' | 'services'>,
): Promise<PreparedDeploy> {
  refuseUndeployable(input.template, options.backend);
  const previous = await options.store.load(input.stackName);
  refuseSuspended(previous);
  // Asked before anything is written: an unreachable daemon fails the run with nothing recorded.
  const observation = await observeStack(input.stackName, previous, options);
  requireReachable(observation, previous);
  const action: DeployAction =
    previous && Object.values(previous.resources).some((r) => r.physicalId) ? 'UPDATE' : 'CREATE';
  const record = freshRecord(input, previous);
  if (previous !== undefined) upgradeLegacyRecords(record, previous, input.parameters);
  const planned = planAgainst(record, input.template, input.parameters, observation.observed, options.services);
  return { previous, action, record, planned };
}

/**
 * Plans `template` against `record`'s resources and the objects the backend was seen to hold. Hidden parameters enter the
 * configuration hashes keyed with the record's salt, as the labels of the objects a deploy creates carry them.
 */
function planAgainst(
  record: StackRecord,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  observed: readonly ObservedObject[],
  services: TemplateServices,
): Planned {
  try {
    const desired = desiredStack(template, parameters, services, {
      names: new Set(Object.keys(record.hiddenParameterHashes)),
      salt: record.hashSalt ?? '',
    });
    return { desired, plan: planDeploy(desired, { resources: record.resources, observed } satisfies CurrentStack) };
  } catch (error) {
    return { error };
  }
}

/**
 * A deploy converges on the template; it does not resume suspended resources, so on a suspended stack it would report
 * success with nothing running (and outputs read from stopped objects). Resuming is the user's explicit step.
 */
function refuseSuspended(previous: StackRecord | undefined): void {
  if (previous === undefined || !previous.status.startsWith('SUSPEND_')) return;
  throw new HeatstackError(
    `stack ${previous.name} is suspended: resume it first (\`heatstack resume --stack ${previous.name}\`), then deploy`,
  );
}

/**
 * A template heatstack can validate but not run — an `OS::Nova::Server` needs an OpenStack cloud — is refused before
 * the state or the backend is touched, naming every such resource at once.
 */
function refuseUndeployable(template: Template, backend: EngineOptions['backend']): void {
  const undeployable = Object.entries(template.resources).filter(([, r]) => backend.handlerFor(r.type) === undefined);
  if (undeployable.length === 0) return;
  const types = [...new Set(undeployable.map(([, r]) => r.type))].sort().join(', ');
  throw new HeatstackError(
    `this template cannot be deployed here: ${undeployable.map(([name, r]) => `${name} (${r.type})`).join(', ')}. ` +
      `${types} ${undeployable.length > 1 ? 'need' : 'needs'} an OpenStack cloud: heatstack deploys the types its ` +
      'registry binds to a handler (docs/resource-types.md lists them); create this one in a cloud ' +
      'with `openstack stack create`',
  );
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

/** Deletes a stack: its recorded resources, dependents first, then anything the backend still holds under its labels. */
export async function destroyStack(stackName: string, options: EngineOptions): Promise<RunResult> {
  const lock = await lockStack(options.store.dir, stackName, 'DELETE');
  try {
    const { record: previous, damage } = await options.store.loadOrDamage(stackName);
    const observation = await observeStack(stackName, previous, options);
    const { observed } = observation;
    // A damaged record is set aside once the backend has answered: what it holds under the stack's labels is the stack.
    const setAside = damage && !observation.unreachable.has('') ? await options.store.setAside(stackName) : undefined;
    const note = setAside ? ` (its damaged state file was moved to ${setAside})` : '';
    if (previous === undefined && observed.length === 0)
      return withNote(await destroyUnrecorded(stackName, observation, options), note);
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
    const failure = deleted?.interrupted
      ? { message: interruptedReason('DELETE', record) }
      : ((await removeReachableLeftovers(stackName, observation, options)) ?? deleted);
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
    run.stack('DELETE_COMPLETE', 'Stack DELETE completed successfully');
    await options.store.remove(stackName);
    return { ok: true, record };
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
 * (a lost record); it goes, and destroying nothing succeeds.
 */
async function destroyUnrecorded(
  stackName: string,
  observation: StackObservation,
  options: EngineOptions,
): Promise<RunResult> {
  const record = emptyRecord(stackName);
  let removed = 0;
  try {
    if (!observation.unreachable.has('')) removed = await options.backend.removeLeftovers(stackName, []);
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

/**
 * Executes the plan of `template` against what exists (`planned`, or planned now against what the backend holds); returns
 * the first failure, if any.
 */
async function converge(
  run: RunRecorder,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  deployId: string,
  options: EngineOptions,
  alreadyPlanned?: Planned,
): Promise<Failure | undefined> {
  let planned = alreadyPlanned;
  try {
    if (planned === undefined) {
      const observation = await observeStack(run.record.name, run.record, options);
      requireReachable(observation, run.record);
      planned = planAgainst(run.record, template, parameters, observation.observed, options.services);
    }
    if ('error' in planned) throw planned.error;
    for (const k of planned.plan.kept) adoptKept(run, template, planned.desired, k.resource, k.physicalId);
  } catch (err) {
    return { message: reasonOf(err) };
  }
  const { plan, desired } = planned;
  options.onPlan?.(plan);
  return execute(run, plan, { template, parameters, deployId, desired }, options, false);
}

/** A kept resource the record did not know (adopted from the backend's labels) gets a record entry. */
function adoptKept(
  run: RunRecorder,
  template: Template,
  desired: DesiredStack,
  name: string,
  physicalId: string,
): void {
  const deps = desired.graph.get(name) ?? [];
  const hash = desired.hashes.get(name);
  const properties = desired.meanings?.get(name)?.properties as Record<string, unknown> | undefined;
  const rec = run.record.resources[name];
  if (rec !== undefined && rec.physicalId === physicalId) {
    rec.dependsOn = [...deps];
    // Same hash, same meaning: a record from before properties were kept gets them now.
    rec.properties = properties;
    return;
  }
  const type = template.resources[name]?.type ?? 'unknown';
  run.resource(name, 'CREATE_COMPLETE', 'found under the stack’s labels', {
    type,
    physicalId,
    configHash: hash,
    properties,
    dependsOn: [...deps],
    locator: {},
  });
}

/**
 * Undoes a failed deploy. A failed create removes everything: whatever this run recorded, then whatever the backend still
 * holds labelled with this run (an object created but never recorded). A failed update converges back to the
 * previous template and parameters, as Heat's update rollback does.
 */
async function rollback(...args: Parameters<typeof rollbackSteps>): Promise<void> {
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
    run.record.template = previous.template;
    run.record.parameters = previous.parameters;
    run.record.hiddenParameterHashes = previous.hiddenParameterHashes;
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
    const lost = action === 'UPDATE' && previous !== undefined ? lostResources(previous, run.record) : [];
    const keep = new Set(lost);
    const keptIds = new Set(lost.map((n) => run.record.resources[n]?.physicalId).filter((id) => id !== undefined));
    const observation = await observeStack(run.record.name, run.record, options);
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
    const leftovers =
      keptIds.size === 0 ? await removeReachableLeftovers(run.record.name, observation, options, deployId) : undefined;
    failure = leftovers ?? deleted;
    if (failure === undefined && lost.length > 0) failure = { message: notRestoredReason(lost, previous, input) };
  }
  run.stack(
    failure ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE',
    failure ? failure.message : 'Stack ROLLBACK completed successfully',
  );
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

async function computeOutputs(
  run: RunRecorder,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  options: EngineOptions,
): Promise<void> {
  const live = new LiveValues(template, parameters, run.record, options.backend, options.services);
  const hidden = new Set(Object.keys(run.record.hiddenParameterHashes));
  // Between runs only hashes of hidden values are kept: a run not given them (resume: the record's `******`) cannot
  // mask them in what a resource given them shows.
  const notGiven = new Set([...hidden].filter((p) => parameters[p] === HIDDEN_VALUE));
  const unmaskable = resourcesGivenHidden(template, notGiven);
  const previous = run.record.outputs;
  const outputs: StackRecord['outputs'] = {};
  await Promise.all(
    Object.entries(template.outputs).map(async ([name, def]) => {
      try {
        if (def.condition !== undefined && !options.services.conditionHolds(template, def.condition, parameters))
          return;
        const refs = findReferences(def.value);
        // An output reading a resource given a hidden value it cannot mask keeps what the last deploy stored, masked.
        if ([...refs.resources].some((r) => unmaskable.has(r))) {
          outputs[name] = previous[name] ?? { description: def.description, value: HIDDEN_VALUE };
          return;
        }
        const value = await live.evaluate(def.value);
        // A value made from a hidden parameter is as secret as the parameter: stored and shown masked. Any other
        // value has every hidden value in it masked (an attribute such as a log may print one).
        const secret = [...refs.parameters].some((p) => hidden.has(p));
        outputs[name] = {
          description: def.description,
          value: secret ? HIDDEN_VALUE : redactStrings(value, run.hiddenValues),
        };
      } catch (err) {
        outputs[name] = { description: def.description, error: run.redact(reasonOf(err)) };
      }
    }),
  );
  run.record.outputs = Object.fromEntries(
    Object.keys(template.outputs)
      .filter((n) => n in outputs)
      .map((n) => [n, outputs[n] as StackRecord['outputs'][string]]),
  );
}

function freshRecord(input: PlanInput, previous: StackRecord | undefined): StackRecord {
  const parameters: Record<string, unknown> = {};
  const hiddenParameterHashes: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.parameters)) {
    if (input.hiddenParameters.has(name)) {
      parameters[name] = HIDDEN_VALUE;
      hiddenParameterHashes[name] = hiddenHash(input.stackId, value);
    } else {
      parameters[name] = value;
    }
  }
  const base = previous ?? emptyRecord(input.stackName, input.stackId);
  const hashSalt = base.hashSalt ?? randomBytes(32).toString('hex');
  return {
    ...base,
    template: input.template,
    source: input.source,
    parameters,
    hiddenParameterHashes,
    hashSalt,
    // A copy: a rollback compares the resources the run changed with what the previous deploy had. Each record is
    // copied on its own: a run replaces their fields, never changes them in place, and `properties` holds `Call`s
    // (which structuredClone would turn into plain objects).
    resources: Object.fromEntries(Object.entries(base.resources).map(([name, rec]) => [name, { ...rec }])),
    outputs: {},
  };
}

function emptyRecord(name: string, id: string = randomUUID()): StackRecord {
  const time = now();
  return {
    format: 1,
    name,
    id,
    status: 'CREATE_IN_PROGRESS',
    statusReason: '',
    createdAt: time,
    updatedAt: time,
    template: emptyTemplate(),
    parameters: {},
    hiddenParameterHashes: {},
    resources: {},
    outputs: {},
    events: [],
  };
}

/** What the backend holds for the stack, each place asked on its own. */
interface StackObservation {
  readonly observed: ObservedObject[];
  /** The record's locators that answered (the default place is always asked by the backend). */
  readonly reachable: Locator[];
  /** A place's `locatorKey` (`''` for the default) → why it could not be asked. */
  readonly unreachable: ReadonlyMap<string, string>;
}

async function observeStack(
  stackName: string,
  record: StackRecord | undefined,
  options: Pick<EngineOptions, 'backend'>,
): Promise<StackObservation> {
  const locators = locatorsOf(record);
  const { objects, unreachable } = await options.backend.observe(stackName, locators);
  return { observed: objects, reachable: locators.filter((l) => !unreachable.has(locatorKey(l))), unreachable };
}

/**
 * A plan that creates needs every place that holds one of the stack's objects: without it, a resource living there
 * would look gone and be created twice. A place where nothing was ever created (no physical id) does not count.
 */
function requireReachable(observation: StackObservation, record: StackRecord | undefined): void {
  const atDefault = observation.unreachable.get('');
  if (atDefault !== undefined) throw new HeatstackError(atDefault);
  for (const rec of Object.values(record?.resources ?? {})) {
    const reason = observation.unreachable.get(locatorKey(rec.locator));
    if (reason !== undefined && rec.physicalId !== undefined) throw new HeatstackError(reason);
  }
}

/** Removes leftovers (what the handlers own that no resource holds) at the places that answered; a failure is returned. */
async function removeReachableLeftovers(
  stackName: string,
  observation: StackObservation,
  options: EngineOptions,
  deployId?: string,
): Promise<Failure | undefined> {
  if (observation.unreachable.has('')) return undefined;
  try {
    await options.backend.removeLeftovers(stackName, observation.reachable, deployId);
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
