import { showText } from '../terminal-text.js';
import type { SourcePosition } from './model.js';

/**
 * One problem found in a template. `path` is the template path as the author wrote the sections
 * (`Resources.Blog.Properties.Env[1]` in CFN, `resources.blog.properties.env[1]` in HOT); `position` is
 * where that path starts in the source file, when the template came from one.
 */
export interface Diagnostic {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly position?: SourcePosition;
}

/**
 * `file:line:col: message (at path)` — the form editors and CI annotate; one line per problem (the names and
 * values a message quotes come from the template: their control characters are written out).
 */
export function formatDiagnostic(d: Diagnostic, fileName: string): string {
  const file = showText(fileName);
  const where = d.position ? `${file}:${d.position.line}:${d.position.column}` : file;
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${sev}${showText(d.message)}${d.path ? ` (at ${showText(d.path)})` : ''}`;
}

/** Joins a template path: `pathOf('Resources', 'Blog', 'Properties', 'Env', 1)` → `Resources.Blog.Properties.Env[1]`. */
export function pathOf(...parts: readonly (string | number)[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}
