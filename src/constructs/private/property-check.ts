import { type Expr, isCall } from '../../template/model.js';
import { checkResourceProperties, type PropertyProblem } from '../../template/validate/properties.js';

/**
 * `checkResourceProperties` (the one set of rules, shared with template validation and deploy), remembered by the
 * literal shape of the properties. The check skips function calls, so two containers whose properties differ only
 * inside calls — the 10,000 links of a chain, the replicas of a service — get the same answer, computed once.
 */
export function checkProperties(
  typeName: string,
  properties: Readonly<Record<string, Expr>>,
): readonly PropertyProblem[] {
  const key = `${typeName}\0${skeleton(properties)}`;
  let problems = CHECKED.get(key);
  if (problems === undefined) {
    problems = checkResourceProperties(typeName, properties);
    if (CHECKED.size >= MAX_REMEMBERED) CHECKED.clear();
    CHECKED.set(key, problems);
  }
  return problems;
}

const MAX_REMEMBERED = 10_000;
const CHECKED = new Map<string, readonly PropertyProblem[]>();

/**
 * The value as text with every call written as `@`; strings length-prefixed so that no content can look like
 * structure, and types kept apart (`1` vs `"1"`). Recursive in the depth of the value only (a few levels).
 */
function skeleton(value: Expr): string {
  if (typeof value === 'string') return `${value.length}'${value}`;
  if (typeof value !== 'object' || value === null) return `${value}`;
  if (isCall(value)) return '@';
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value) out += `${skeleton(item)},`;
    return `${out}]`;
  }
  let out = '{';
  for (const key in value) out += `${key.length}'${key}:${skeleton((value as Readonly<Record<string, Expr>>)[key]!)},`;
  return `${out}}`;
}
