import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Template } from './model.js';
import { parseTemplate } from './parse/index.js';

/**
 * Template resources: a resource whose type names a template file (`type: db.yaml`), a nested stack whose
 * parameters are the resource's properties and whose outputs are its attributes (Heat 19's
 * `engine/resources/template_resource.py`). Validation and the deploy's expansion (`deploy/expand/`) read the file
 * here, relative to the folder of the template that names it.
 */

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

/** A type naming a template file (`db.yaml`, `./nested/db.yaml`, `file:///…/db.yaml`) rather than a plugin. */
export function isTemplateFileType(type: string): boolean {
  return TEMPLATE_FILE.test(type) && !type.includes('::');
}

/** The nested template a file holds, or why it cannot be used. */
export function readNestedTemplate(path: string, baseDir: string): { template: Template } | { error: string } {
  const file = path.replace(/^file:\/\//, '');
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : resolve(baseDir, file), 'utf8');
  } catch (err) {
    return { error: `cannot read the nested template ${path}: ${(err as Error).message}` };
  }
  return parseNestedTemplate(text, path);
}

/** A nested template's text parsed, or why it is not a template. */
export function parseNestedTemplate(text: string, source: string): { template: Template } | { error: string } {
  const result = parseTemplate(text, { fileName: source });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.template === undefined || errors.length > 0)
    return { error: `the nested template ${source} is not valid: ${errors.map((d) => d.message).join('; ')}` };
  return { template: result.template };
}
