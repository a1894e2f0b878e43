import type { PropertyChange } from './property-diff.js';

/**
 * A plan: the atomic operations one run will make, each with the cause that made the planner choose it and the
 * operations it must wait for. The executor only executes a plan; the planner only decides. `formatPlan` is a
 * stable text form, so planner tests compare golden strings.
 */

/**
 * `repair`: start again (unpause) an object found not running outside heatstack, or replace it if it cannot start.
 * `update`: change an object in place (`engine/in-place-update.ts`).
 */
export type OperationKind = 'create' | 'delete' | 'repair' | 'suspend' | 'resume' | 'update';

export interface Operation {
  /** `<kind> <resource>`, or `delete <resource>@<physical id>` for a leftover object. */
  readonly id: string;
  readonly kind: OperationKind;
  readonly resource: string;
  /** The object to act on (delete, repair, suspend, resume). */
  readonly physicalId?: string;
  /** For a leftover object no resource records: its type, as the backend reported it. */
  readonly type?: string;
  /** For a leftover object: how its handler finds it (its locator). */
  readonly locator?: Readonly<Record<string, unknown>>;
  readonly cause: string;
  /** For a create replacing a resource whose configuration changed: what changed, per property path. */
  readonly changes?: readonly PropertyChange[];
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
    return `${op.id}: ${op.cause}${after}`;
  });
  for (const k of plan.kept) lines.push(`keep ${k.resource}: ${k.cause}`);
  return lines.join('\n');
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.operations.length === 0;
}
