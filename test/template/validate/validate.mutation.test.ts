import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/**
 * Random edits of the valid fixtures (and the seed), as a person half-way through an edit leaves a file: the
 * parser and the validator must answer with diagnostics only — never throw.
 */

const DIR = new URL('../../fixtures/templates/valid/', import.meta.url).pathname;
const TEXTS = [
  ...readdirSync(DIR).map((f) => readFileSync(join(DIR, f), 'utf8')),
  readFileSync(new URL('../../fixtures/seed/wordpress_mysql.yml', import.meta.url), 'utf8'),
];

const SNIPPETS = [
  '{get_attr: [blog, network_ip, 0]}',
  '{"Fn::GetAtt": ["Database", "Nope"]}',
  '{get_param: [x, 1]}',
  '{Ref: Blog}',
  '{if: [c, 1]}',
  '{condition: nope}',
  '{list_join: [1, [2]]}',
  '{repeat: {for_each: {}, template: x}}',
  '[',
  ']',
  '{',
  ': :',
  '- ',
  '&a',
  '*a',
  '<<: *a',
  '!!binary x',
  '"',
  "'",
  '\t',
  'null',
  '~',
  '1e999',
  '0x10',
  'yes',
  '- - -',
  'type: OS::Heat::Docker',
  'depends_on: [blog, blog]',
  'condition: {not: x}',
  '{str_split: [",", "a", 9]}',
];

type Mutation = (lines: string[]) => string[];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i) => (ls: string[]) => ls.filter((_, j) => j !== i % Math.max(ls.length, 1))),
  fc.nat().map((i) => (ls: string[]) => {
    const k = i % Math.max(ls.length, 1);
    return [...ls.slice(0, k + 1), ls[k] ?? '', ...ls.slice(k + 1)];
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...SNIPPETS)).map(([i, snippet]) => (ls: string[]) => {
    const k = i % Math.max(ls.length, 1);
    const line = ls[k] ?? '';
    const cut = line.indexOf(':') + 1 || line.length;
    return [...ls.slice(0, k), `${line.slice(0, cut)} ${snippet}`, ...ls.slice(k + 1)];
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([i, shift]) => (ls: string[]) => {
    const k = i % Math.max(ls.length, 1);
    const line = ls[k] ?? '';
    const moved = shift >= 0 ? `${' '.repeat(shift)}${line}` : line.slice(-shift);
    return [...ls.slice(0, k), moved, ...ls.slice(k + 1)];
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 8 })).map(([i, at, text]) => (ls: string[]) => {
    const k = i % Math.max(ls.length, 1);
    const line = ls[k] ?? '';
    const p = at % (line.length + 1);
    return [...ls.slice(0, k), line.slice(0, p) + text + line.slice(p), ...ls.slice(k + 1)];
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (ls: string[]) => {
    // Swap two words: names move to places where they mean something else.
    const words = ls.join('\n').match(/[A-Za-z_:]+/g) ?? [];
    const a = words[i % Math.max(words.length, 1)];
    const b = words[j % Math.max(words.length, 1)];
    if (a === undefined || b === undefined) return ls;
    return ls.map((l) => l.replace(new RegExp(`\\b${a}\\b`), b));
  }),
);

describe('random edits of valid templates', () => {
  test('parse and validate give diagnostics, never an exception', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEXTS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (text, edits, withValues) => {
          const mutated = edits.reduce((ls, edit) => edit(ls), text.split('\n')).join('\n');
          const parsed = parseTemplate(mutated, { fileName: 'mutated.yaml' });
          if (parsed.template === undefined) {
            expect(parsed.diagnostics.some((d) => d.severity === 'error')).toBe(true);
            return;
          }
          const options = {
            positionOf: parsed.positionOf,
            ...(withValues ? { parameters: { port: 'x', env: 'prod' } } : {}),
          };
          for (const d of validateTemplate(parsed.template, options)) {
            expect(d.message).toEqual(expect.any(String));
            expect(['error', 'warning']).toContain(d.severity);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
