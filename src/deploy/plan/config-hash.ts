import { createHash, createHmac } from 'node:crypto';
import { findReferences } from '../../template/dependencies.js';
import { type Expr, isCall, type Template } from '../../template/model.js';

/**
 * The configuration hash of a resource: its type, its properties as declared (functions unevaluated), and the
 * values of the parameters they use (directly or through named conditions). It never looks at what Docker reports
 * (inspected state is normalised by Docker and would differ on every run: the perma-diff of pulumi-docker#132).
 * What a resource reads from other resources is covered by the planner instead: a resource that refers to a
 * replaced one is replaced too.
 *
 * The hash is a label anyone with access to the daemon can read: a hidden parameter's value enters it only as an
 * HMAC keyed with the stack's secret salt (kept in its state file), so a weak password cannot be guessed offline
 * from the label, while the same value still gives the same hash for the same stack.
 */
export function configHash(
  template: Template,
  resource: string,
  parameters: Readonly<Record<string, unknown>>,
  secrets?: HiddenValues,
): string {
  const def = template.resources[resource];
  if (def === undefined) throw new Error(`no resource '${resource}' in the template`);
  const params = parametersUsed(template, def.properties);
  const used: Record<string, unknown> = {};
  for (const p of [...params].sort()) used[p] = hashInput(p, parameters[p] ?? null, secrets);
  const document = { type: def.type, properties: def.properties, parameters: used };
  return createHash('sha256').update(stableJson(document)).digest('hex').slice(0, 32);
}

/** Which parameters are hidden, and the stack's key for their values. */
export interface HiddenValues {
  readonly names: ReadonlySet<string>;
  readonly salt: string;
}

function hashInput(name: string, value: unknown, secrets: HiddenValues | undefined): unknown {
  if (secrets === undefined || !secrets.names.has(name)) return value;
  return { hidden: createHmac('sha256', secrets.salt).update(stableJson(value)).digest('hex') };
}

/** Parameters an expression uses, following named conditions (a worklist, so chains of conditions cannot recurse). */
function parametersUsed(template: Template, expr: Expr): Set<string> {
  const refs = findReferences(expr);
  const seen = new Set<string>();
  const queue = [...refs.conditions];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name) || !(name in template.conditions)) continue;
    seen.add(name);
    const inner = findReferences(template.conditions[name] as Expr);
    for (const p of inner.parameters) refs.parameters.add(p);
    queue.push(...inner.conditions);
  }
  return refs.parameters;
}

/** JSON with object keys sorted and function calls spelled `{"fn()": args}`, so equal values hash equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (isCall(v)) return { [`${v.fn}()`]: v.args };
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
