import fc from 'fast-check';
import { expect, test } from 'vitest';
import { emitTemplate, shapeFor, TemplateEmitError, writeYamlDocument } from '../../../src/template/emit/index.js';
import { plainJsonLines } from '../../../src/template/emit/json-lines.js';
import type { Dialect, Template } from '../../../src/template/model.js';
import { templateArb } from '../arbitraries.js';

/**
 * What emit wrote before it streamed resources: the whole shaped template, then one serializer call (for JSON, the
 * lines of `JSON.stringify(data, null, 2)` with numbers as Python writes them: `-0.0`, every digit of an integer).
 */
function emitWhole(template: Template, dialect: Dialect, format: 'json' | 'yaml'): string {
  const data = shapeFor(template, { dialect, version: 'auto' });
  if (format === 'yaml') return writeYamlDocument(data, new Set(['Resources', 'resources']));
  const lines: string[] = [];
  plainJsonLines(data, '', 0, lines);
  return `${lines.join('\n')}\n`;
}

function outcome(write: () => string): string {
  try {
    return write();
  } catch (e) {
    if (e instanceof TemplateEmitError) return `error: ${e.message}`;
    throw e;
  }
}

test('writing resources one at a time gives the same bytes (or error) as serializing the shaped template', () => {
  fc.assert(
    fc.property(
      templateArb,
      fc.constantFrom<Dialect>('cfn', 'hot'),
      fc.constantFrom('json' as const, 'yaml' as const),
      (template, dialect, format) => {
        // WHEN
        const streamed = outcome(() => emitTemplate(template, { dialect, format, version: 'auto' }));
        // THEN
        expect(streamed).toBe(outcome(() => emitWhole(template, dialect, format)));
      },
    ),
    { numRuns: 300 },
  );
});

test('a template without resources is written with an empty resources map in both formats', () => {
  // GIVEN
  const template: Template = {
    version: { dialect: 'hot', value: '2018-08-31' },
    parameterGroups: [],
    parameters: {},
    mappings: {},
    conditions: {},
    resources: {},
    outputs: {},
  };
  // THEN
  expect(emitTemplate(template, { dialect: 'hot', format: 'json' })).toBe(
    '{\n  "heat_template_version": "2018-08-31",\n  "resources": {}\n}\n',
  );
  expect(emitTemplate(template, { dialect: 'hot', format: 'yaml' })).toBe(
    "heat_template_version: '2018-08-31'\n\nresources: {}\n",
  );
});
