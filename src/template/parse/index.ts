/**
 * `parseTemplate`: a template file's text (YAML or JSON, either dialect) → the `Template` model, with every
 * structural problem as a `Diagnostic` carrying its template path and line:column. Never throws for bad input.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { Format, SourcePosition, Template } from '../model.js';
import { buildTemplate } from './builder.js';
import { MAX_VALUES, measure, tooDeepMessage, tooDeepOffset } from './depth.js';
import { type PositionLookup, positionLookup } from './positions.js';
import { parseYamlDocument, readTemplateText } from './reader.js';

export interface ParseOptions {
  /** For messages only. */
  readonly fileName?: string;
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

export function parseTemplate(text: string, _options: ParseOptions = {}): ParseResult {
  const read = readTemplateText(text);
  // Positions come from a second, lazy parse: a valid template never pays for them.
  let lookup: PositionLookup | undefined;
  const positionOf = (path: string): SourcePosition | undefined => {
    if (lookup === undefined) {
      try {
        const { doc, lineCounter } = parseYamlDocument(text, read.format === 'json');
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
  for (const p of built.problems) {
    const position = positionOf(p.path);
    diagnostics.push({ path: p.path, message: p.message, severity: p.severity, ...(position ? { position } : {}) });
  }
  diagnostics.sort(bySourcePosition);
  return { ...(built.template ? { template: built.template } : {}), diagnostics, format: read.format, positionOf };
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
