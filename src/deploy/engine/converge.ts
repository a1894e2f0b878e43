import { HeatstackError } from '../../errors.js';
import type { Template } from '../../template/model.js';
import { staleRead } from '../plan/drift.js';
import { upgradeLegacyRecords } from '../plan/legacy-hash.js';
import { stableJson } from '../plan/meaning.js';
import type { Plan } from '../plan/plan.js';
import { type CurrentStack, type DesiredStack, type ObservedObject, planDeploy } from '../plan/planner.js';
import type { StackRecord } from '../state/record.js';
import { desiredStack } from './desired.js';
import { fingerprintSuspects } from './drift.js';
import { type ExternalResources, externalResources, withAdoptions, withoutExternal } from './external.js';
import type { DeployAction, InputPurpose, PlanInput } from './inputs.js';
import { observeStack, requireReachable } from './observation.js';
import { execute, type Failure } from './operations.js';
import { type RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';
import { refuseForeign } from './stack-identity.js';
import { freshRecord } from './stack-record.js';
import { recordTarget, refuseForTarget } from './target.js';

/** Planning a deploy against the record and what the backend holds, and executing the plan (converging). */

/** A plan, or why planning failed: a deploy records that as its failure (after recording its start), a preview throws it. */
type Planned = { readonly plan: Plan; readonly desired: DesiredStack } | { readonly error: unknown };

/** Everything a deploy decides before it writes anything; `record` is the record it would start from, unsaved. */
export interface PreparedDeploy {
  readonly previous: StackRecord | undefined;
  readonly action: DeployAction;
  readonly record: StackRecord;
  readonly planned: Planned;
  /** What the backend was seen to hold under the stack's labels. */
  readonly observed: readonly ObservedObject[];
}

/**
 * Reads the stack's record (unless the caller read it already: `stored`) and what the backend holds under its labels,
 * and plans the deploy of `input` against them.
 */
export async function prepareDeploy(
  input: PlanInput,
  options: Pick<EngineOptions, 'store' | 'backend' | 'services'>,
  stored?: { readonly record: StackRecord | undefined },
  purpose: InputPurpose = 'deploy',
): Promise<PreparedDeploy> {
  refuseUndeployable(input.template, options.backend);
  refuseForTarget(input.template, options.backend);
  const previous = stored === undefined ? await options.store.load(input.stackName) : stored.record;
  refuseSuspended(previous, purpose);
  // Asked before anything is written: an unreachable daemon fails the run with nothing recorded.
  const types = typesOf(input.template, previous);
  const observation = await observeStack(input.stackName, previous, options, types, input.stackId);
  refuseForeign(input.stackName, options.store.dir, observation.foreign);
  requireReachable(observation, previous);
  await fingerprintSuspects(observation, previous, options.backend);
  const external = await externalResources(input.template, input.parameters, previous, options);
  const action: DeployAction =
    previous && Object.values(previous.resources).some((r) => r.physicalId) ? 'UPDATE' : 'CREATE';
  const record = freshRecord(input, previous);
  recordTarget(record, previous, options.backend);
  if (previous !== undefined) upgradeLegacyRecords(record, previous, input.parameters);
  const planned = planAgainst(record, input.template, input.parameters, observation.observed, options, external);
  return { previous, action, record, planned, observed: observation.observed };
}

/** Last statuses after which the stack runs as its record says (a deploy, a resume or a check that completed). */
const SETTLED_STACK: ReadonlySet<string> = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'RESUME_COMPLETE',
  'CHECK_COMPLETE',
]);

/**
 * The outputs a deploy that changes nothing keeps: its plan is empty (every object there, running, as configured),
 * the last run completed, and it was given the same parameters and outputs — so every output would read the same
 * objects as the last deploy did, and its value is kept instead of asking the backend again. Undefined: not such a
 * deploy.
 */
export function unchangedOutputs(prepared: PreparedDeploy): StackRecord['outputs'] | undefined {
  const { previous, record, planned } = prepared;
  if (previous === undefined || 'error' in planned || planned.plan.operations.length > 0) return undefined;
  if (!SETTLED_STACK.has(previous.status)) return undefined;
  // An object an output read tells another value now (a container started again on another address).
  const listed = new Map(prepared.observed.map((o) => [o.physicalId, o.attributes]));
  if (staleRead(previous.outputReads, previous.resources, (id) => listed.get(id)) !== undefined) return undefined;
  const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);
  if (!same(previous.template.outputs, record.template.outputs) || !same(previous.parameters, record.parameters))
    return undefined;
  return same(previous.hiddenParameterHashes, record.hiddenParameterHashes) ? previous.outputs : undefined;
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
  { services, backend }: Pick<EngineOptions, 'services' | 'backend'>,
  external: ExternalResources,
): Planned {
  try {
    const secrets = { names: new Set(Object.keys(record.hiddenParameterHashes)), salt: record.hashSalt ?? '' };
    const desired = desiredStack(template, parameters, services, secrets, backend.target);
    const current = { resources: record.resources, observed } satisfies CurrentStack;
    // Adopting resources (`external_id`) are planned apart: they are neither created nor compared.
    const plan = withAdoptions(planDeploy(withoutExternal(desired, external), current), desired, current, external);
    return { desired, plan };
  } catch (error) {
    return { error };
  }
}

/**
 * The types whose objects a deploy of `template` can meet: its own, the recorded template's (a killed run's among
 * them) and those the record holds. Only their handlers are asked what they hold: no other type's objects can be the
 * stack's resources, or a run's leftovers of them.
 */
function typesOf(template: Template, record: StackRecord | undefined): ReadonlySet<string> {
  const types = new Set(Object.values(template.resources).map((r) => r.type));
  for (const r of Object.values(record?.template.resources ?? {})) types.add(r.type);
  for (const rec of Object.values(record?.resources ?? {})) types.add(rec.type);
  return types;
}

/**
 * A deploy converges on the template; it does not resume suspended resources, so on a suspended stack it would report
 * success with nothing running (and outputs read from stopped objects). Resuming is the user's explicit step — also
 * when a resume did not finish (killed, or failed): part of the stack is still suspended. A preview says what the
 * deploy it previews would do.
 */
function refuseSuspended(previous: StackRecord | undefined, purpose: InputPurpose): void {
  if (previous === undefined) return;
  const command = `\`heatstack resume --stack ${previous.name}\``;
  const resume =
    purpose === 'deploy'
      ? `resume it first (${command}), then deploy`
      : `a deploy would be refused; resume it first (${command})`;
  if (previous.status.startsWith('SUSPEND_'))
    throw new HeatstackError(`stack ${previous.name} is suspended: ${resume}`);
  if (previous.status === 'RESUME_IN_PROGRESS' || previous.status === 'RESUME_FAILED')
    throw new HeatstackError(`stack ${previous.name} is partly suspended (a resume did not finish): ${resume}`);
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
 * Executes the plan of `template` against what exists (`planned`, or planned now against what the backend holds); returns
 * the first failure, if any. `keepFailed` (rollback disabled) keeps and records the object of a failed create.
 */
export async function converge(
  run: RunRecorder,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  deployId: string,
  options: EngineOptions,
  alreadyPlanned?: Planned,
  keepFailed = false,
): Promise<Failure | undefined> {
  let planned = alreadyPlanned;
  try {
    if (planned === undefined) {
      const observation = await observeStack(run.record.name, run.record, options, typesOf(template, run.record));
      requireReachable(observation, run.record);
      await fingerprintSuspects(observation, run.record, options.backend);
      const external = await externalResources(template, parameters, run.record, options);
      planned = planAgainst(run.record, template, parameters, observation.observed, options, external);
    }
    if ('error' in planned) throw planned.error;
    for (const k of planned.plan.kept) adoptKept(run, template, planned.desired, k.resource, k.physicalId);
  } catch (err) {
    return { message: reasonOf(err) };
  }
  const { desired } = planned;
  const plan = planned.plan;
  options.onPlan?.(plan);
  return execute(run, plan, { template, parameters, deployId, desired, keepFailed }, options, false);
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
