/**
 * Questions asked of the catalogue: what a key in a template means in a given version and context (reading),
 * and how a canonical function is spelled in a given version (writing).
 */

import type { FnName, TemplateVersion } from '../model.js';
import { describeVersion, HOT_VERSIONS } from '../versions.js';
import { type FnContext, SPELLINGS, type Spelling } from './spellings.js';

/**
 * What a single-key map `{name: args}` is, read the way Heat reads it:
 * - `function`: a call of `spelling`;
 * - `error`: Heat rejects it (a function removed from this HOT version, a function not allowed in a condition, a
 *   function of a newer version inside a condition); `spelling` is set when the call can still be read;
 * - `plain`: Heat reads the map as data, though it looks like a function (`Fn::GetAtt` in HOT, `equals` outside
 *   a condition, a function of a newer version — `str_split` in 2015-04-30, `Fn::If` with
 *   `HeatTemplateFormatVersion`): worth a warning. As data it is fine where a map is (an output, a `Map`
 *   property, a list item) and wrong where a string is, as in Heat;
 * - `undefined`: not a function name at all.
 */
export type FunctionLookup =
  | { readonly kind: 'function'; readonly spelling: Spelling }
  | { readonly kind: 'error'; readonly message: string; readonly spelling?: Spelling }
  | { readonly kind: 'plain'; readonly message: string };

const BY_NAME = new Map<string, Spelling[]>();
for (const s of SPELLINGS) {
  const list = BY_NAME.get(s.name);
  if (list) list.push(s);
  else BY_NAME.set(s.name, [s]);
}

/** Every key the catalogue knows, in either dialect and any version. */
export function isFunctionName(name: string): boolean {
  return BY_NAME.has(name);
}

function inCfn(s: Spelling, key: string): boolean {
  return s.cfn === true || s.cfn?.includes(key as never) === true;
}

function inHot(s: Spelling, date: string): boolean {
  return s.hotSince !== undefined && s.hotSince <= date && (s.hotRemovedIn === undefined || date < s.hotRemovedIn);
}

function allowedIn(s: Spelling, context: FnContext, hotDate?: string): boolean {
  if (context === 'value') return s.inValues !== false;
  const c = s.inConditions;
  if (c === undefined || c === false) return false;
  return c === true || hotDate === undefined || c <= hotDate;
}

export function lookupFunction(name: string, version: TemplateVersion, context: FnContext): FunctionLookup | undefined {
  const candidates = BY_NAME.get(name);
  if (candidates === undefined) {
    if (name.startsWith('Fn::'))
      return { kind: 'plain', message: `"${name}" is not a function Heat knows; it is read as a plain map` };
    return undefined;
  }
  return version.dialect === 'cfn'
    ? lookupCfn(name, candidates, version, context)
    : lookupHot(name, candidates, version.value, version, context);
}

function lookupCfn(
  name: string,
  candidates: readonly Spelling[],
  version: TemplateVersion & { dialect: 'cfn' },
  context: FnContext,
): FunctionLookup {
  const here = candidates.filter((s) => inCfn(s, version.key));
  if (here.length === 0) {
    if (candidates.some((s) => s.cfn !== undefined)) {
      const message = `"${name}" is not available with ${describeVersion(version)}; it needs AWSTemplateFormatVersion 2010-09-09`;
      if (context === 'value') return { kind: 'plain', message: `${message} (Heat reads it here as a plain map)` };
      return { kind: 'error', message, spelling: candidates[0] };
    }
    return { kind: 'plain', message: `"${name}" is a HOT function, not a CFN one; Heat reads it here as a plain map` };
  }
  const usable = here.find((s) => allowedIn(s, context));
  if (usable) return { kind: 'function', spelling: usable };
  if (context === 'condition') return { kind: 'error', message: `The function "${name}" is invalid in this context` };
  return { kind: 'plain', message: `"${name}" can only be used in a condition; Heat reads it here as a plain map` };
}

function lookupHot(
  name: string,
  candidates: readonly Spelling[],
  date: string,
  version: TemplateVersion,
  context: FnContext,
): FunctionLookup {
  const removed = candidates.find((s) => s.hotRemovedIn !== undefined && s.hotRemovedIn <= date);
  if (removed) {
    return {
      kind: 'error',
      message: `The function ${name} is not supported in this version of HOT (${describeVersion(version)})`,
    };
  }
  const here = candidates.filter((s) => inHot(s, date));
  if (here.length > 0) {
    const usable = here.find((s) => allowedIn(s, context, date));
    if (usable) return { kind: 'function', spelling: usable };
    if (context === 'condition') return { kind: 'error', message: `The function "${name}" is invalid in this context` };
    return { kind: 'plain', message: `"${name}" can only be used in a condition; Heat reads it here as a plain map` };
  }
  const later = candidates.find((s) => s.hotSince !== undefined && s.hotSince > date);
  if (later) {
    const message = `The function ${name} is not available in ${describeVersion(version)}: it needs heat_template_version ${later.hotSince} or newer`;
    if (context === 'value') return { kind: 'plain', message: `${message} (Heat reads it here as a plain map)` };
    return { kind: 'error', message, spelling: later };
  }
  return { kind: 'plain', message: `"${name}" is a CFN function, not a HOT one; Heat reads it here as a plain map` };
}

/**
 * How `fn` is written in `version`: the dialect's own spelling, else (HOT) a CFN spelling that version still
 * accepts (`Fn::Select` until 2015-10-15). `undefined` when the version cannot express it.
 */
export function spellingFor(fn: FnName, version: TemplateVersion): Spelling | undefined {
  if (version.dialect === 'cfn') return SPELLINGS.find((s) => s.fn === fn && s.write && inCfn(s, version.key));
  const date = version.value;
  return (
    SPELLINGS.find((s) => s.fn === fn && s.write && s.cfn === undefined && inHot(s, date)) ??
    SPELLINGS.find((s) => s.fn === fn && s.write && inHot(s, date))
  );
}

/** The HOT versions (dates, oldest first) that can spell `fn` at all. */
export function hotVersionsWith(fn: FnName): string[] {
  return HOT_VERSIONS.map((v) => v.date).filter((d) => SPELLINGS.some((s) => s.fn === fn && s.write && inHot(s, d)));
}
