import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emitTemplate } from '../../src/template/emit/index.js';
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
