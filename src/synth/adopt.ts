import { SynthError, type SynthProblem } from '../constructs/errors.js';
import { HeatstackError } from '../errors.js';
import { Call, type Template } from '../template/model.js';

/**
 * An app file may load a second copy of heatstack (the CLI runs from `dist/`, the app file's `import 'heatstack'`
 * may resolve to the sources through a tsconfig path). Its templates are plain data except for `Call`s, and its
 * errors are `HeatstackError`s of the other copy: both are converted here so that `instanceof` works for callers.
 */
export function adoptTemplate(template: Template): Template {
  return adopt(template) as Template;
}

function adopt(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(adopt);
  if (value instanceof Call) return value;
  if (isForeignCall(value))
    return new Call(value.fn as Call['fn'], (value.args as unknown[]).map(adopt) as Call['args']);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = adopt(v);
  return out;
}

function isForeignCall(value: object): value is { fn: unknown; args: unknown } {
  return value.constructor?.name === 'Call' && 'fn' in value && Array.isArray((value as { args?: unknown }).args);
}

/** A `HeatstackError` (or subclass) from either copy, as one of this copy's; other values unchanged. */
export function adoptError(e: unknown): unknown {
  if (e instanceof HeatstackError || !(e instanceof Error) || !isHeatstackErrorOfAnyCopy(e)) return e;
  const problems = (e as { problems?: SynthProblem[] }).problems;
  if (Array.isArray(problems)) return new SynthError(problems);
  return new HeatstackError(e.message);
}

function isHeatstackErrorOfAnyCopy(e: Error): boolean {
  for (let p = Object.getPrototypeOf(e); p !== null; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === 'HeatstackError') return true;
  }
  return false;
}
