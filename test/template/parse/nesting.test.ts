import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { conditionHolds, evaluate } from '../../../src/template/evaluate/index.js';
import type { Dialect, Expr, Format, Template } from '../../../src/template/model.js';
import { MAX_NESTING, MAX_VALUES } from '../../../src/template/parse/depth.js';
import { HEAT_LIMITS, parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/**
 * Nesting is limited in parse (MAX_NESTING levels of maps and lists) so that nothing downstream ever overflows:
 * anything deeper is one diagnostic, never a crash; anything up to the limit goes through validate, evaluate,
 * emit and a dialect conversion.
 */

/** Levels the template itself takes above a property value: root, resources, the resource, properties. */
const ABOVE_PROPERTY = 4;

type Shape = 'list' | 'join' | 'map' | 'if';

/** A property value as JSON text, nested `levels` deep by the given shape (each shape adds its own levels per step). */
function nested(shape: Shape, levels: number): string {
  const perStep = { list: 1, join: 3, map: 1, if: 2 }[shape];
  let text = '"x"';
  for (let i = 0; i < Math.floor(levels / perStep); i++) {
    if (shape === 'list') text = `[${text}]`;
    else if (shape === 'join') text = `{"list_join": [",", [${text}]]}`;
    else if (shape === 'map') text = `{"k": ${text}}`;
    else text = `{"if": [true, ${text}, "y"]}`;
  }
  return text;
}

function templateText(property: string, value: string): string {
  return `{"heat_template_version": "2021-04-16", "resources": {"b": {"type": "DockerInc::Docker::Container", "properties": {"${property}": ${value}}}}}`;
}

const PROPERTY: Record<Shape, string> = { list: 'cmd', join: 'name', map: 'env', if: 'name' };

function at(template: Template, property: string): Expr {
  return template.resources.b?.properties[property] ?? null;
}

const context = (template: Template) => ({
  template,
  parameters: {},
  resourceId: () => 'id',
  attribute: () => null,
});

describe('nesting up to the limit goes everywhere', () => {
  for (const shape of ['list', 'join', 'map', 'if'] as Shape[]) {
    test(`a ${shape} nested to the limit parses, validates, evaluates, emits and converts`, () => {
      // GIVEN a property value as deep as parse allows
      const text = templateText(PROPERTY[shape], nested(shape, MAX_NESTING - ABOVE_PROPERTY));
      // WHEN it goes through every stage
      const parsed = parseTemplate(text);
      // THEN none overflows, and each gives its usual result
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const template = parsed.template as Template;
      expect(() => validateTemplate(template)).not.toThrow();
      expect(() => evaluate(at(template, PROPERTY[shape]), context(template))).not.toThrow();
      for (const dialect of ['hot', 'cfn'] as Dialect[]) {
        for (const format of ['yaml', 'json'] as Format[]) {
          const emitted = emitTemplate(template, { dialect, format });
          // Written out 500 levels deep, it is larger than Heat's default max_template_size.
          const reparsed = parseTemplate(emitted, { limits: { ...HEAT_LIMITS, maxTemplateSize: 1 << 24 } });
          expect(reparsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        }
      }
    });
  }

  test('a condition of nested `not`s to the limit is evaluated', () => {
    let condition = 'true';
    for (let i = 0; i < MAX_NESTING - 3; i++) condition = `{"not": ${condition}}`;
    const text = `{"heat_template_version": "2021-04-16", "conditions": {"c": ${condition}}}`;
    const parsed = parseTemplate(text);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const template = parsed.template as Template;
    expect(validateTemplate(template)).toEqual([]);
    expect(conditionHolds(template, 'c', {})).toBe((MAX_NESTING - 3) % 2 === 0);
  });
});

describe('nesting beyond the limit is one diagnostic, never a crash', () => {
  for (const shape of ['list', 'join', 'map', 'if'] as Shape[]) {
    for (const format of ['json', 'yaml'] as Format[]) {
      test(`a ${shape} nested 10,000 deep, in ${format}: "nesting deeper than ${MAX_NESTING} levels"`, () => {
        // GIVEN a property value 10,000 levels deep (YAML flow style is JSON's syntax, read by the YAML reader)
        const json = templateText(PROPERTY[shape], nested(shape, 10_000));
        const text = format === 'json' ? json : `# YAML\n${json}`;
        // WHEN parsed
        const parsed = parseTemplate(text);
        // THEN one error names the limit and where, and there is no model for anything downstream
        expect(parsed.template).toBeUndefined();
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toHaveLength(1);
        expect(errors[0]?.message).toContain(`nesting deeper than ${MAX_NESTING} levels is not supported`);
        expect(errors[0]?.position?.line).toBeGreaterThan(0);
        if (format === 'json') expect(errors[0]?.path).toBe(`resources.b.properties.${PROPERTY[shape]}`);
      });
    }
  }

  test('random depths around the limit: accepted up to it, refused beyond it, never thrown', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_NESTING - 20, max: MAX_NESTING + 20 }), (levels) => {
        const parsed = parseTemplate(templateText('cmd', nested('list', levels - ABOVE_PROPERTY)));
        const refused = parsed.diagnostics.some((d) => d.message.startsWith('nesting deeper than'));
        expect(refused).toBe(levels > MAX_NESTING);
        expect(parsed.template === undefined).toBe(refused);
      }),
      { numRuns: 60 },
    );
  });
});

describe('YAML aliases that expand exponentially', () => {
  test('anchors doubling 40 times are one diagnostic, found in linear time, not an out-of-memory crash', () => {
    // GIVEN each default a list of two aliases of the one before: 2^41 values once expanded
    const lines = ['heat_template_version: 2021-04-16', 'parameters:', '  p0: {type: json, default: &a0 [x, x]}'];
    for (let i = 1; i <= 40; i++) lines.push(`  p${i}: {type: json, default: &a${i} [*a${i - 1}, *a${i - 1}]}`);
    // WHEN parsed
    const started = performance.now();
    const parsed = parseTemplate(lines.join('\n'));
    // THEN quickly refused, with no model for anything downstream to expand
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parsed.template).toBeUndefined();
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([
      `The template expands (through YAML aliases) to more than ${MAX_VALUES} values, which is not supported`,
    ]);
  });

  test('a few shared anchors are read as usual, each use an equal value', () => {
    const text = [
      'heat_template_version: 2021-04-16',
      'parameters:',
      '  a: {type: json, default: &v {k: [1, 2]}}',
      '  b: {type: json, default: *v}',
    ].join('\n');
    const parsed = parseTemplate(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.template?.parameters.b?.default).toEqual({ k: [1, 2] });
    expect(parsed.template?.parameters.a?.default).toEqual(parsed.template?.parameters.b?.default);
  });
});
