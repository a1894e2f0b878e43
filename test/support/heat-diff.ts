import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import type { HeatVerdict } from './heat.js';

/**
 * heatstack's verdict on a template text, in the terms of Heat's (`heat_verdict.py`): Heat's `Stack.validate`
 * asks for every parameter's value, so heatstack's check does too. Warnings do not count: where Heat accepts,
 * heatstack may warn.
 */
export function heatstackVerdict(text: string): HeatVerdict {
  const parsed = parseTemplate(text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (parsed.template !== undefined && errors.length === 0) {
    const validated = validateTemplate(parsed.template, { requireParameterValues: true });
    errors.push(...validated.filter((d) => d.severity === 'error'));
  }
  if (parsed.template === undefined && errors.length === 0) return { valid: false, error: 'not a template' };
  return errors.length === 0 ? { valid: true } : { valid: false, error: `${errors[0]?.path}: ${errors[0]?.message}` };
}

export interface Difference {
  readonly index: number;
  readonly template: string;
  readonly heat: HeatVerdict;
  readonly heatstack: HeatVerdict;
}

/** Where heatstack's verdict is not Heat's. */
export function differences(templates: readonly string[], heat: readonly HeatVerdict[]): Difference[] {
  return templates.flatMap((template, index) => {
    const theirs = heat[index] as HeatVerdict;
    const ours = heatstackVerdict(template);
    return ours.valid === theirs.valid ? [] : [{ index, template, heat: theirs, heatstack: ours }];
  });
}
