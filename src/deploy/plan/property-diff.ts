import { spellingFor } from '../../template/functions/index.js';
import { type Expr, isCall, type TemplateVersion } from '../../template/model.js';
import { HIDDEN_VALUE } from '../state/record.js';
import { isHiddenMarker, isOpaque, sameJson } from './meaning.js';

/**
 * What changed between a resource's properties at its last deploy and now, per property path, as `cdk diff` and
 * `terraform plan` show it. Both sides are meanings (`meaning.ts`), so a change of spelling or dialect is none.
 */

export interface PropertyChange {
  /** `image`, `env[1]`, `restart_policy.Name`, `volumes["/srv"]`. */
  readonly path: string;
  readonly kind: 'add' | 'remove' | 'change';
  /** The value at the last deploy (absent for `add`), as the meaning holds it. */
  readonly old?: unknown;
  /** The value now (absent for `remove`). */
  readonly new?: unknown;
}

/** Every path whose value differs, maps by key and lists by index; a function or a hidden value is one value. */
export function propertyChanges(
  old: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  compare(old, next, '', changes);
  return changes;
}

function compare(a: unknown, b: unknown, path: string, out: PropertyChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: at, kind: 'add', new: b[i] });
      else if (i >= b.length) out.push({ path: at, kind: 'remove', old: a[i] });
      else compare(a[i], b[i], at, out);
    }
    return;
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const at = joinPath(path, key);
      if (!Object.hasOwn(a, key)) out.push({ path: at, kind: 'add', new: b[key] });
      else if (!Object.hasOwn(b, key)) out.push({ path: at, kind: 'remove', old: a[key] });
      else compare(a[key], b[key], at, out);
    }
    return;
  }
  if (!sameJson(a, b)) out.push({ path, kind: 'change', old: a, new: b });
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isOpaque(v);
}

function joinPath(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The paths of a cause line, a few at most: `env[1], image`, `env[0], env[1], image and 2 more`. */
export function changedPaths(changes: readonly PropertyChange[], most = 3): string {
  const paths = changes.map((c) => c.path);
  if (paths.length <= most) return paths.join(', ');
  return `${paths.slice(0, most).join(', ')} and ${paths.length - most} more`;
}

/** One change as a line of `diff`: `env[1]: "GREETING=hi" → "GREETING=hey"`, `+ hostname: "web"`, `- cmd: [sh]`. */
export function formatChange(change: PropertyChange): string {
  if (change.kind === 'add') return `+ ${change.path}: ${formatValue(change.new)}`;
  if (change.kind === 'remove') return `- ${change.path}: ${formatValue(change.old)}`;
  const note = isHiddenMarker(change.old) && isHiddenMarker(change.new) ? ' (hidden value changed)' : '';
  return `${change.path}: ${formatValue(change.old)} → ${formatValue(change.new)}${note}`;
}

/**
 * A value as data a person reads: hidden values as `******`, functions as HOT spells them
 * (`{get_attr: [Database, network_ip]}`).
 */
export function displayValue(value: unknown): unknown {
  if (isHiddenMarker(value)) return HIDDEN_VALUE;
  if (isCall(value)) {
    const { name, args } = spelled(value.fn, value.args);
    return { [name]: displayValue(args) };
  }
  if (Array.isArray(value)) return value.map(displayValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, { value: displayValue(v), enumerable: true });
    return out;
  }
  return value;
}

/**
 * A value on one line: strings quoted (control characters escaped), hidden values `******`, functions in flow style
 * with their arguments bare where a template would write them so (`{get_attr: [Database, network_ip]}`).
 */
export function formatValue(value: unknown, bare = false): string {
  if (isHiddenMarker(value)) return HIDDEN_VALUE;
  if (isCall(value)) {
    const { name, args } = spelled(value.fn, value.args);
    return `{${name}: ${formatValue(args, true)}}`;
  }
  if (typeof value === 'string')
    return bare && /^[A-Za-z_][A-Za-z0-9_:.-]*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, bare)).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${formatValue(k, true)}: ${formatValue(v, bare)}`)
      .join(', ')}}`;
  return JSON.stringify(value) ?? String(value);
}

const NEWEST_HOT: TemplateVersion = { dialect: 'hot', value: '2021-04-16' };
const OLDEST_HOT: TemplateVersion = { dialect: 'hot', value: '2013-05-23' };

function spelled(fn: Parameters<typeof spellingFor>[0], args: readonly Expr[]): { name: string; args: unknown } {
  for (const version of [NEWEST_HOT, OLDEST_HOT]) {
    const spelling = spellingFor(fn, version);
    if (spelling?.write === undefined) continue;
    try {
      return { name: spelling.name, args: spelling.write(args, { hotDate: version.value }) };
    } catch {
      // This version cannot write these arguments: try the next, else the canonical form.
    }
  }
  return { name: fn, args };
}
