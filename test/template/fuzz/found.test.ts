import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/** What the hostile-template fuzzer (`hostile.ts`) found, each kept as the case that crashed. */

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
});
