import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emitTemplate, TemplateEmitError } from '../../src/template/emit/index.js';
import type { Format, Template } from '../../src/template/model.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { templateArb } from './arbitraries.js';

function errorsOf(text: string) {
  return parseTemplate(text).diagnostics.filter((d) => d.severity === 'error');
}

describe('round trips', () => {
  for (const format of ['yaml', 'json'] as Format[]) {
    test(`parse(emit(t)) gives t back, for random templates of both dialects, in ${format}`, () => {
      fc.assert(
        fc.property(templateArb, (t: Template) => {
          const text = emitTemplate(t, { dialect: t.version.dialect, format });
          const parsed = parseTemplate(text);
          expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(parsed.template).toEqual(t);
        }),
        { numRuns: 400 },
      );
    });
  }

  test('cfn → hot → cfn gives back an equivalent template', () => {
    fc.assert(
      fc.property(
        templateArb.filter((t) => t.version.dialect === 'cfn'),
        (t: Template) => {
          let hot: string;
          try {
            hot = emitTemplate(t, { dialect: 'hot', format: 'yaml' });
          } catch {
            return; // not every CFN template has a HOT equivalent (Mappings, Fn::Select with str_split…)
          }
          const viaHot = parseTemplate(hot);
          expect(errorsOf(hot)).toEqual([]);
          const back = emitTemplate(viaHot.template as Template, { dialect: 'cfn', format: 'yaml' });
          expect(errorsOf(back)).toEqual([]);
          const again = parseTemplate(back).template as Template;
          expect({ ...again, version: t.version }).toEqual(t);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('converting whatever parses', () => {
  test('a template that parses without errors converts to either dialect, or fails with a TemplateEmitError; the result parses without errors', () => {
    const mutation = fc.record({
      at: fc.nat(),
      text: fc.constantFrom('', ' ', '\n', 'x', '- ', ': ', '"', "'", '{', '['),
    });
    fc.assert(
      fc.property(templateArb, fc.constantFrom<Format>('yaml', 'json'), mutation, (t: Template, format, m) => {
        const text = emitTemplate(t, { dialect: t.version.dialect, format });
        const at = m.at % (text.length + 1);
        const parsed = parseTemplate(text.slice(0, at) + m.text + text.slice(at));
        if (parsed.template === undefined || parsed.diagnostics.some((d) => d.severity === 'error')) return;
        for (const dialect of ['cfn', 'hot'] as const) {
          let out: string;
          try {
            out = emitTemplate(parsed.template, { dialect, format: 'yaml' });
          } catch (err) {
            expect(err).toBeInstanceOf(TemplateEmitError);
            continue;
          }
          expect(errorsOf(out)).toEqual([]);
        }
      }),
      { numRuns: 800 },
    );
  }, 300_000);
});
