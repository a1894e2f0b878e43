import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';

/** A YAML error is placed on a real line of the file: at the token left open, else at the last character. */

const HEAD = 'heat_template_version: 2021-04-16\nresources:\n  a:\n';

function firstError(text: string) {
  const error = parseTemplate(text).diagnostics.find((d) => d.severity === 'error');
  expect(error).toBeDefined();
  return error as NonNullable<typeof error>;
}

describe('where a YAML syntax error points', () => {
  test('an unclosed flow list in a 4-line file points at its "[", not at line 5', () => {
    // GIVEN four lines, the last opening a list it never closes (and a final newline)
    const text = `${HEAD}    type: [x\n`;
    // WHEN parsed / THEN the error is at line 4, column 11: the "["
    expect(firstError(text).position).toEqual({ line: 4, column: 11 });
  });

  test('an unclosed quote points at the quote', () => {
    expect(firstError(`${HEAD}    type: "unterminated\n    b: c\n`).position).toEqual({ line: 4, column: 11 });
  });

  test('an unclosed flow map points at its "{"', () => {
    expect(firstError(`${HEAD}    type: {x: 1\n\n\n`).position).toEqual({ line: 4, column: 11 });
  });

  test('brackets and quotes inside plain text or comments are not taken for the open token', () => {
    const text = `${HEAD}    type: echo [it's # [\n    b: [1, 2\n`;
    expect(firstError(text).position).toEqual({ line: 5, column: 8 });
  });

  test('property: any truncation of a valid template errs, if at all, within its text (not past its last character)', () => {
    const valid = [
      'heat_template_version: 2021-04-16',
      'parameters:',
      '  p: {type: string, default: "a b"}',
      'resources:',
      '  a:',
      '    type: DockerInc::Docker::Container',
      "    properties: {cmd: [sh, '-c', {list_join: [' ', [x, {get_param: p}]]}], name: 'q'}",
      '',
    ].join('\n');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: valid.length }), (cut) => {
        const text = valid.slice(0, cut);
        const lines = text.trimEnd().split('\n');
        for (const d of parseTemplate(text).diagnostics) {
          if (d.position === undefined) continue;
          expect(d.position.line).toBeLessThanOrEqual(lines.length);
          expect(d.position.column).toBeLessThanOrEqual((lines[d.position.line - 1] as string).length + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
