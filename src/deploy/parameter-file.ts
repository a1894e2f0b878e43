import { HeatstackError, UsageError } from '../errors.js';
import { pyStr } from '../template/evaluate/python.js';
import { isExactNumber } from '../template/exact-number.js';
import { stringifyJsonExactly } from '../template/parse/json-numbers.js';
import { type RawValue, readTemplateText } from '../template/parse/reader.js';

/**
 * A `--parameter-file`: a map of values, or a Heat environment file with a `parameters` map, read as Heat reads an
 * environment (PyYAML's YAML 1.1, or JSON with Python's numbers: the template reader) and given to the stack as Heat
 * gives it (checked with Heat 19's own environment and parameter classes): a scalar as Python's `str()` of it (`yes`
 * → `True`, `5.0` → `5.0`, which a `number` parameter reads as the float again), a list item by item
 * (`[1.0, true]` → `1.0,True`), a map as JSON with its numbers' own text, and a null as no value (the default holds).
 */
export function parameterFileValues(text: string, file: string): Record<string, string> {
  const read = readTemplateText(text);
  const problem = read.problems.find((p) => p.severity === 'error');
  if (problem !== undefined || read.value === undefined)
    throw new HeatstackError(`cannot read the parameter file ${file}: ${problem?.message ?? 'it is empty'}`);
  const doc = read.value;
  const map = isMap(doc) && isMap(doc.parameters) ? doc.parameters : doc;
  if (!isMap(map))
    throw new UsageError(`the parameter file ${file} must hold a map of parameter values (or a \`parameters:\` map)`);
  // fromEntries makes each an own key, `__proto__` too.
  return Object.fromEntries(
    Object.entries(map).flatMap(([name, value]) => (value === null ? [] : [[name, parameterText(value)]])),
  );
}

function parameterText(value: RawValue): string {
  if (Array.isArray(value)) return value.map(pyStr).join(',');
  if (isMap(value)) return stringifyJsonExactly(value);
  return pyStr(value);
}

function isMap(value: RawValue | undefined): value is { [key: string]: RawValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isExactNumber(value);
}
