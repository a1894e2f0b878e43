/**
 * `parseTemplate`: a template file's text (YAML or JSON, either dialect) → the `Template` model, with every
 * structural problem as a `Diagnostic` carrying its template path and line:column. Never throws for bad input.
 */

import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { Format, SourcePosition, Template } from '../model.js';
import { buildTemplate } from './builder.js';
import { MAX_VALUES, measure, tooDeepMessage, tooDeepOffset } from './depth.js';
import { limitsFromEnvironment, resourceCountMessage, type TemplateLimits, templateSizeMessage } from './limits.js';
import { type PositionLookup, positionLookup } from './positions.js';
import { parseYamlDocument, type RawValue, readTemplateText } from './reader.js';
import { bytePosition, decodeUtf8, invalidUtf8Message } from './utf8.js';

export { HEAT_LIMITS, LIMIT_VARIABLES, limitsFromEnvironment, type TemplateLimits } from './limits.js';

export interface ParseOptions {
  /** For messages only. */
  readonly fileName?: string;
  /** Heat's `max_template_size` and `max_resources_per_stack`; by default `limitsFromEnvironment()`. */
  readonly limits?: TemplateLimits;
}

export interface ParseResult {
  /** Absent when the text is not a template heatstack can interpret (a syntax error, no valid version). */
  readonly template?: Template;
  /** Problems found while reading, errors and warnings, in source order of discovery. */
  readonly diagnostics: Diagnostic[];
  /** The format the text was written in (Heat reads it as JSON when it is JSON). */
  readonly format: Format;
  /** Where a template path (`Resources.Blog.Properties.Env[1]`, in the file's own spelling) starts in the text. */
  positionOf(path: string): SourcePosition | undefined;
}

/**
 * A template file (or standard input, `0`), parsed: a file larger than the size limit is refused from its size
 * alone, before it is read, as Heat checks the size before parsing. Errors reading the file are thrown as they are.
 */
export function parseTemplateFile(file: string | 0, options: ParseOptions = {}): ParseResult {
  const limits = options.limits ?? limitsFromEnvironment();
  if (file !== 0) {
    const size = statSync(file).size;
    if (size > limits.maxTemplateSize) return refused(templateSizeMessage(size, limits.maxTemplateSize));
  }
  return parseTemplate(readFileSync(file), { ...options, limits });
}

/**
 * Template text, or bytes (which must be UTF-8, as Heat reads them), → the model and every problem. Text over the
 * size limit is one diagnostic, given before anything is parsed.
 */
export function parseTemplate(source: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const limits = options.limits ?? limitsFromEnvironment();
  const size = typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength;
  if (size > limits.maxTemplateSize) return refused(templateSizeMessage(size, limits.maxTemplateSize));
  if (typeof source === 'string') return parseText(source, limits);
  const decoded = decodeUtf8(source);
  if ('text' in decoded) return parseText(decoded.text, limits);
  return refused(invalidUtf8Message(decoded.invalid), bytePosition(source, decoded.invalid.offset));
}

/** A template not read at all: one error, at the top of the file unless the problem has a place. */
function refused(message: string, position: SourcePosition = { line: 1, column: 1 }): ParseResult {
  return {
    diagnostics: [{ path: '', message, severity: 'error', position }],
    format: 'yaml',
    positionOf: () => undefined,
  };
}

function parseText(text: string, limits: TemplateLimits): ParseResult {
  const read = readTemplateText(text);
  // Positions come from a second, lazy parse: a valid template never pays for them.
  let lookup: PositionLookup | undefined;
  const positionOf = (path: string): SourcePosition | undefined => {
    if (lookup === undefined) {
      try {
        const { doc, lineCounter } = read.document ?? parseYamlDocument(text, read.format === 'json');
        lookup = positionLookup(doc, lineCounter);
      } catch {
        lookup = () => undefined;
      }
    }
    return lookup(path);
  };
  const diagnostics: Diagnostic[] = [];
  let offsetToPosition: ((offset: number) => SourcePosition) | undefined;
  for (const p of read.problems) {
    let position: SourcePosition | undefined;
    if (p.offset !== undefined) {
      offsetToPosition ??= lineStarts(text);
      position = offsetToPosition(p.offset);
    } else if (p.path !== undefined) position = positionOf(p.path);
    diagnostics.push({
      path: p.path ?? '',
      message: p.message,
      severity: p.severity,
      ...(position ? { position } : {}),
    });
  }
  const shape = read.value === undefined ? undefined : measure(read.value);
  const tooDeep = shape?.tooDeep;
  if (tooDeep !== undefined) {
    // Refused before building: nothing downstream is ever handed deeper input than it can walk.
    const offset = tooDeepOffset(text, read.format === 'json');
    const position = offset !== undefined ? lineStarts(text)(offset) : positionOf(tooDeep.path);
    diagnostics.push({
      path: tooDeep.outer,
      message: `${tooDeepMessage()}: ${abbreviated(tooDeep.path)}`,
      severity: 'error',
      ...(position ? { position } : {}),
    });
    return { diagnostics, format: read.format, positionOf };
  }
  if (shape !== undefined && shape.size > MAX_VALUES) {
    diagnostics.push({
      path: '',
      message: `The template expands (through YAML aliases) to more than ${MAX_VALUES} values, which is not supported`,
      severity: 'error',
      position: { line: 1, column: 1 },
    });
    return { diagnostics, format: read.format, positionOf };
  }
  const built = buildTemplate(read.value);
  const problems = [...built.problems, ...tooManyResources(read.value, built.template, limits)];
  for (const p of problems) {
    const position = positionOf(p.path);
    diagnostics.push({ path: p.path, message: p.message, severity: p.severity, ...(position ? { position } : {}) });
  }
  diagnostics.sort(bySourcePosition);
  return { ...(built.template ? { template: built.template } : {}), diagnostics, format: read.format, positionOf };
}

/** Heat counts every entry of the resources section, well-formed or not. */
function tooManyResources(raw: RawValue | undefined, template: Template | undefined, limits: TemplateLimits) {
  if (template === undefined || limits.maxResourcesPerStack < 0 || raw === null || typeof raw !== 'object') return [];
  const key = template.version.dialect === 'cfn' ? 'Resources' : 'resources';
  const section = Object.hasOwn(raw, key) ? (raw as Record<string, RawValue>)[key] : undefined;
  const count =
    section !== null && typeof section === 'object' && !Array.isArray(section) ? Object.keys(section).length : 0;
  if (count <= limits.maxResourcesPerStack) return [];
  return [{ path: key, message: resourceCountMessage(count, limits.maxResourcesPerStack), severity: 'error' as const }];
}

/** Top of the file first; a stable sort keeps problems at one place in the order they were found. */
function bySourcePosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.position?.line ?? 0;
  const lb = b.position?.line ?? 0;
  return la - lb || (a.position?.column ?? 0) - (b.position?.column ?? 0);
}

/** Offset → 1-based line and column. */
function lineStarts(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

/** A path hundreds of levels long, cut to its start and end for a message (the diagnostic keeps it whole). */
function abbreviated(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 100)}…${path.slice(-50)}`;
}
