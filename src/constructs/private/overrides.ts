import type { Expr, ExprMap, ResourceDef } from '../../template/model.js';
import { isCall } from '../../template/model.js';
import type { ResolveContext } from '../../tokens/resolvable.js';
import { resolveValue } from '../../tokens/resolve.js';
import type { ReportProblem } from '../element.js';

/**
 * The escape hatches of a resource (`addOverride`, `addDeletionOverride`): changes to its written template entry,
 * applied in order after its props, as the AWS CDK applies its overrides. A value `undefined` removes the key.
 */
export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** `Properties.networks.0.fixed_ip` → its keys; `\.` is a dot inside a key. */
export function parseOverridePath(path: string): string[] {
  const keys: string[] = [];
  let key = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '.') {
      key += '.';
      i++;
    } else if (c === '.') {
      keys.push(key);
      key = '';
    } else key += c;
  }
  keys.push(key);
  return keys;
}

/** The entry's keys in either dialect's spelling (compared without case and `_`) → the model's field. */
const ENTRY_FIELDS: Readonly<Record<string, keyof ResourceDef>> = {
  type: 'type',
  properties: 'properties',
  dependson: 'dependsOn',
  metadata: 'metadata',
  deletionpolicy: 'deletionPolicy',
  updatepolicy: 'updatePolicy',
  condition: 'condition',
  externalid: 'externalId',
  description: 'description',
};

/** `def` with every override applied; an override that cannot apply is reported and skipped. */
export function applyOverrides(
  def: ResourceDef,
  overrides: readonly Override[],
  ctx: ResolveContext,
  report: ReportProblem,
): ResourceDef {
  const entry: Record<string, unknown> = { ...def };
  for (const { path, value } of overrides) {
    const spelled = path.join('.');
    const field = ENTRY_FIELDS[(path[0] ?? '').replace(/_/g, '').toLowerCase()];
    if (field === undefined) {
      report(`override ${spelled}: a resource has no key ${path[0]} (${Object.keys(ENTRY_FIELDS).join(', ')})`);
      continue;
    }
    let resolved = value === undefined ? undefined : resolveValue(value, ctx, `override ${spelled}`);
    if (field === 'dependsOn' && typeof resolved === 'string') resolved = [resolved];
    const problem = checkEntryValue(field, path.length, resolved);
    if (problem !== undefined) {
      report(`override ${spelled}: ${problem}`);
      continue;
    }
    entry[field] =
      path.length === 1 ? resolved : withValueAt(entry[field] as Expr | undefined, path.slice(1), resolved);
  }
  if (entry.properties === undefined) entry.properties = {};
  if (entry.dependsOn === undefined) entry.dependsOn = [];
  return entry as unknown as ResourceDef;
}

/** Why a whole-key override of the entry cannot stand, if it cannot: the model needs some keys in one shape. */
function checkEntryValue(field: keyof ResourceDef, depth: number, value: Expr | undefined): string | undefined {
  if (depth > 1) {
    return field === 'type' || field === 'description' ? `${field} has no keys inside it` : undefined;
  }
  if (field === 'type' && typeof value !== 'string') return 'the type must be a string';
  if (field === 'description' && value !== undefined && typeof value !== 'string') return 'a description is a string';
  if (field === 'properties' && value !== undefined && !isPlainMap(value)) return 'properties must be a map';
  if (field === 'dependsOn' && value !== undefined) {
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string')) return 'depends on names resources: a string or a list of strings';
  }
  return undefined;
}

function isPlainMap(value: Expr | undefined): value is ExprMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isCall(value);
}

/** A copy of `container` with `value` at `keys` (maps made where missing); `undefined` removes the last key. */
function withValueAt(container: Expr | undefined, keys: readonly string[], value: Expr | undefined): Expr {
  const [key, ...rest] = keys as [string, ...string[]];
  if (Array.isArray(container) && /^\d+$/.test(key)) {
    const list = [...(container as readonly Expr[])];
    const index = Number(key);
    if (rest.length > 0) list[index] = withValueAt(list[index], rest, value);
    else if (value === undefined) list.splice(index, 1);
    else list[index] = value;
    return list;
  }
  const map: Record<string, Expr> = isPlainMap(container) ? { ...container } : {};
  if (rest.length > 0) map[key] = withValueAt(map[key], rest, value);
  else if (value === undefined) delete map[key];
  else map[key] = value;
  return map;
}
