import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { cpuMs } from '../../support/cpu-time.js';

/** Aliases name what `Alias.resolve` would find, found in one walk of the document (issue 17's fuzzer). */

const HOT = 'heat_template_version: 2018-08-31\n';

describe('YAML aliases', () => {
  test('name the last anchor of their name before them, in keys and values, in flow and block', () => {
    const text =
      `${HOT}description: &d first\n` +
      'parameters:\n' +
      '  a: {type: string, default: *d}\n' +
      '  &k b: {type: string, default: &d second}\n' +
      '  c: {type: string, default: [*d, *k]}\n';
    const result = parseTemplate(text);
    expect(result.diagnostics).toEqual([]);
    const defaults = Object.values(result.template?.parameters ?? {}).map((p) => p.default);
    expect(defaults).toEqual(['first', 'second', ['second', 'b']]);
  });

  test("an alias inside its own anchor's value is refused as too deep, not followed forever", () => {
    const result = parseTemplate(`${HOT}description: &d [a, *d]\n`);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['nesting deeper than 500 levels is not supported']);
  });

  test('5,000 aliases beside a list of 50,000 items are resolved in time linear in the text', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => `i${i}`).join(', ');
    const aliases = Array(5_000).fill('*d').join(', ');
    const text = `${HOT}description: &d x\nparameters:\n  p: {type: json, default: {big: [${items}], refs: [${aliases}]}}\n`;
    let refs: unknown;
    const ms = cpuMs(() => {
      const result = parseTemplate(text, { limits: { maxTemplateSize: 1 << 30, maxResourcesPerStack: -1 } });
      refs = (result.template?.parameters.p?.default as { refs?: unknown[] } | undefined)?.refs;
    });
    expect(refs).toEqual(Array(5_000).fill('x'));
    // Each alias walking the whole document took about 20 s of CPU here; one walk takes milliseconds.
    expect(ms).toBeLessThan(3_000);
  });
});
