import { type Expr, isCall } from '../../template/model.js';
import { checkResourceProperties, type PropertyProblem } from '../../template/validate/properties.js';

/**
 * `checkResourceProperties` (the one set of rules, shared with template validation and deploy), remembered by the
 * literal shape of the properties. The check skips function calls, so two containers whose properties differ only
 * inside calls — the 10,000 links of a chain, the replicas of a service — get the same answer, computed once.
 * Looked up by a hash of that shape, then confirmed by comparing with the properties first checked: nothing is
 * allocated for a container whose shape was seen before.
 */
export function checkProperties(
  typeName: string,
  properties: Readonly<Record<string, Expr>>,
): readonly PropertyProblem[] {
  const hash = mix(hashOf(properties, 0x811c9dc5), hashText(typeName, 0));
  const bucket = CHECKED.get(hash);
  if (bucket !== undefined) {
    for (const seen of bucket) {
      if (seen.typeName === typeName && sameShape(seen.properties, properties)) return seen.problems;
    }
  }
  const problems = checkResourceProperties(typeName, properties);
  if (remembered >= MAX_REMEMBERED) {
    CHECKED.clear();
    remembered = 0;
  }
  const entry = { typeName, properties, problems };
  if (bucket === undefined) CHECKED.set(hash, [entry]);
  else bucket.push(entry);
  remembered++;
  return problems;
}

interface Checked {
  readonly typeName: string;
  readonly properties: Readonly<Record<string, Expr>>;
  readonly problems: readonly PropertyProblem[];
}

const MAX_REMEMBERED = 10_000;
const CHECKED = new Map<number, Checked[]>();
let remembered = 0;

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) >>> 0;
}

function hashText(s: string, h: number): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** A hash of the value with every call as one mark and types kept apart. Recursive in the value's depth only. */
function hashOf(value: Expr, h: number): number {
  switch (typeof value) {
    case 'string':
      return hashText(value, mix(h, 1));
    case 'number':
      return hashText(String(value), mix(h, 2));
    case 'boolean':
      return mix(h, value ? 3 : 4);
    default:
      if (value === null) return mix(h, 5);
      if (isCall(value)) return mix(h, 6);
      if (Array.isArray(value)) {
        h = mix(h, 7);
        for (const item of value) h = hashOf(item, h);
        return mix(h, 8);
      }
      h = mix(h, 9);
      for (const key in value) h = hashOf((value as Readonly<Record<string, Expr>>)[key]!, hashText(key, h));
      return mix(h, 10);
  }
}

/** Equal, except inside calls (any call equals any call); keys in the same order. */
function sameShape(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (isCall(a) || isCall(b)) return isCall(a) && isCall(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameShape(a[i] as Expr, b[i] as Expr)) return false;
    return true;
  }
  const ma = a as Readonly<Record<string, Expr>>;
  const mb = b as Readonly<Record<string, Expr>>;
  const keysA: string[] = [];
  for (const key in ma) keysA.push(key);
  let i = 0;
  for (const key in mb) {
    if (keysA[i] !== key || !sameShape(ma[key]!, mb[key]!)) return false;
    i++;
  }
  return i === keysA.length;
}
