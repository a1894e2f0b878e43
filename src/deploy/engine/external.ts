import { HeatstackError } from '../../errors.js';
import type { Expr, Template } from '../../template/model.js';
import type { ExistingResource, ResourceHandler } from '../handler.js';
import type { Operation, Plan } from '../plan/plan.js';
import { type CurrentStack, type DesiredStack, SETTLED } from '../plan/planner.js';
import type { ResourceRecord, StackRecord } from '../state/record.js';
import type { ResourceCheck } from './check.js';
import type { RunTarget } from './operations.js';
import { existing, type RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';

/**
 * Resources that adopt an existing object (`external_id`, HOT 2016-10-14 and newer), as Heat 19 runs them
 * (`docs/external-id.md`): the object is looked up before anything changes — one that does not exist fails the
 * deploy, naming it — and is recorded as the resource's, never created; its properties are not used and it depends on
 * nothing; a delete (destroy, a resource removed from the template, a rollback) lets go of it and never removes it; a
 * change of `external_id` (added, removed or another id) is refused; any other change of it is none.
 */

/** An active resource of the template that adopts an object. */
export interface ExternalResource {
  readonly type: string;
  /** Its `external_id`, evaluated: what `get_resource` gives, as in Heat. */
  readonly externalId: string;
}

/** Resource name → what it adopts. */
export type ExternalResources = ReadonlyMap<string, ExternalResource>;

const NONE: ExternalResources = new Map();

/**
 * The template's active resources with an `external_id`, each checked against the record (`previous`) and looked up
 * through its handler. Throws, naming the resource, when one cannot be adopted: nothing has changed yet.
 */
export async function externalResources(
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  previous: StackRecord | undefined,
  options: Pick<EngineOptions, 'services' | 'backend'>,
): Promise<ExternalResources> {
  const found = new Map<string, ExternalResource>();
  for (const [name, def] of Object.entries(template.resources)) {
    const active = def.condition === undefined || options.services.conditionHolds(template, def.condition, parameters);
    if (!active) continue;
    const rec = previous?.resources[name];
    if (def.externalId === undefined) {
      if (rec?.externalId !== undefined) refuseChange(name, def.type);
      continue;
    }
    const externalId = evaluatedId(name, def.externalId, template, parameters, options);
    const created = rec?.physicalId !== undefined && SETTLED.has(rec.status);
    if ((created || rec?.externalId !== undefined) && rec?.externalId !== externalId) refuseChange(name, def.type);
    if (def.dependsOn.length > 0) {
      throw new HeatstackError(
        `Resources.${name}: Invalid dependency with external ${def.type} resource: ${externalId} (an adopted resource depends on nothing)`,
      );
    }
    found.set(name, { type: def.type, externalId });
  }
  if (found.size === 0) return NONE;
  await Promise.all(
    [...found].map(async ([name, e]) => {
      if (!(await lookUp(previous?.name ?? '', name, e, options))) throw notFound(name, e);
    }),
  );
  return found;
}

function evaluatedId(
  name: string,
  expr: Expr,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  options: Pick<EngineOptions, 'services'>,
): string {
  const ctx = { template, parameters, resourceId: () => undefined, attribute: () => undefined };
  const value = options.services.evaluate(expr, ctx);
  if (typeof value !== 'string' || value === '') {
    throw new HeatstackError(
      `Resources.${name}.external_id: the id of an existing object, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Heat's NotSupported for a changed `external_id` (`Resource.update`). */
function refuseChange(name: string, type: string): never {
  throw new HeatstackError(
    `Resources.${name}: Update to property external_id of ${name} (${type}) is not supported: ` +
      'an adopted resource stays the object it adopted, and a created one cannot become another; ' +
      'rename the resource to adopt another object',
  );
}

/** Heat's message for an object that is not there (`Resource.validate_external`). */
function notFound(name: string, e: ExternalResource): HeatstackError {
  return new HeatstackError(
    `Resources.${name}.external_id: Invalid external resource: Resource ${e.externalId} (${e.type}) can not be found.`,
  );
}

/** Whether the object exists, asked of the type's handler; a type whose handler cannot look one up is refused. */
async function lookUp(
  stack: string,
  name: string,
  e: ExternalResource,
  options: Pick<EngineOptions, 'backend'>,
): Promise<boolean> {
  const handler = options.backend.handlerFor(e.type);
  if (handler?.exists === undefined) {
    throw new HeatstackError(
      `Resources.${name}.external_id: heatstack cannot adopt an existing ${e.type} (it adopts containers, networks and volumes)`,
    );
  }
  return handler.exists(adopted(stack, name, e.type, e.externalId));
}

/** The object as a handler is given it: on the stack's daemon (`DOCKER_HOST`), found by the id as written. */
function adopted(stack: string, name: string, type: string, physicalId: string): ExistingResource {
  return existing(stack, name, { type, locator: {} }, physicalId);
}

/**
 * The desired stack without the adopting resources: the planner neither creates nor compares them, and what depends on
 * them waits for their adoption instead (`withAdoptions`).
 */
export function withoutExternal(desired: DesiredStack, external: ExternalResources): DesiredStack {
  if (external.size === 0) return desired;
  const keep = (name: string) => !external.has(name);
  const prune = (m: ReadonlyMap<string, readonly string[]>) =>
    new Map([...m].filter(([n]) => keep(n)).map(([n, deps]) => [n, deps.filter(keep)]));
  return {
    ...desired,
    graph: prune(desired.graph),
    reads: prune(desired.reads),
    hashes: new Map([...desired.hashes].filter(([n]) => keep(n))),
    ...(desired.meanings && { meanings: new Map([...desired.meanings].filter(([n]) => keep(n))) }),
  };
}

/**
 * The plan with the adopting resources put back: one already adopted is kept; a new one is a `create` that adopts (its
 * dependents wait for it); a recorded one no longer in the template (or whose condition no longer holds) is a delete
 * that lets it go.
 */
export function withAdoptions(
  plan: Plan,
  desired: DesiredStack,
  current: CurrentStack,
  external: ExternalResources,
): Plan {
  const releases: Operation[] = [];
  for (const [name, rec] of Object.entries(current.resources)) {
    if (rec.externalId === undefined || external.has(name) || rec.physicalId === undefined) continue;
    const cause = 'no longer in the template';
    releases.push({
      id: `delete ${name}`,
      kind: 'delete',
      resource: name,
      physicalId: rec.physicalId,
      cause,
      after: [],
    });
  }
  if (external.size === 0 && releases.length === 0) return plan;
  const kept = [...plan.kept];
  const adoptions: Operation[] = [];
  for (const [name, e] of external) {
    const rec = current.resources[name];
    if (rec?.externalId === e.externalId && rec.physicalId !== undefined && SETTLED.has(rec.status)) {
      kept.push({ resource: name, physicalId: rec.physicalId, cause: `adopted (external_id ${e.externalId})` });
    } else {
      const cause = `adopts the existing ${e.externalId} (external_id)`;
      adoptions.push({
        id: `create ${name}`,
        kind: 'create',
        resource: name,
        physicalId: e.externalId,
        cause,
        after: [],
      });
    }
  }
  const adopting = new Set(adoptions.map((op) => op.resource));
  const waiting = (op: Operation): Operation => {
    const deps = op.kind === 'delete' ? [] : (desired.graph.get(op.resource) ?? []).filter((d) => adopting.has(d));
    return deps.length === 0 ? op : { ...op, after: [...op.after, ...deps.map((d) => `create ${d}`)].sort() };
  };
  const deletes = plan.operations.filter((op) => op.kind === 'delete');
  const rest = plan.operations.filter((op) => op.kind !== 'delete').map(waiting);
  return { operations: [...releases, ...deletes, ...adoptions, ...rest], kept };
}

/** Whether a create adopts an object (`withAdoptions` gave it the object's id). */
export function adopts(op: Operation, target: RunTarget): boolean {
  return target.template.resources[op.resource]?.externalId !== undefined && op.physicalId !== undefined;
}

/** Records the adoption of the object `op` names, looked up once more: it may have gone since the plan. */
export async function adoptExternal(
  run: RunRecorder,
  op: Operation,
  target: Pick<RunTarget, 'template' | 'deployId'>,
  options: Pick<EngineOptions, 'backend'>,
): Promise<void> {
  const name = op.resource;
  const type = target.template.resources[name]?.type ?? 'unknown';
  const externalId = op.physicalId as string;
  run.resource(name, 'CREATE_IN_PROGRESS', `state changed: ${op.cause}`, {
    type,
    physicalId: externalId,
    externalId,
    deployId: target.deployId,
    dependsOn: [],
    locator: {},
  });
  run.checkpoint();
  try {
    if (!(await lookUp(run.record.name, name, { type, externalId }, options)))
      throw notFound(name, { type, externalId });
  } catch (err) {
    run.resource(name, 'CREATE_FAILED', reasonOf(err));
    run.checkpoint();
    throw err;
  }
  run.resource(name, 'CREATE_COMPLETE', `state changed: adopted ${externalId} (external_id): not created`);
  run.checkpoint();
}

/** Why a delete of `rec` leaves its object in place: it was adopted, and Heat lets an adopted object go. */
export function releaseReason(rec: ResourceRecord | undefined): string | undefined {
  if (rec?.externalId === undefined) return undefined;
  return `state changed: adopted (external_id): ${rec.externalId} is not the stack's, and is not deleted`;
}

/** `heatstack check` of an adopted resource: its object still exists (it carries none of the stack's labels). */
export async function checkExternal(
  stack: string,
  name: string,
  rec: ResourceRecord & { externalId: string },
  handler: ResourceHandler | undefined,
): Promise<ResourceCheck> {
  const verdict = (ok: boolean, reason: string): ResourceCheck => ({
    resource: name,
    physicalId: rec.externalId,
    ok,
    reason,
  });
  if (handler?.exists === undefined) return verdict(false, `heatstack cannot look up a ${rec.type}`);
  try {
    const found = await handler.exists(adopted(stack, name, rec.type, rec.externalId));
    return found ? verdict(true, 'adopted (external_id): exists') : verdict(false, 'the object it adopted is gone');
  } catch (err) {
    return verdict(false, reasonOf(err));
  }
}
