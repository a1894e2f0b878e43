import { createHash, createHmac } from 'node:crypto';
import { findReferences } from '../../template/dependencies.js';
import type { Expr, Template } from '../../template/model.js';
import type { StackRecord } from '../state/record.js';
import { meaningHash } from './config-hash.js';
import { type HiddenValues, hiddenHash, resourceMeaning, stableJson } from './meaning.js';

/**
 * The configuration hash heatstack wrote before it hashed a resource's meaning (`config-hash.ts`): the type and
 * properties as declared (dialect spellings, functions unevaluated) and the values of the parameters they use. It is
 * kept only to recognise what that version deployed, so upgrading replaces nothing (`upgradeLegacyRecords`).
 */
export function legacyConfigHash(
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

/**
 * Records written before meanings were hashed hold the old hash and no properties. Each such resource whose old hash
 * is that of the previous deploy's template and parameters (so the record tells how its object was made) gets the
 * hash and properties of its meaning instead: an upgrade replaces nothing that did not change, and `diff` can name
 * what did. A hidden value is known only when given again unchanged (checked against its stored hash); a resource
 * that used one that is not stays as it is, and is replaced if its hash then differs.
 */
export function upgradeLegacyRecords(
  record: StackRecord,
  previous: StackRecord,
  parameters: Readonly<Record<string, unknown>>,
): void {
  const legacy = Object.entries(record.resources).filter(
    ([name, rec]) =>
      rec.properties === undefined && rec.configHash !== undefined && name in previous.template.resources,
  );
  if (legacy.length === 0) return;
  const values: Record<string, unknown> = { ...previous.parameters };
  for (const [name, hash] of Object.entries(previous.hiddenParameterHashes)) {
    const given = parameters[name];
    values[name] = given !== undefined && hiddenHash(previous.id, given) === hash ? given : undefined;
  }
  const salt = previous.hashSalt ?? record.hashSalt ?? '';
  const then: HiddenValues = { names: new Set(Object.keys(previous.hiddenParameterHashes)), salt };
  const now: HiddenValues = { names: new Set(Object.keys(record.hiddenParameterHashes)), salt: record.hashSalt ?? '' };
  for (const [name, rec] of legacy) {
    if (legacyConfigHash(previous.template, name, values, then) !== rec.configHash) continue;
    const meaning = resourceMeaning(previous.template, name, values, now);
    rec.configHash = meaningHash(meaning);
    rec.properties = { ...meaning.properties };
  }
}
