/**
 * How large a template is once written out, measured without writing it: YAML aliases share one value among many
 * places, and a file of a few hundred bytes (a "billion laughs": anchors each made of aliases of the one before) can
 * expand to tens of megabytes when written — in JSON, or by any writer that writes each place in full. Heat reads no
 * template over `max_template_size`, so `convert` refuses to write one before it spends the time (issue 17: a 9^6
 * alias bomb in a `json` parameter's default took 5.4 s through convert's round trip; it now takes milliseconds).
 */

import { isCall } from '../model.js';
import { LIMIT_VARIABLES, type TemplateLimits } from '../parse/limits.js';

/**
 * About how many bytes the template takes written out as compact JSON (YAML and indented JSON take more; a function
 * counts as a one-letter key and its arguments), each shared value measured once: linear in what the file holds, not
 * in what it expands to.
 */
export function leastWrittenSize(value: unknown): number {
  const sizes = new Map<object, number>();
  const sizeOf = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return typeof v === 'string' ? v.length + 2 : String(v).length;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (isCall(v)) {
      const size = 4 + v.args.reduce((n: number, arg) => n + 1 + sizeOf(arg), 0);
      sizes.set(v, size);
      return size;
    }
    const entries: [string | undefined, unknown][] = Array.isArray(v)
      ? v.map((item) => [undefined, item])
      : Object.entries(v);
    let size = 1 + Math.max(1, entries.length);
    for (const [key, item] of entries) size += (key === undefined ? 0 : key.length + 3) + sizeOf(item);
    sizes.set(v, size);
    return size;
  };
  return sizeOf(value);
}

/** Why the template cannot be written within Heat's `max_template_size`, or undefined when it can be. */
export function writtenSizeProblem(value: unknown, limits: TemplateLimits): string | undefined {
  const least = leastWrittenSize(value);
  if (least <= limits.maxTemplateSize) return undefined;
  return (
    `written out (its YAML aliases in full), the template would take about ${least} bytes, more than Heat reads ` +
    `(${limits.maxTemplateSize} bytes, its max_template_size; set ${LIMIT_VARIABLES.maxTemplateSize} to write a larger one)`
  );
}
