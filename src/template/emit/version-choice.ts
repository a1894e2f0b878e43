/**
 * Which version a template is written in, and why: the newest version of the dialect that can express it (its
 * default, `DEFAULT_VERSION`, unless something in it needs another), or the one asked for. When it is not the
 * default, `blocker` is the first thing the default cannot write (for the note that says so); when no version
 * fits, `VersionChoiceError` holds what each version could not write.
 */

import { selectAdvice } from '../functions/hot-rewrites.js';
import { spellingFor } from '../functions/index.js';
import {
  type Call,
  DEFAULT_VERSION,
  type Dialect,
  type Expr,
  isCall,
  type Template,
  type TemplateVersion,
} from '../model.js';
import { TemplatePaths } from '../validate/paths.js';
import { describeVersion } from '../versions.js';
import { candidatesOf, TemplateEmitError } from './index.js';
import { shapeTemplate } from './shape.js';

export interface VersionChoice {
  /** The form of the template written (the first of the forms given that the version can express). */
  readonly template: Template;
  readonly version: TemplateVersion;
  /** Why the default version could not be used (absent when it is the default). */
  readonly blocker?: TemplateEmitError;
}

/** No version (or not the one asked for) can express the template; `blockers` are what stood in the way, once each. */
export class VersionChoiceError extends TemplateEmitError {
  constructor(
    message: string,
    readonly blockers: readonly TemplateEmitError[],
  ) {
    super(message, blockers[0]?.at);
  }
}

/**
 * The newest version of `dialect` (or `requested`: an error when it cannot) that can express one of `forms` of a
 * template — the same template, rewritten or not (`rewriteForHot`), preferred in that order at each version.
 */
export function chooseVersionOf(
  forms: readonly Template[],
  dialect: Dialect,
  requested?: TemplateVersion,
): VersionChoice {
  const candidates = requested !== undefined ? [requested] : candidatesOf(dialect);
  const blockers: TemplateEmitError[] = [];
  let first: TemplateEmitError | undefined;
  for (const version of candidates) {
    for (const template of forms) {
      const problem = problemIn(template, version);
      if (problem === undefined) {
        const isDefault = sameVersion(version, DEFAULT_VERSION[dialect]);
        const blocker = isDefault ? undefined : first;
        return { template, version, ...(blocker !== undefined && { blocker }) };
      }
      first ??= problem;
      if (template === forms[0] && !blockers.some((b) => sameBlocker(b, problem))) blockers.push(problem);
    }
  }
  const what =
    requested !== undefined ? `${describeVersion(requested)} cannot` : `no ${dialect.toUpperCase()} version can`;
  throw new VersionChoiceError(`${what} express this template: ${blockers.map((b) => b.message).join('; ')}`, blockers);
}

function problemIn(template: Template, version: TemplateVersion): TemplateEmitError | undefined {
  try {
    shapeTemplate(template, version);
    return undefined;
  } catch (e) {
    if (!(e instanceof TemplateEmitError)) throw e;
    return e;
  }
}

function sameVersion(a: TemplateVersion, b: TemplateVersion): boolean {
  return (
    a.dialect === b.dialect && a.value === b.value && (a.dialect !== 'cfn' || b.dialect !== 'cfn' || a.key === b.key)
  );
}

function sameBlocker(a: TemplateEmitError, b: TemplateEmitError): boolean {
  return a.at !== undefined && b.at !== undefined && a.at.path === b.at.path && a.at.call === b.at.call;
}

/** What a blocker is, as `template`'s own version spells it: `Fn::Select`, or the section or key at its path. */
export function blockerName(blocker: TemplateEmitError, template: Template): string {
  const c = blocker.at?.call;
  if (c !== undefined) return new TemplatePaths(template.version).functionKey(c.fn);
  return blocker.at?.path.split('.').pop() ?? 'it';
}

/** The blocker's message without its path: what cannot be written, in which version, and what to do instead. */
export function blockerMessage(blocker: TemplateEmitError): string {
  const path = blocker.at?.path ?? '';
  const message =
    path !== '' && blocker.message.startsWith(`${path}: `) ? blocker.message.slice(path.length + 2) : blocker.message;
  const advice = blockerAdvice(blocker);
  return advice === undefined ? message : `${message}: ${advice}`;
}

/** Why a blocking call was not rewritten to something the newer versions have, and what to write instead. */
function blockerAdvice(blocker: TemplateEmitError): string | undefined {
  const c = blocker.at?.call;
  if (c?.fn === 'select') return selectAdvice(c);
  if (c?.fn === 'base64') return 'its argument may not be a string (Heat refuses one); write the argument itself';
  if (
    c !== undefined &&
    spellingFor(c.fn, { dialect: 'cfn', key: 'AWSTemplateFormatVersion', value: '2010-09-09' }) === undefined
  ) {
    return 'the CFN dialect has no such function: write HOT (--dialect hot)';
  }
  return undefined;
}

/** Where a blocker is, as `template`'s own version spells the path (the path in the target when it is not found). */
export function blockerPath(blocker: TemplateEmitError, template: Template): string {
  const c = blocker.at?.call;
  return (c !== undefined ? pathOfCall(template, c) : undefined) ?? blocker.at?.path ?? '';
}

/**
 * The path of `node` (a call found in `template`, by identity) as `template`'s own version spells it
 * (`Resources.Blog.Properties.Env[0]`), or undefined when it is not there.
 */
export function pathOfCall(template: Template, node: Call): string | undefined {
  const paths = new TemplatePaths(template.version);
  const roots: [string, Expr][] = [];
  for (const [name, r] of Object.entries(template.resources)) {
    roots.push([paths.resource(name, 'properties'), r.properties]);
    if (r.metadata !== undefined) roots.push([paths.resource(name, 'metadata'), r.metadata]);
  }
  for (const [name, o] of Object.entries(template.outputs)) roots.push([paths.output(name, 'value'), o.value]);
  for (const [name, c] of Object.entries(template.conditions)) roots.push([paths.section('conditions', name), c]);
  const stack: [string, Expr][] = roots.reverse();
  while (stack.length > 0) {
    const [path, e] = stack.pop() as [string, Expr];
    if (e === null || typeof e !== 'object') continue;
    if (e === node) return path;
    if (isCall(e)) {
      const argPaths = paths.argumentPaths(e, path);
      for (let i = e.args.length - 1; i >= 0; i--) stack.push([argPaths[i] as string, e.args[i] as Expr]);
    } else if (Array.isArray(e)) {
      for (let i = e.length - 1; i >= 0; i--) stack.push([`${path}[${i}]`, e[i] as Expr]);
    } else {
      const entries = Object.entries(e);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, Expr];
        stack.push([`${path}.${k}`, v]);
      }
    }
  }
  return undefined;
}
