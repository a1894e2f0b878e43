import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { emitTemplate } from '../../../src/template/emit/index.js';
import type { Template } from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { templateArb } from '../arbitraries.js';

/** A parse result is only ever diagnostics: each with a path, a message and a severity. */
function expectOnlyDiagnostics(text: string): void {
  const result = parseTemplate(text);
  for (const d of result.diagnostics) {
    expect(typeof d.path).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(d.severity);
  }
  if (result.template === undefined) expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

const textEdit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ unit: fc.constantFrom(...' :-[]{}#&*!|>\'"%@`,?\n\t~') }),
      fc.constantFrom(
        '{get_attr: []}',
        '{Ref: }',
        '{"Fn::Join": 1}',
        '\n  - ',
        ': ',
        '&a ',
        '*a',
        '<<: ',
        '!!int x',
        '%YAML 1.1\n',
      ),
      fc.string(),
    ),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

type Edit = typeof textEdit extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'delete') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + e.length);
  }
  if (e.kind === 'insert') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.text + text.slice(at);
  }
  const lines = text.split('\n');
  const a = e.a % lines.length;
  const b = e.b % lines.length;
  [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
  return lines.join('\n');
}

/** Replaces one random node of plain data by a random (often ill-formed) value. */
const weirdValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    { get_attr: [] },
    { get_param: {} },
    { Ref: ['x'] },
    { 'Fn::GetAtt': 'x.y' },
    { list_join: 'x' },
    { str_replace: [] },
    { if: [] },
    { not: null },
    { and: [true] },
    { repeat: { for_each: 1 } },
    { yaql: { expression: 1, bogus: 2 } },
    { make_url: { port: 'x', bogus: 1 } },
    { constraints: 'x' },
    { type: ['x'] },
    { 'Fn::If': ['c'] },
    null,
  ),
);

function mutate(data: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || data === null || typeof data !== 'object') return replacement;
  const [step, ...rest] = path as [number, ...number[]];
  if (Array.isArray(data)) {
    if (data.length === 0) return replacement;
    const i = step % data.length;
    return data.map((x, j) => (j === i ? mutate(x, rest, replacement) : x));
  }
  const keys = Object.keys(data);
  if (keys.length === 0) return replacement;
  const k = keys[step % keys.length] as string;
  return { ...(data as Record<string, unknown>), [k]: mutate((data as Record<string, unknown>)[k], rest, replacement) };
}

describe('random mutations of valid templates never crash the parser', () => {
  test('text edits (deletions, insertions of YAML punctuation, swapped lines): only diagnostics come out', () => {
    fc.assert(
      fc.property(
        templateArb,
        fc.constantFrom('yaml', 'json'),
        fc.array(textEdit, { minLength: 1, maxLength: 4 }),
        (t, format, edits) => {
          let text = emitTemplate(t as Template, {
            dialect: (t as Template).version.dialect,
            format: format as 'yaml' | 'json',
          });
          for (const e of edits) text = applyEdit(text, e);
          expectOnlyDiagnostics(text);
        },
      ),
      { numRuns: 1500 },
    );
  }, 300_000);

  test('structural edits (a node replaced by an ill-formed value): only diagnostics come out', () => {
    fc.assert(
      fc.property(
        templateArb,
        fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
        weirdValue,
        fc.boolean(),
        (t, path, replacement, asJson) => {
          const data = JSON.parse(
            emitTemplate(t as Template, { dialect: (t as Template).version.dialect, format: 'json' }),
          );
          const mutated = mutate(data, path, replacement);
          expectOnlyDiagnostics(asJson ? JSON.stringify(mutated) : stringify(mutated));
        },
      ),
      { numRuns: 1500 },
    );
  }, 300_000);

  test('degenerate inputs', () => {
    for (const text of [
      '',
      '~',
      '[]',
      '"x"',
      '{',
      '---\n---\n',
      'a: b\n',
      '\t',
      '{"a": }',
      'x: *nope',
      '[[[[[[[[[[',
      '- - - -',
    ]) {
      expectOnlyDiagnostics(text);
    }
    expectOnlyDiagnostics(`${'['.repeat(5000)}${']'.repeat(5000)}`);
  });
});
