import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { type Plain, writeYaml } from '../../../src/template/emit/yaml-writer.js';
import type { Template } from '../../../src/template/model.js';
import { fastReadYaml } from '../../../src/template/parse/fast-yaml.js';
import { readTemplateText } from '../../../src/template/parse/reader.js';
import { dataArb, templateArb } from '../arbitraries.js';

/** What the general reader (the `yaml` library with PyYAML's rules) gives, or `undefined` when it finds problems. */
function general(text: string): unknown {
  const read = readTemplateText(text, { fast: false });
  return read.problems.length > 0 ? undefined : read.value;
}

/** The fast reader may decline; when it answers, it must answer exactly what the general reader does. */
function expectAgreement(text: string): boolean {
  const fast = fastReadYaml(text);
  if (fast === undefined) return false;
  expect({ text, value: fast }).toEqual({ text, value: general(text) });
  return true;
}

const edit = fc.record({
  at: fc.nat(),
  drop: fc.nat(3),
  text: fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '  ',
      '\n',
      '- ',
      ': ',
      ':',
      '#',
      ' #x',
      "'",
      '"',
      '[',
      ']',
      '{}',
      '|',
      '|-',
      '>',
      '&a ',
      '*a',
      '!!str ',
      '? ',
      '---\n',
      '\\',
    ),
    fc.string({ maxLength: 3 }),
  ),
});

describe('the fast YAML reader', () => {
  test('reads every template emit writes, exactly as the general reader does', () => {
    fc.assert(
      fc.property(templateArb, (t: Template) => {
        const text = emitTemplate(t, { dialect: t.version.dialect, format: 'yaml' });
        expect(expectAgreement(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('a flow list item whose quoted text holds ": " is a value, not a key (found by the property above)', () => {
    const text = "M:\n  'yes':\n    - [': ']\n    - ['a', b]\n";
    expect(fastReadYaml(text)).toEqual({ M: { yes: [[': '], ['a', 'b']] } });
    expect(expectAgreement(text)).toBe(true);
  });

  test('agrees with the general reader on any data the writer writes (or declines)', () => {
    fc.assert(
      fc.property(dataArb, (value) => {
        expectAgreement(writeYaml({ root: value as Plain }));
      }),
      { numRuns: 3000 },
    );
  });

  test('after random edits, whatever it still reads, it reads as the general reader does', () => {
    fc.assert(
      fc.property(templateArb, fc.array(edit, { minLength: 1, maxLength: 3 }), (t: Template, edits) => {
        let text = emitTemplate(t, { dialect: t.version.dialect, format: 'yaml' });
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.text + text.slice(at + e.drop);
        }
        expectAgreement(text);
      }),
      { numRuns: 1500 },
    );
  }, 600_000);

  test('reads flow collections, on one line or over several, as the general reader does', () => {
    const breaks = fc.array(fc.record({ at: fc.nat(), text: fc.constantFrom('\n  ', '\n\n    ', ' ') }), {
      maxLength: 4,
    });
    let read = 0;
    fc.assert(
      fc.property(dataArb, breaks, (value, edits) => {
        let text = `root: ${stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd()}\n`;
        // Line breaks and spaces after separators: where a person would wrap a long flow collection.
        for (const e of edits) {
          const commas = [...text.matchAll(/[,[{]/g)].map((m) => (m.index as number) + 1);
          const at = commas[e.at % Math.max(commas.length, 1)];
          if (at !== undefined) text = text.slice(0, at) + e.text + text.slice(at);
        }
        if (expectAgreement(text)) read++;
      }),
      { numRuns: 2000 },
    );
    // Most are read (the rest hold what the fast reader leaves to the general one, such as `[k: v]`).
    expect(read).toBeGreaterThan(1000);
  });

  test('reads a flow collection on lines of its own below its key or dash, as the general reader does', () => {
    // The seed's style: `Value:` and then `{"Fn::Join": ["",` on the next line, its items wrapped below it.
    const placement = fc.constantFrom('key', 'dash', 'key-dash');
    const breaks = fc.array(fc.record({ at: fc.nat(), indent: fc.nat(10) }), { maxLength: 4 });
    let read = 0;
    fc.assert(
      fc.property(dataArb, placement, fc.integer({ min: 1, max: 6 }), breaks, (value, where, depth, edits) => {
        let flow = stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
        for (const e of edits) {
          const commas = [...flow.matchAll(/[,[{]/g)].map((m) => (m.index as number) + 1);
          const at = commas[e.at % Math.max(commas.length, 1)];
          if (at !== undefined) flow = `${flow.slice(0, at)}\n${' '.repeat(e.indent)}${flow.slice(at)}`;
        }
        const pad = ' '.repeat(depth);
        const text =
          where === 'key'
            ? `root:\n${pad}${flow}\nnext: 1\n`
            : where === 'dash'
              ? `root:\n-\n${pad}${flow}\n- 2\n`
              : `root:\n  -\n${pad}  ${flow}\n`;
        if (expectAgreement(text)) read++;
      }),
      { numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(500);
  });

  test('the seed template (flow maps on lines of their own) is read by the fast reader', () => {
    const text = readFileSync(new URL('../../fixtures/seed/wordpress_mysql.yml', import.meta.url), 'utf8');
    expect(expectAgreement(text)).toBe(true);
  });

  test('a 4 MB flow map of 50,000 resources is read by the fast reader', () => {
    const entries = Array.from({ length: 50_000 }, (_, i) => `r${i}: {type: T, properties: {name: "n${i}"}}`);
    const value = fastReadYaml(`{heat_template_version: 2018-08-31, resources: {${entries.join(', ')}}}\n`);
    expect(Object.keys((value as { resources: object }).resources)).toHaveLength(50_000);
  });

  test('hand-written YAML of the usual kinds', () => {
    const samples = [
      'heat_template_version: 2013-05-23\nresources:\n  a:\n    type: T\n    properties:\n      env:\n      - A=1\n      - B=2\n',
      'a:\n  - - x\n    - y\n  -   k: v\n      j: w\n  - |\n    line 1\n\n    line 3\n  - end\n',
      "k: 'it''s'\nd: \"tab\\tand \\u00e9\"\nn: [1, 0x1F, yes, ~, 'q', \"r\"]\ne: {}\nl: []\n",
      '# a comment\nk:   value   \n\n  # an indented comment\nm: 2013-05-23\n',
    ];
    for (const text of samples) expect(expectAgreement(text)).toBe(true);
  });

  test('declines what it does not read: anchors, folded and multi-line scalars, comments after values', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: {b: 1} # c\n',
      'a: {b: x\n  y}\n',
      'a: [k: 1]\n',
      'a: {b: "x\n  y"}\n',
      'a: >\n  folded\n',
      'a: multi\n  line\n',
      'a: 1 # comment\n',
      'a: !!str 1\n',
      'a: 1\na: 2\n',
      '<<: {a: 1}\n',
      'a:\n\tb: 1\n',
      'a: |+\n  kept\n\n',
    ]) {
      expect(fastReadYaml(text)).toBeUndefined();
    }
  });
});
