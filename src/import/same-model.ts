import { isExactNumber } from '../template/exact-number.js';
import { rewriteForHot } from '../template/functions/hot-rewrites.js';
import { type Call, call, type Expr, isCall, type Template } from '../template/model.js';
import { translatedProperties } from '../template/resource-types/heat-translations.js';
import { collectReferences } from './resources.js';

/**
 * The differences between two templates as Heat reads them, each with its template path. What Heat reads the same
 * is the same here, by Heat's own code (`heat/engine/cfn/functions.py` Join, `hot/functions.py` Join):
 * - a join with a literal delimiter is the join with `''` of its items and delimiters (`Fn::Join: ['=', [a, X]]`
 *   is `Fn::Join: ['', ['a=', X]]`); empty literals add nothing, adjacent ones concatenate, a join with `''` inside
 *   one is its items (each item is checked to be a string either way);
 * - `DependsOn` that a reference already implies adds nothing, and its order does not matter;
 * - the order of resources does not matter (Heat orders them by their dependencies);
 * - a deprecated property is its replacement (`network_id` is `network`: Heat's translations, `heat-translations.ts`);
 * - in HOT, a CFN function and the HOT form synth writes for it where that is exact (`rewriteForHot`).
 * Everything else — values, types, functions and their arguments, the order of parameters, outputs and keys — must
 * be equal.
 */
export function modelDifferences(original: Template, synthesized: Template): string[] {
  const out: string[] = [];
  // Synth writes HOT's exact forms of CFN functions (README, "Reading, writing and converting templates").
  const hot = original.version.dialect === 'hot';
  const a = hot ? rewriteForHot(original) : original;
  const b = hot ? rewriteForHot(synthesized) : synthesized;
  const dialect = a.version.dialect;
  const name = (cfn: string, hot: string) => (dialect === 'cfn' ? cfn : hot);
  compare(versionText(a), versionText(b), name('HeatTemplateFormatVersion', 'heat_template_version'), out);
  compare(a.description ?? null, b.description ?? null, name('Description', 'description'), out);
  compare(
    normalized(a.parameterGroups),
    normalized(b.parameterGroups),
    name('ParameterGroups', 'parameter_groups'),
    out,
  );
  compareSection(a.parameters, b.parameters, name('Parameters', 'parameters'), true, out);
  compareSection(a.mappings, b.mappings, 'Mappings', true, out);
  compareSection(a.conditions, b.conditions, name('Conditions', 'conditions'), false, out);
  compareSection(resources(a), resources(b), name('Resources', 'resources'), false, out);
  compareSection(a.outputs, b.outputs, name('Outputs', 'outputs'), true, out);
  return out;
}

function versionText(t: Template): string {
  const v = t.version;
  return v.dialect === 'cfn' ? `${v.key}: ${v.value}` : `${v.alias ?? v.value}`;
}

function resources(t: Template): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(t.resources)) {
    const implied = new Set<string>();
    collectReferences(r.properties, implied);
    if (r.metadata !== undefined) collectReferences(r.metadata, implied);
    const properties = translatedProperties(r.type, r.properties);
    out[id] = { ...r, properties, dependsOn: r.dependsOn.filter((d) => !implied.has(d)).sort() };
  }
  return out;
}

function compareSection(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  path: string,
  ordered: boolean,
  out: string[],
): void {
  for (const k of Object.keys(a))
    if (!Object.hasOwn(b, k)) out.push(`${path}.${k}: missing from the synthesized template`);
  for (const k of Object.keys(b)) if (!Object.hasOwn(a, k)) out.push(`${path}.${k}: only in the synthesized template`);
  const common = Object.keys(a).filter((k) => Object.hasOwn(b, k));
  if (
    ordered &&
    common.join('\0') !==
      Object.keys(b)
        .filter((k) => Object.hasOwn(a, k))
        .join('\0')
  ) {
    out.push(`${path}: in another order (${Object.keys(b).join(', ')})`);
  }
  for (const k of common) compare(normalized(a[k]), normalized(b[k]), `${path}.${k}`, out);
}

/** Values compared key by key (keys in order), so each difference is named by its path. */
function compare(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a === b) return;
  if (isCall(a) && isCall(b)) {
    if (a.fn !== b.fn) out.push(`${path}: ${a.fn} became ${b.fn}`);
    else compare(a.args, b.args, `${path}.${a.fn}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} items became ${b.length}`);
    else for (const [i, x] of a.entries()) compare(x, b[i], `${path}[${i}]`, out);
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.join('\0') !== kb.join('\0')) out.push(`${path}: keys ${ka.join(', ')} became ${kb.join(', ')}`);
    else for (const k of ka) compare(a[k], b[k], `${path}.${k}`, out);
    return;
  }
  out.push(`${path}: ${show(a)} became ${show(b)}`);
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isCall(x) && !isExactNumber(x);
}

function show(x: unknown): string {
  if (isCall(x)) return `${x.fn}(…)`;
  if (isExactNumber(x)) return x.text;
  const text = JSON.stringify(x) ?? String(x);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A value with every join in its one form (see `modelDifferences`). */
function normalized(x: unknown): unknown {
  if (isCall(x)) {
    const args = x.args.map((a) => normalized(a) as Expr);
    return x.fn === 'join' ? (normalJoin(args) ?? call('join', ...args)) : call(x.fn, ...args);
  }
  if (Array.isArray(x)) return x.map(normalized);
  if (isPlain(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalized(v)]));
  return x;
}

function normalJoin(args: readonly Expr[]): Call | undefined {
  const [delimiter, items, ...more] = args;
  if (typeof delimiter !== 'string' || !Array.isArray(items) || more.length > 0) return undefined;
  const parts: Expr[] = [];
  const push = (p: Expr): void => {
    if (p === '') return;
    const last = parts[parts.length - 1];
    if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p;
    else parts.push(p);
  };
  (items as readonly Expr[]).forEach((item, i) => {
    if (i > 0) push(delimiter);
    const inner =
      isCall(item) && item.fn === 'join' && item.args[0] === '' && item.args.length === 2 ? item.args[1] : undefined;
    if (Array.isArray(inner)) for (const p of inner as readonly Expr[]) push(p);
    else push(item);
  });
  return call('join', '', parts);
}
