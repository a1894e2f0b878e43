import { readFileSync } from 'node:fs';
import { type Expr, isCall } from '../model.js';

/**
 * Heat's property translations: a deprecated property that Heat reads as its replacement before it validates
 * (`heat/engine/translation.py` REPLACE: `OS::Neutron::Subnet`'s `network_id` is read as `network`; in each item of
 * a server's `networks`, `uuid` as `network`). The rules are `spec/heat-translations.json`, dumped from Heat's own
 * types (`scripts/heat-spec/translations.py`, format in `docs/heat-spec.md`); read on the first look-up of a type
 * that has any, so a Docker-only template never pays for it.
 */

/** The property at `path` (descending through list items) takes the value of its sibling `from`. */
export interface TranslationRule {
  readonly path: readonly string[];
  readonly from: string;
}

interface TranslationSpec {
  readonly format: number;
  readonly translations: Readonly<Record<string, readonly TranslationRule[]>>;
}

const FILE = new URL('../../../spec/heat-translations.json', import.meta.url);
let spec: TranslationSpec | undefined;

/** The type's translation rules (none for a type Heat translates nothing of). */
export function translationRules(typeName: string): readonly TranslationRule[] {
  spec ??= JSON.parse(readFileSync(FILE, 'utf8')) as TranslationSpec;
  return Object.hasOwn(spec.translations, typeName) ? spec.translations[typeName]! : [];
}

/** Only types Heat defines have rules: heatstack's own (Docker) types never ask for the file. */
const MAY_TRANSLATE = /^OS::(Cinder|Designate|Neutron|Nova|Sahara)::/;

/**
 * The properties as Heat reads them after its translations: each replaced property given is moved to its
 * replacement (`{network_id: X}` → `{network: X}`), in list items too. Giving both is Heat's error ("Cannot define
 * the following properties at the same time: network, network_id"), added to `problems` with its path; the
 * deprecated one's value wins, as in Heat. The input is not changed; without any rule it is returned as it is.
 */
export function translatedProperties<T>(
  typeName: string,
  properties: Readonly<Record<string, T>>,
  problems?: { path: string; message: string }[],
): Readonly<Record<string, T>> {
  if (!MAY_TRANSLATE.test(typeName)) return properties;
  let out = properties;
  for (const rule of translationRules(typeName)) {
    const named = { ...rule, problems };
    out = (applyRule(out as Readonly<Record<string, unknown>>, rule.path, '', named) ?? out) as Readonly<
      Record<string, T>
    >;
  }
  return out;
}

/** The map with the rule applied under it, or undefined when nothing changed. */
function applyRule(
  map: Readonly<Record<string, unknown>>,
  path: readonly string[],
  at: string,
  rule: TranslationRule & { readonly problems: { path: string; message: string }[] | undefined },
): Record<string, unknown> | undefined {
  const { from, problems } = rule;
  const [key, ...rest] = path as [string, ...string[]];
  if (rest.length > 0) {
    const list = map[key];
    if (!Array.isArray(list)) return undefined;
    let changed = false;
    const items = list.map((item, i) => {
      if (!isPlainMap(item)) return item;
      const next = applyRule(item, rest, `${at}${key}[${i}].`, rule);
      if (next === undefined) return item;
      changed = true;
      return next;
    });
    return changed ? { ...map, [key]: items } : undefined;
  }
  if (!Object.hasOwn(map, from)) return undefined;
  const value = map[from];
  const given = value !== null && value !== undefined;
  if (given && truthy(value) && truthy(map[key])) {
    problems?.push({
      path: `${at}${key}`,
      // Heat names both by their paths without list indices (`fixed_ips.subnet, fixed_ips.subnet_id`).
      message: `Cannot define the following properties at the same time: ${[...rule.path.slice(0, -1), key].join('.')}, ${[...rule.path.slice(0, -1), from].join('.')}`,
    });
  }
  // The replacement takes the deprecated key's place, so that key order is kept where only the name changed.
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) {
    if (k === from) {
      if (given) out[key] = value;
      else if (Object.hasOwn(map, key)) out[key] = map[key];
    } else if (k !== key || !given) out[k] = v;
  }
  return out;
}

function isPlainMap(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isCall(x as Expr);
}

/** Python's truth of a value; a function's result is not known yet, and taken as given. */
function truthy(x: unknown): boolean {
  if (x === undefined || x === null || x === false || x === 0 || x === '') return false;
  if (Array.isArray(x)) return x.length > 0;
  if (isPlainMap(x)) return Object.keys(x).length > 0;
  return true;
}
