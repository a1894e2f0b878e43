import { HeatstackError } from '../../errors.js';
import type { ParameterDef, Template } from '../../template/model.js';
import { literalDefault, parseParameterValue } from '../../template/parameter-values.js';
import type { StackRecord } from '../state/record.js';
import { hiddenHash, sameJson } from './meaning.js';

/**
 * Parameter values across deploys. Heat's `stack update --existing` reuses the previous values of the parameters not
 * given again (`-P` overrides some); `carriedParameterValues` does the same for `--existing`. Without it a value left
 * out takes its default, as in Heat; `replacedValueWarnings` says so when that default replaces a value the last
 * deploy had, and `parameterChanges` is what `diff` lists. Hidden values are stored only as salted hashes: they can
 * be compared, never reused.
 */

/** A parameter whose value differs from the last deploy's. Hidden ones carry no values. */
export interface ParameterChange {
  readonly name: string;
  readonly kind: 'add' | 'remove' | 'change';
  readonly hidden: boolean;
  readonly old?: unknown;
  readonly new?: unknown;
}

/** A deploy's parameter values cannot be completed from the last deploy's (a hidden one was not given again). */
export class ParameterCarryError extends HeatstackError {
  override name = 'ParameterCarryError';
}

/**
 * The last deploy's values, as `-P` would give them, of the template's parameters not in `given`. A value equal to
 * the default of the template it was deployed with is not carried (Heat keeps only what was given; a default that
 * changed since applies). A hidden value that is not that default cannot be carried: an error names each one.
 */
export function carriedParameterValues(
  template: Template,
  previous: StackRecord | undefined,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const carried: Record<string, string> = {};
  const hidden: string[] = [];
  if (previous === undefined) return carried;
  for (const [name, def] of Object.entries(template.parameters)) {
    if (Object.hasOwn(given, name) || !wasSet(previous, name) || wasDefault(previous, name)) continue;
    if (name in previous.hiddenParameterHashes) hidden.push(name);
    else carried[name] = asGiven(def, previous.parameters[name]);
  }
  if (hidden.length > 0) {
    const names = hidden.sort();
    throw new ParameterCarryError(
      `--existing cannot reuse the last value of hidden parameter${names.length > 1 ? 's' : ''} ${names.join(', ')}: ` +
        `hidden values are stored only as a hash. Give ${names.length > 1 ? 'them' : 'it'} again: ` +
        names.map((n) => `-P ${n}=…`).join(' '),
    );
  }
  return carried;
}

/**
 * Warnings for the parameters not given whose value now (their default) differs from the last deploy's, naming both:
 * `Greeting: the default 'hello' replaces the last deploy's 'hey' (pass --existing to keep it)`.
 */
export function replacedValueWarnings(
  template: Template,
  previous: StackRecord | undefined,
  given: Readonly<Record<string, string>>,
  resolved: Readonly<Record<string, unknown>>,
): string[] {
  if (previous === undefined) return [];
  const warnings: string[] = [];
  for (const name of Object.keys(template.parameters).sort()) {
    if (Object.hasOwn(given, name) || !wasSet(previous, name) || !differs(previous, name, resolved[name])) continue;
    const hash = previous.hiddenParameterHashes[name];
    if (hash !== undefined || template.parameters[name]?.hidden)
      warnings.push(
        `${name}: the default replaces the last deploy's hidden value (give it again with -P ${name}=… to keep it)`,
      );
    else
      warnings.push(
        `${name}: the default ${quoted(resolved[name])} replaces the last deploy's ${quoted(previous.parameters[name])} (pass --existing to keep it)`,
      );
  }
  return warnings;
}

/** The template's parameters whose values differ from the last deploy's, by name; pseudo parameters left out. */
export function parameterChanges(
  template: Template,
  previous: StackRecord | undefined,
  resolved: Readonly<Record<string, unknown>>,
): ParameterChange[] {
  if (previous === undefined) return [];
  const names = new Set([...Object.keys(template.parameters), ...Object.keys(previous.parameters)]);
  const changes: ParameterChange[] = [];
  for (const name of [...names].sort()) {
    if (name.includes('::')) continue;
    const hidden = name in previous.hiddenParameterHashes || template.parameters[name]?.hidden === true;
    const values = (c: Omit<ParameterChange, 'name' | 'hidden'>): ParameterChange =>
      hidden ? { name, kind: c.kind, hidden } : { name, hidden, ...c };
    if (!Object.hasOwn(template.parameters, name))
      changes.push(values({ kind: 'remove', old: previous.parameters[name] }));
    else if (!wasSet(previous, name)) changes.push(values({ kind: 'add', new: resolved[name] }));
    else if (differs(previous, name, resolved[name]))
      changes.push(values({ kind: 'change', old: previous.parameters[name], new: resolved[name] }));
  }
  return changes;
}

function wasSet(previous: StackRecord, name: string): boolean {
  return Object.hasOwn(previous.parameters, name);
}

/** Whether `value` differs from the last deploy's: by the stored hash for a hidden value. */
function differs(previous: StackRecord, name: string, value: unknown): boolean {
  const hash = previous.hiddenParameterHashes[name];
  if (hash !== undefined) return value === undefined || hiddenHash(previous.id, value) !== hash;
  return !sameJson(previous.parameters[name], value);
}

/** Whether the last deploy's value was the default of the template it was deployed with. */
function wasDefault(previous: StackRecord, name: string): boolean {
  const def = previous.template.parameters[name];
  const dflt = def === undefined ? undefined : literalDefault(def);
  if (def === undefined || dflt === undefined || dflt === null) return false;
  const typed = parseParameterValue(def.type, dflt);
  return 'value' in typed && !differs(previous, name, typed.value);
}

/** A resolved value as a `-P` value of its type. */
function asGiven(def: ParameterDef, value: unknown): string {
  if (typeof value === 'string') return value;
  if (def.type === 'comma_delimited_list' && Array.isArray(value)) return value.map(String).join(',');
  if (def.type === 'json') return JSON.stringify(value);
  return String(value);
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${JSON.stringify(value).slice(1, -1)}'` : JSON.stringify(value);
}
