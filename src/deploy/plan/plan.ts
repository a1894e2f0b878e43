import type { PropertyChange } from './property-diff.js';

/**
 * A plan: the atomic operations one run will make, each with the cause that made the planner choose it and the
 * operations it must wait for. The executor only executes a plan; the planner only decides. `formatPlan` is a
 * stable text form, so planner tests compare golden strings.
 */

/**
 * `repair`: start again (unpause) an object found not running outside heatstack, or replace it if it cannot start.
 * `update`: change the object in place (its type's `updateAllowed` properties), keeping it.
 * `refresh`: a resource that reads a repaired one is replaced (in its `order`) if the repair had to replace what it
 * reads — its id and address are new — and kept otherwise.
 */
export type OperationKind = 'create' | 'update' | 'delete' | 'repair' | 'refresh' | 'suspend' | 'resume';

/**
 * In which order a replace runs. Create first (Heat's convergence): the new object is created and running, what reads
 * it is replaced, then the old one is deleted — the service stays up. Delete first when the old object holds what the
 * new one needs (`reason`: `a fixed name`, `a host port`), or a dependency it is replaced with is deleted first.
 */
export interface ReplaceOrder {
  readonly createFirst: boolean;
  readonly reason?: string;
}

export interface Operation {
  /** `<kind> <resource>`, or `delete <resource>@<physical id>` for a leftover object. */
  readonly id: string;
  readonly kind: OperationKind;
  readonly resource: string;
  /** The object to act on (delete, repair, refresh, suspend, resume). */
  readonly physicalId?: string;
  /** For a leftover object no resource records: its type, as the backend reported it. */
  readonly type?: string;
  /** For a leftover object: how its handler finds it (its locator). */
  readonly locator?: Readonly<Record<string, unknown>>;
  readonly cause: string;
  /** For a create replacing a resource whose configuration changed, or an update: what changed, per property path. */
  readonly changes?: readonly PropertyChange[];
  /** For a create that replaces an object, that object's delete, and a refresh: which goes first. */
  readonly order?: ReplaceOrder;
  /** Ids of the operations that must complete first. */
  readonly after: readonly string[];
}

/** A resource the run leaves as it is, with the object that stays. */
export interface Kept {
  readonly resource: string;
  readonly physicalId: string;
  readonly cause: string;
}

export interface Plan {
  /** In a stable order: deletes (dependents first), then the rest (dependencies first); ties by name. */
  readonly operations: readonly Operation[];
  readonly kept: readonly Kept[];
}

export function formatPlan(plan: Plan): string {
  const lines = plan.operations.map((op) => {
    const after = op.after.length > 0 ? ` [after ${op.after.join(', ')}]` : '';
    const order = op.order?.createFirst ? ' (create before delete)' : '';
    return `${op.id}: ${op.cause}${order}${after}`;
  });
  for (const k of plan.kept) lines.push(`keep ${k.resource}: ${k.cause}`);
  return lines.join('\n');
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.operations.length === 0;
}
