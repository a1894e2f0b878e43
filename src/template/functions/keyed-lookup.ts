import { Call, type Expr, isCall, isExprMap, type Template } from '../model.js';
import { DEFAULT_REGION } from '../parameter-values.js';

/**
 * `Fn::FindInMap` whose key or field is not literal, written for HOT (which has no `Mappings`) where that is
 * exact. Heat's `FindInMap` returns `Mappings[M][key][field]` (`heat/engine/cfn/functions.py`); when each of key
 * and field can only be one of a known set of strings, the lookup is a `str_replace` whose `params` hold every
 * answer:
 *
 * - a key or field is a literal string, `AWS::Region` (Heat's one region, `ap-southeast-1`: written as that
 *   literal, HOT has no such parameter), a `String` parameter with `AllowedValues` (Heat refuses any other value
 *   before it resolves a function), or a lookup rewritten so (its answers);
 * - `str_replace` with the key as `template` and `{key: answer, …}` as `params` gives the answer of exactly that
 *   key: Heat replaces longer keys first, so at the start of the text the whole key matches before any shorter key,
 *   and an inserted answer is never replaced again. Key and field both vary: the template is
 *   `list_join: ['|', [key, field]]` and the params `key|field` (a separator neither holds);
 * - every pair must be in the mapping and its answer a string (`str_replace` gives a string, `FindInMap` the value
 *   itself; a number would be a different key to an outer lookup).
 *
 * Anything else is left as written, and conversion refuses it (HOT has no mappings).
 */

/** The strings each call this module wrote can resolve to (a nested lookup's key or field). */
const answersOf = new WeakMap<Call, readonly string[]>();

/** Joins key and field when both vary: the first that neither holds, so that no two pairs join alike. */
const SEPARATORS = ['|', '/', ':', '\u001f'];

interface Choices {
  /** The expression to write in HOT (a pseudo parameter folded to its value). */
  readonly expr: Expr;
  readonly values: readonly string[];
}

/** The strings `e` can resolve to, when that is a known, finite set. */
function choicesOf(template: Template, e: Expr): Choices | undefined {
  if (typeof e === 'string') return { expr: e, values: [e] };
  if (!isCall(e)) return undefined;
  const known = answersOf.get(e);
  if (known !== undefined) return { expr: e, values: known };
  const [name] = e.args;
  if (e.fn !== 'get_param' || e.args.length !== 1 || typeof name !== 'string') return undefined;
  if (name === 'AWS::Region') return { expr: DEFAULT_REGION, values: [DEFAULT_REGION] };
  const parameter = Object.hasOwn(template.parameters, name) ? template.parameters[name] : undefined;
  if (parameter?.type !== 'string') return undefined;
  const allowed = parameter.constraints.find((c) => c.kind === 'allowed_values');
  if (allowed?.kind !== 'allowed_values') return undefined;
  return { expr: e, values: [...new Set(allowed.values.map((v) => String(v)))] };
}

/** The lookup's exact HOT form (a value, or a `str_replace` of every answer), or undefined when it has none. */
export function keyedLookup(template: Template, c: Call): Expr | undefined {
  const [name, keyArg, fieldArg] = c.args as [Expr, Expr, Expr];
  if (typeof name !== 'string' || !Object.hasOwn(template.mappings, name)) return undefined;
  const mapping = template.mappings[name] as Record<string, Expr>;
  const key = choicesOf(template, keyArg);
  const field = choicesOf(template, fieldArg);
  if (key === undefined || field === undefined) return undefined;
  const both = key.values.length > 1 && field.values.length > 1;
  const separator = SEPARATORS.find((d) => ![...key.values, ...field.values].some((v) => v.includes(d)));
  if (both && separator === undefined) return undefined;
  // The text str_replace reads: the one that varies, or both joined (the other, fixed, is left out).
  const textOf = (k: string, f: string) => (both ? `${k}${separator}${f}` : key.values.length > 1 ? k : f);
  const params: Record<string, Expr> = {};
  const answers = new Set<string>();
  for (const k of key.values) {
    const entry = Object.hasOwn(mapping, k) ? mapping[k] : undefined;
    if (!isExprMap(entry)) return undefined;
    for (const f of field.values) {
      const answer = Object.hasOwn(entry, f) ? entry[f] : undefined;
      const text = textOf(k, f);
      if (typeof answer !== 'string' || text === '' || Object.hasOwn(params, text)) return undefined;
      // defineProperty: a key named `__proto__` stays an ordinary key.
      Object.defineProperty(params, text, { value: answer, enumerable: true, writable: true });
      answers.add(answer);
    }
  }
  if (key.values.length === 1 && field.values.length === 1) return [...answers][0];
  const text = both
    ? new Call('join', [separator as string, [key.expr, field.expr]])
    : key.values.length > 1
      ? key.expr
      : field.expr;
  const lookup = new Call('replace', [params, text]);
  answersOf.set(lookup, [...answers]);
  return lookup;
}
