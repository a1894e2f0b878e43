import { topologicalOrder } from '../../template/dependencies.js';
import type { ResourceRecord } from '../state/record.js';
import type { Status } from '../status.js';
import { adoptable } from './adoption.js';
import {
  describeFingerprintChanges,
  type Fingerprint,
  fingerprintChanges,
  recreatedCause,
  recreatedObject,
  runDrift,
  staleRead,
} from './drift.js';
import type { ResourceMeaning } from './meaning.js';
import type { Kept, Operation, Plan, ReplaceOrder } from './plan.js';
import { changedPaths, type PropertyChange, propertyChanges } from './property-diff.js';

/** An object the backend holds under the stack's labels. */
export interface ObservedObject {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly configHash?: string;
  readonly deployId?: string;
  /**
   * The stack record it was created for (its `io.heatstack.stack-id` and `io.heatstack.state-dir` labels); absent
   * on an object made before those labels existed. Which are the stack's own is decided by `engine/stack-identity.ts`.
   */
  readonly owner?: { readonly id: string; readonly stateDir: string };
  /** The resource type whose handler can delete it. */
  readonly type?: string;
  /** How its handler finds it (its locator), when not at the default place. */
  readonly locator?: Readonly<Record<string, unknown>>;
  /** Whether it runs, in the handler's neutral words; absent when the handler does not tell. */
  readonly state?: ObservedState;
  /**
   * Kept by its DeletionPolicy (`Retain`): when no resource adopts it (same logical id and configuration), it is
   * left in place, never deleted as a leftover.
   */
  readonly retained?: boolean;
  /** What the backend's list tells of its content (`drift.ts`), perhaps only some of the keys a create records. */
  readonly fingerprint?: Fingerprint;
  /** The current values of its handler's `listedAttributes` it has now (a running container's `network_ip`). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * An object's run state as its handler observed it. `stopped`: ended, or never started, and can be started again;
 * `finished`: ended as a completed one-shot does (which a create counts as done, so it is left alone); `dead`: cannot
 * be started again.
 */
export interface ObservedState {
  readonly phase: 'running' | 'restarting' | 'stopped' | 'paused' | 'finished' | 'dead';
  /** How the handler describes it to a user: `exited (137)`, `paused`, `running (healthy)`. */
  readonly description: string;
}

/** What the template asks for, already reduced to what the planner compares. */
export interface DesiredStack {
  /** Active resources (condition holds) → the active resources each depends on. */
  readonly graph: ReadonlyMap<string, readonly string[]>;
  /** Active resource → the resources whose id or attributes its properties read (a subset of its dependencies). */
  readonly reads: ReadonlyMap<string, readonly string[]>;
  readonly hashes: ReadonlyMap<string, string>;
  /** What each hash is of: the record keeps the properties, and a changed resource says which changed. */
  readonly meanings?: ReadonlyMap<string, ResourceMeaning>;
  /** How each resource's type takes a change (from its schema and deploy binding); absent: every change replaces. */
  readonly changeRules?: ChangeRules;
}

/** What a resource's type says of a change: what updates in place, and what forces a replace to delete first. */
export interface ChangeRules {
  /** Whether the object of `resource` takes this new value of `property` in place. */
  inPlace(resource: string, property: string, value: unknown): boolean;
  /** What an object of `resource` with these properties holds that its replacement needs too (`a fixed name`). */
  holds(resource: string, properties: Readonly<Record<string, unknown>>): string | undefined;
}

/** What exists: the record's resources and, when the backend could be asked, what it holds under the stack's labels. */
export interface CurrentStack {
  readonly resources: Readonly<Record<string, ResourceRecord>>;
  /** Undefined when not observed: the record is trusted as it is. */
  readonly observed?: readonly ObservedObject[];
}

/** An object to delete: a recorded resource's (`old`), or a leftover the backend reported. */
interface PlannedDelete {
  readonly resource: string;
  readonly physicalId?: string;
  readonly type?: string;
  readonly locator?: Readonly<Record<string, unknown>>;
  readonly cause: string;
  readonly old?: ResourceRecord;
}

/** States in which a recorded object is a finished resource that can be kept. */
export const SETTLED: ReadonlySet<Status> = new Set<Status>([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'RESUME_COMPLETE',
  'SUSPEND_COMPLETE',
  'SUSPEND_FAILED',
  'RESUME_FAILED',
  'SUSPEND_IN_PROGRESS',
  'RESUME_IN_PROGRESS',
  'CHECK_COMPLETE',
  'CHECK_FAILED',
]);

/**
 * Decides how to turn what exists into what the template asks for. A resource is kept when an object for it exists
 * (recorded, and still held when the backend was asked) whose configuration hash equals the desired one and nothing
 * it reads is being created; otherwise it is created, replacing the old object. Replacement deletes before it
 * creates: objects with fixed names or host ports would collide otherwise. So that a
 * removed resource cannot hold a name a new one needs, every create also waits for every delete.
 * Objects the backend holds that are no resource's chosen object (left by a killed run, or by a lost record) are deleted.
 */
export function planDeploy(desired: DesiredStack, current: CurrentStack): Plan {
  const order = orderOf(desired.graph);
  const observedIds = current.observed ? new Set(current.observed.map((o) => o.physicalId)) : undefined;
  const states = new Map((current.observed ?? []).map((o) => [o.physicalId, o.state]));
  const listed = new Map((current.observed ?? []).map((o) => [o.physicalId, o.attributes]));
  const chosen = new Set<string>();
  const created = new Set<string>();
  const repaired = new Set<string>();
  /** Kept resources that read a repaired one (or such a reader): replaced if what they read is (`refresh`). */
  const readers = new Set<string>();
  const forward: Operation[] = [];
  const deletes: PlannedDelete[] = [];
  /** Old objects of replaces that create first: deleted once the replacement runs. */
  const deferredDeletes: PlannedDelete[] = [];
  const deleteFirst = new Set<string>();
  const kept: Kept[] = [];

  for (const name of order) {
    const hash = desired.hashes.get(name);
    const rec = current.resources[name];
    const changedOutside = contentDrift(name, rec, current.observed);
    const existing = changedOutside
      ? { physicalId: changedOutside.physicalId, hash: rec?.configHash, cause: changedOutside.cause }
      : existingObject(name, rec, current.observed, observedIds, hash);
    const changedRead = (desired.reads.get(name) ?? []).find((d) => created.has(d));
    const drift =
      existing && rec?.physicalId === existing.physicalId ? runDrift(rec, states.get(rec.physicalId)) : undefined;
    // A value it was made with that its object tells otherwise now (another address): replaced, as Heat would on a new value.
    const stale =
      existing && rec?.physicalId === existing.physicalId
        ? staleRead(rec.reads, current.resources, (id) => listed.get(id))
        : undefined;
    let cause: string | undefined;
    let changes: PropertyChange[] | undefined;
    if (existing === undefined) cause = missingCause(rec, observedIds);
    else if (changedOutside) cause = changedOutside.cause;
    else if (existing.hash !== hash) {
      changes = changesOf(existing.physicalId === rec?.physicalId ? rec : undefined, desired.meanings?.get(name));
      cause =
        changes && changes.length > 0 ? `configuration changed (${changedPaths(changes)})` : 'configuration changed';
    } else if (changedRead !== undefined) cause = `reads ${changedRead}, which is being created`;
    else if (stale !== undefined) cause = stale;
    else if (drift?.replace) cause = drift.cause;
    const deps = desired.graph.get(name) ?? [];
    const waitsFor = [
      ...deps.filter((d) => created.has(d)).map((d) => `create ${d}`),
      ...deps.filter((d) => repaired.has(d)).map((d) => `repair ${d}`),
      ...deps.filter((d) => readers.has(d)).map((d) => `refresh ${d}`),
    ].sort();
    if (existing !== undefined) chosen.add(existing.physicalId);
    if (cause === undefined && existing !== undefined && drift !== undefined) {
      repaired.add(name);
      const physicalId = existing.physicalId;
      forward.push({
        id: `repair ${name}`,
        kind: 'repair',
        resource: name,
        physicalId,
        cause: drift.cause,
        after: waitsFor,
      });
      continue;
    }
    const repairedRead = (desired.reads.get(name) ?? []).find((d) => repaired.has(d) || readers.has(d));
    if (cause === undefined && existing !== undefined && repairedRead !== undefined) {
      readers.add(name);
      forward.push({
        id: `refresh ${name}`,
        kind: 'refresh',
        resource: name,
        physicalId: existing.physicalId,
        cause: `reads ${repairedRead}: replaced too if ${repairedRead} is replaced`,
        order: replaceOrder(desired, name, rec, desired.meanings?.get(name), deleteFirst),
        after: waitsFor,
      });
      continue;
    }
    if (cause === undefined && existing !== undefined) {
      kept.push({ resource: name, physicalId: existing.physicalId, cause: existing.cause });
      continue;
    }
    const meaning = desired.meanings?.get(name);
    if (
      existing !== undefined &&
      !changedOutside &&
      changedRead === undefined &&
      stale === undefined &&
      !drift?.replace
    ) {
      if (
        changes !== undefined &&
        changes.length > 0 &&
        meaning !== undefined &&
        inPlace(desired, name, changes, meaning)
      ) {
        forward.push({
          id: `update ${name}`,
          kind: 'update',
          resource: name,
          physicalId: existing.physicalId,
          cause: cause as string,
          after: waitsFor,
          changes,
        });
        continue;
      }
    }
    let order: ReplaceOrder | undefined;
    if (existing !== undefined) {
      order = replaceOrder(desired, name, rec, meaning, deleteFirst);
      if (!order.createFirst) deleteFirst.add(name);
      const planned = { resource: name, physicalId: existing.physicalId, cause: `replaced: ${cause}`, old: rec };
      (order.createFirst ? deferredDeletes : deletes).push(planned);
    }
    created.add(name);
    forward.push({
      id: `create ${name}`,
      kind: 'create',
      resource: name,
      cause: cause as string,
      after: waitsFor,
      ...(changes && changes.length > 0 ? { changes } : {}),
      ...(order ? { order } : {}),
    });
  }

  for (const [name, rec] of Object.entries(current.resources).sort(byKey)) {
    if (desired.graph.has(name) || rec.physicalId === undefined || chosen.has(rec.physicalId)) continue;
    if (observedIds && !observedIds.has(rec.physicalId)) continue;
    chosen.add(rec.physicalId);
    deletes.push({ resource: name, physicalId: rec.physicalId, cause: 'no longer in the template', old: rec });
  }
  for (const o of current.observed ?? []) {
    if (chosen.has(o.physicalId) || o.retained) continue;
    chosen.add(o.physicalId);
    deletes.push({
      resource: o.logicalId,
      physicalId: o.physicalId,
      type: o.type,
      cause: 'left over by an interrupted or lost run',
    });
  }

  const allDeletes = deleteOperations([...deletes, ...deferredDeletes], current.resources);
  const deferred = new Set(deferredDeletes.map((d) => d.resource));
  const isDeferred = (op: Operation): boolean => op.id === `delete ${op.resource}` && deferred.has(op.resource);
  const deleteIds = allDeletes.filter((op) => !isDeferred(op)).map((d) => d.id);
  const forwardOps = withDeletesFirst(forward, deleteIds);
  // A replaced object created first is deleted once its replacement is up (and, by the old graph, its old dependents gone).
  const laterOps = allDeletes
    .filter(isDeferred)
    .map((op) => ({ ...op, order: CREATE_FIRST, after: [...op.after, `create ${op.resource}`].sort() }));
  const deleteOps = allDeletes.filter((op) => !isDeferred(op));
  return { operations: [...deleteOps, ...forwardOps, ...laterOps], kept };
}

const CREATE_FIRST: ReplaceOrder = { createFirst: true };

/**
 * Every create waits for the deletes that run first, so a removed or replaced object cannot hold a name a new one
 * needs — but one created before its old object is deleted holds nothing, and waits for none. A create that waits
 * for another create that waits for the deletes already waits for them; an update or a repair frees no name.
 */
function withDeletesFirst(forward: readonly Operation[], deleteIds: readonly string[]): Operation[] {
  const waitsDeletes = new Set<string>();
  return forward.map((op) => {
    if (op.kind !== 'create' || op.order?.createFirst) return op;
    waitsDeletes.add(op.id);
    if (op.after.some((a) => waitsDeletes.has(a))) return op;
    return { ...op, after: [...op.after, ...deleteIds] };
  });
}

/**
 * Whether every change can be made to the object in place (its type's `updateAllowed` properties, with values its
 * handler can set on a running object).
 */
function inPlace(
  desired: DesiredStack,
  name: string,
  changes: readonly PropertyChange[],
  meaning: ResourceMeaning,
): boolean {
  const rules = desired.changeRules;
  if (rules === undefined) return false;
  const properties = new Set(changes.map((c) => topProperty(c.path)));
  return [...properties].every((p) => rules.inPlace(name, p, meaning.properties[p]));
}

/** `restart_policy` of `restart_policy.Name`, `env` of `env[1]`. */
function topProperty(path: string): string {
  return /^[^.[]+/.exec(path)?.[0] ?? path;
}

/**
 * How `name` is replaced: create first unless its old or new object holds what the other needs (its type says), or
 * it depended on a resource replaced delete first (whose delete waits for its own, which then cannot wait for its
 * create). A type that does not say what its objects hold is deleted first, as before there were rules.
 */
function replaceOrder(
  desired: DesiredStack,
  name: string,
  rec: ResourceRecord | undefined,
  meaning: ResourceMeaning | undefined,
  deleteFirst: ReadonlySet<string>,
): ReplaceOrder {
  const rules = desired.changeRules;
  const held =
    rules === undefined
      ? 'its type does not say what its objects hold'
      : (rules.holds(name, meaning?.properties ?? {}) ??
        (rec?.properties === undefined ? undefined : rules.holds(name, rec.properties)));
  if (held !== undefined) return { createFirst: false, reason: held };
  const first = (rec?.dependsOn ?? []).find((d) => deleteFirst.has(d));
  return first === undefined ? CREATE_FIRST : { createFirst: false, reason: `${first} is deleted first` };
}

/**
 * Deletes every recorded resource and everything the backend holds under the stack's labels, dependents first;
 * resources that do not depend on each other are deleted in parallel.
 */
export function planDestroy(current: CurrentStack, cause = 'stack deleted'): Plan {
  const deletes: PlannedDelete[] = [];
  const seen = new Set<string>();
  for (const [name, rec] of Object.entries(current.resources).sort(byKey)) {
    if (rec.physicalId !== undefined) seen.add(rec.physicalId);
    deletes.push({ resource: name, physicalId: rec.physicalId, cause, old: rec });
  }
  for (const o of current.observed ?? []) {
    if (seen.has(o.physicalId)) continue;
    seen.add(o.physicalId);
    deletes.push({
      resource: o.logicalId,
      physicalId: o.physicalId,
      type: o.type,
      // Only a destroy asked to delete retained objects is given them (`engine/retention.ts`).
      cause: o.retained ? 'kept by DeletionPolicy Retain until now' : 'left over by an interrupted or lost run',
    });
  }
  return { operations: deleteOperations(deletes, current.resources), kept: [] };
}

/** Suspend stops dependents first; resume starts dependencies first. */
export function planSuspendOrResume(
  kind: 'suspend' | 'resume',
  resources: Readonly<Record<string, ResourceRecord>>,
): Plan {
  const graph = new Map<string, string[]>();
  for (const [name, rec] of Object.entries(resources)) {
    if (rec.physicalId !== undefined)
      graph.set(
        name,
        rec.dependsOn.filter((d) => resources[d]?.physicalId !== undefined),
      );
  }
  const order = orderOf(graph, kind === 'suspend');
  const dependents = reverseIndex(graph);
  const ops: Operation[] = order.map((name) => {
    const deps = kind === 'resume' ? (graph.get(name) ?? []) : (dependents.get(name) ?? []);
    const cause = kind === 'suspend' ? 'stack suspended' : 'stack resumed';
    return {
      id: `${kind} ${name}`,
      kind,
      resource: name,
      physicalId: resources[name]?.physicalId,
      cause,
      after: [...deps].sort().map((d) => `${kind} ${d}`),
    };
  });
  return { operations: ops, kept: [] };
}

function deleteOperations(
  deletes: readonly PlannedDelete[],
  records: Readonly<Record<string, ResourceRecord>>,
): Operation[] {
  const byResource = new Map(deletes.filter((d) => d.old).map((d) => [d.resource, d]));
  const idOf = (d: { resource: string; physicalId?: string; old?: ResourceRecord }): string =>
    d.old ? `delete ${d.resource}` : `delete ${d.resource}@${(d.physicalId ?? '').slice(0, 12)}`;
  // Old graph among the recorded resources being deleted: X waits for every Y that depended on X.
  const oldGraph = new Map<string, string[]>();
  for (const name of byResource.keys())
    oldGraph.set(
      name,
      (records[name]?.dependsOn ?? []).filter((d) => byResource.has(d)),
    );
  const order = orderOf(oldGraph, true);
  const dependents = reverseIndex(oldGraph);
  const ops: Operation[] = order.map((name) => {
    const d = byResource.get(name) as (typeof deletes)[number];
    const after = [...(dependents.get(name) ?? [])].sort().map((x) => `delete ${x}`);
    return { id: idOf(d), kind: 'delete', resource: name, physicalId: d.physicalId, cause: d.cause, after };
  });
  const leftovers = deletes.filter((d) => !d.old).sort((a, b) => byCodePoint(idOf(a), idOf(b)));
  return [
    ...leftovers.map((d) => ({
      id: idOf(d),
      kind: 'delete' as const,
      resource: d.resource,
      physicalId: d.physicalId,
      type: d.type,
      locator: d.locator,
      cause: d.cause,
      after: [],
    })),
    ...ops,
  ];
}

function existingObject(
  name: string,
  rec: ResourceRecord | undefined,
  observed: readonly ObservedObject[] | undefined,
  observedIds: ReadonlySet<string> | undefined,
  desiredHash: string | undefined,
): { physicalId: string; hash?: string; cause: string } | undefined {
  if (rec?.physicalId !== undefined && SETTLED.has(rec.status) && (!observedIds || observedIds.has(rec.physicalId))) {
    return { physicalId: rec.physicalId, hash: rec.configHash, cause: 'unchanged' };
  }
  if (rec !== undefined || observed === undefined) return undefined;
  // No record of it (the record is lost or was never written): adopt an object the backend holds with the same configuration.
  const match = observed.find((o) => adoptable(o, name, desiredHash));
  return match
    ? { physicalId: match.physicalId, hash: match.configHash, cause: 'unchanged (found in Docker)' }
    : undefined;
}

/**
 * A recorded resource whose object was changed outside heatstack (`drift.ts`): re-created by hand under its labels, or
 * its content other than the record's fingerprint. The object found is what a replace deletes.
 */
function contentDrift(
  name: string,
  rec: ResourceRecord | undefined,
  observed: readonly ObservedObject[] | undefined,
): { readonly physicalId: string; readonly cause: string } | undefined {
  if (rec?.physicalId === undefined || observed === undefined || !SETTLED.has(rec.status)) return undefined;
  const same = observed.find((o) => o.physicalId === rec.physicalId);
  if (same !== undefined) {
    const changes = fingerprintChanges(rec.fingerprint, same.fingerprint);
    return changes.length > 0
      ? { physicalId: same.physicalId, cause: `changed outside heatstack (${describeFingerprintChanges(changes)})` }
      : undefined;
  }
  const other = recreatedObject(name, rec, observed);
  if (other === undefined) return undefined;
  return {
    physicalId: other.physicalId,
    cause: recreatedCause(other.physicalId, fingerprintChanges(rec.fingerprint, other.fingerprint)),
  };
}

/** The property changes from what the record kept at the last deploy; undefined when it kept nothing. */
function changesOf(
  rec: ResourceRecord | undefined,
  meaning: ResourceMeaning | undefined,
): PropertyChange[] | undefined {
  if (rec?.properties === undefined || meaning === undefined) return undefined;
  return propertyChanges(rec.properties, meaning.properties);
}

function missingCause(rec: ResourceRecord | undefined, observedIds: ReadonlySet<string> | undefined): string {
  if (rec === undefined) return 'new resource';
  if (rec.physicalId !== undefined && observedIds && !observedIds.has(rec.physicalId) && SETTLED.has(rec.status))
    return 'its container is gone';
  return `previous run left it ${rec.status}`;
}

/** Dependencies first (or, reversed, dependents first), ties broken by name, so plans print the same every time. */
function orderOf(graph: ReadonlyMap<string, readonly string[]>, dependentsFirst = false): string[] {
  const result = topologicalOrder(graph);
  if ('cycle' in result) throw new Error(`dependency cycle: ${[...result.cycle, result.cycle[0]].join(' → ')}`);
  const level = new Map<string, number>();
  for (const n of result.order) {
    let l = 0;
    for (const d of graph.get(n) ?? []) l = Math.max(l, (level.get(d) ?? 0) + 1);
    level.set(n, l);
  }
  const sign = dependentsFirst ? -1 : 1;
  return [...result.order].sort(
    (a, b) => sign * ((level.get(a) as number) - (level.get(b) as number)) || byCodePoint(a, b),
  );
}

/** Node → the nodes that depend on it. */
function reverseIndex(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [n, deps] of graph) {
    for (const d of deps) {
      const list = out.get(d);
      if (list) list.push(n);
      else out.set(d, [n]);
    }
  }
  return out;
}

const byKey = <T>(a: [string, T], b: [string, T]): number => byCodePoint(a[0], b[0]);

/**
 * Names in code-point order: a fixed order that needs no locale (`localeCompare`'s first call builds ICU's collator,
 * the largest single cost of a deploy that changes nothing).
 */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
