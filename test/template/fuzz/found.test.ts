import { describe, expect, test } from 'vitest';
import { HEAT_LIMITS, parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { cpuMs } from '../../support/cpu-time.js';
import { runCase } from './hostile.js';

/** What the hostile-template fuzzer (`hostile.ts`) found, each kept as the case that crashed. */

/** A flow list of anchors, each `width` aliases of the one before: `width ** levels` values expanded. */
const aliasBomb = (levels: number, width: number): string =>
  `[${['&a0 [lol, lol]', ...Array.from({ length: levels }, (_, i) => `&a${i + 1} [${`*a${i}, `.repeat(width - 1)}*a${i}]`)].join(', ')}]`;

describe('found by the fuzzer', () => {
  test('an allowed_pattern too large for the regular expression engine is a diagnostic, not a SyntaxError', () => {
    const pattern = 'x'.repeat(200_000);
    const text = JSON.stringify({
      heat_template_version: '2018-08-31',
      parameters: { p: { type: 'string', default: 'x', constraints: [{ allowed_pattern: pattern }] } },
    });
    const parsed = parseTemplate(text, { limits: { maxTemplateSize: 1 << 20, maxResourcesPerStack: 1000 } });
    const diagnostics = validateTemplate(parsed.template as NonNullable<typeof parsed.template>);
    expect(diagnostics.map((d) => d.message.slice(0, 28))).toEqual([
      'Invalid regular expression "',
      'Invalid default x ("x" does ',
    ]);
  });

  test('a hidden Boolean parameter whose default is an alias bomb (4^10) is answered in well under a second', () => {
    const text = [
      'HeatTemplateFormatVersion: 2012-12-12',
      'Parameters:',
      '  Flag:',
      '    Type: Boolean',
      `    Default: ${aliasBomb(10, 4)}`,
      '    NoEcho: "true"',
      'Resources: {}',
    ].join('\n');
    let messages: string[] = [];
    // Batch 9 of the big run: 192 s of CPU (its hidden value printed whole, three ways, at each of its 1.4M places).
    const ms = cpuMs(() => {
      const parsed = parseTemplate(text);
      messages = validateTemplate(parsed.template as NonNullable<typeof parsed.template>).map((d) => d.message);
    });
    expect(ms).toBeLessThan(1_000);
    expect(messages).toEqual([
      "Invalid default ****** (Unrecognized value '******', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes')",
    ]);
  });

  test('a json parameter whose default is an alias bomb (9^6) goes through the convert round trip in well under a second', () => {
    const text = `heat_template_version: 2018-08-31\nparameters:\n  P: {type: json, default: ${aliasBomb(6, 9)}}\n`;
    // The one case of the 100,000-case run over its bound: 5.4 s, each of the four forms written (18-63 MB) and read back.
    const result = runCase({ kinds: ['alias bomb 9^6'], input: text, limits: HEAT_LIMITS });
    expect(result.crash).toBeUndefined();
    expect(result.stages).not.toContain('emit hot yaml');
    expect(result.cpuMs).toBeLessThan(1_000);
  });
});
