import { HeatstackError } from '../../errors.js';
import { type Expr, type ExprMap, isExprMap, type ResourceDef, type Template } from '../../template/model.js';
import type { StackRecord } from '../state/record.js';
import { staticValue } from './static-value.js';
import { rewriteExpr } from './walk.js';

/**
 * An `OS::Heat::ResourceGroup` as the resources of the stack it stands for, as Heat 19's `resource_group.py` builds
 * its nested stack: members named by index (`Web.0`, `Web.1`, …), the first `count` indices not on the group's
 * skip list, each from `resource_def` with `index_var` replaced by its index in every string. Names on the skip list
 * (`removal_policies`) are never reused; the list is kept, as Heat keeps it in the group's data, in the expanded
 * group's own `removal_policies` (the stack record holds the expanded template), so the next deploy reads it back.
 * Scaling changes only the tail: 3 → 5 adds `.3` and `.4`, 5 → 2 removes the three newest (`.2`–`.4`).
 */

export interface GroupMembers {
  /** Member index names (`'0'`, `'1'`, …) in order, and their resource names in the expanded stack. */
  readonly names: readonly string[];
  readonly resources: readonly string[];
  /** The skip list (Heat's `removed_rsrc_list`), sorted. */
  readonly removed: readonly string[];
}

export interface ExpandedGroup {
  readonly members: GroupMembers;
  /** The member resources, by their names in the expanded stack. */
  readonly resources: Record<string, ResourceDef>;
  /** The group itself: a resource that waits for its members, its skip list kept in its `removal_policies`. */
  readonly group: ResourceDef;
}

/** The resource name of member `index` of group `group`. */
export function memberName(group: string, index: string): string {
  return `${group}.${index}`;
}

export function expandGroup(
  name: string,
  def: ResourceDef,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  previous: StackRecord | undefined,
): ExpandedGroup {
  const where = (key: string) => `Resources.${name}.Properties.${key}`;
  const read = (key: string) => staticValue(def.properties[key], template, parameters, where(key));
  const count = toCount(read('count'), where('count'));
  const indexVar = String(read('index_var') ?? '%index%');
  const memberDef = def.properties.resource_def;
  if (!isExprMap(memberDef)) throw new HeatstackError(`${where('resource_def')}: expected a map with a type`);
  const type = staticValue(memberDef.type, template, parameters, where('resource_def.type'));
  if (typeof type !== 'string' || type === '')
    throw new HeatstackError(`${where('resource_def.type')}: expected the members' resource type`);

  const removed = skipList(name, read, previous);
  const names = firstNames(count, removed);
  const resources: Record<string, ResourceDef> = {};
  for (const index of names) {
    const withIndex = (e: Expr | undefined): Expr | undefined =>
      e === undefined
        ? undefined
        : rewriteExpr(
            e,
            () => undefined,
            (s) => s.split(indexVar).join(index),
          );
    const properties = withIndex(memberDef.properties) ?? {};
    if (!isExprMap(properties)) throw new HeatstackError(`${where('resource_def.properties')}: expected a map`);
    const metadata = withIndex(memberDef.metadata);
    resources[memberName(name, index)] = {
      type,
      properties,
      dependsOn: def.dependsOn,
      ...(metadata !== undefined && { metadata }),
      ...(def.condition !== undefined && { condition: def.condition }),
    };
  }
  const memberResources = names.map((n) => memberName(name, n));
  // The group's own configuration leaves out its size: scaling changes its members, not the group.
  const { count: _count, removal_policies: _policies, ...kept } = def.properties;
  const group: ResourceDef = {
    ...def,
    properties: { ...kept, removal_policies: [{ resource_list: [...removed] }] } satisfies ExprMap,
    // Marks it expanded (a record's template is), and says which resources are its members.
    metadata: { 'heatstack:members': memberResources },
    dependsOn: [...new Set([...def.dependsOn, ...memberResources])],
  };
  return { members: { names, resources: memberResources, removed }, resources, group };
}

function toCount(value: unknown, where: string): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (value === undefined) return 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new HeatstackError(`${where}: expected a whole number of members, 0 or more`);
  return n;
}

/** The first `count` index names not on the skip list (Heat's `_resource_names`). */
function firstNames(count: number, removed: readonly string[]): string[] {
  const skip = new Set(removed);
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) if (!skip.has(String(i))) names.push(String(i));
  return names;
}

/**
 * Heat's `_update_name_skiplist`: the names (or refs) `removal_policies` lists, added to the list the group kept
 * (`append`, the default) or replacing it (`update`). On create every listed name counts; on update a name counts
 * once it is a member's, and a ref names the member whose id it is.
 */
function skipList(name: string, read: (key: string) => unknown, previous: StackRecord | undefined): string[] {
  const kept = keptSkipList(previous?.template.resources[name]);
  const created = previous?.resources[name]?.physicalId !== undefined;
  const members = new Map<string, string>();
  for (const [res, rec] of Object.entries(previous?.resources ?? {}))
    if (res.startsWith(`${name}.`) && !res.slice(name.length + 1).includes('.'))
      members.set(res.slice(name.length + 1), rec.physicalId ?? '');
  const listed: string[] = [];
  const policies = read('removal_policies');
  for (const policy of Array.isArray(policies) ? policies : []) {
    const list = isExprMap(policy) ? policy.resource_list : undefined;
    for (const item of Array.isArray(list) ? list : []) {
      const n = String(item);
      if (kept.includes(n) || !created || members.has(n)) listed.push(n);
      else for (const [index, ref] of members) if (ref === n) listed.push(index);
    }
  }
  const base = read('removal_policies_mode') === 'update' ? [] : kept;
  return [...new Set([...base, ...listed])].sort();
}

/** The skip list an expanded group kept in its `removal_policies` (see `expandGroup`). */
function keptSkipList(group: ResourceDef | undefined): string[] {
  const policies = group?.properties.removal_policies;
  if (!Array.isArray(policies)) return [];
  return policies.flatMap((p: Expr) =>
    isExprMap(p) && Array.isArray(p.resource_list) ? p.resource_list.map((n: Expr) => String(n)) : [],
  );
}
