import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { type Plain, writeNumber, writeYaml } from '../../../src/template/emit/yaml-writer.js';

/** Reads YAML the two ways that matter: YAML 1.2 (core schema) and YAML 1.1 (what PyYAML, and so Heat, uses). */
function readBoth(text: string): [unknown, unknown] {
  return [parse(text), parse(text, { version: '1.1' })];
}

const scalarArb: fc.Arbitrary<Plain> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...'yYnN01:._-+ #\'"\n\t~eExXoO<=!&*|>%@`[]{},?') }),
  fc.constantFrom(
    'yes',
    'No',
    'ON',
    'off',
    'y',
    'n',
    'null',
    '~',
    'true',
    'False',
    '0x1F',
    '0o17',
    '017',
    '1_000',
    '1:20',
    '.inf',
    '-.Inf',
    '.NaN',
    '2012-12-12',
    '2001-12-14t21:59:43.10-05:00',
    '1e3',
    '+1',
    '-1.5',
    '<<',
    '=',
    '',
    ' ',
    'a\n',
    'a\n\n',
    '\nb',
    ' lead',
    'trail ',
    '- x',
    '? x',
    ': x',
    'a: b',
    'a #b',
    '#c',
    '@x',
    '`x',
    '%x',
    '!x',
    '&x',
    '*x',
    '|x',
    '>x',
    "'x",
    '"x',
    '{x',
    '[x',
    'x]',
    'a,b',
    'é',
    '😀',
    'a\u2028b',
    'a\u0085b',
    '\ufeffx',
    'tab\there',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
);

const valueArb: fc.Arbitrary<Plain> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('yes', '1', '<<', 'a: b', 'x\ny', 'k'.repeat(1100))),
    tie('value'),
    {
      maxKeys: 4,
    },
  ),
})).value as fc.Arbitrary<Plain>;

describe('the hand-written YAML writer', () => {
  test('any scalar reads back as the identical value with YAML 1.2 and YAML 1.1 readers', () => {
    fc.assert(
      fc.property(scalarArb, (value) => {
        const [v12, v11] = readBoth(writeYaml({ key: value }));
        expect(v12).toEqual({ key: value });
        expect(v11).toEqual({ key: value });
      }),
      { numRuns: 3000 },
    );
  });

  test('any nesting of lists and maps reads back identical', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const [v12, v11] = readBoth(writeYaml({ root: value }));
        expect(v12).toEqual({ root: value });
        expect(v11).toEqual({ root: value });
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['yes', "'yes'"],
    ['on', "'on'"],
    ['y', "'y'"],
    ['0x1F', "'0x1F'"],
    ['1_000', "'1_000'"],
    ['1:20', "'1:20'"],
    ['.inf', "'.inf'"],
    ['2012-12-12', "'2012-12-12'"],
    ['~', "'~'"],
    ['null', "'null'"],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    [' lead', "' lead'"],
    ["it's", "it's"],
    ['- x', "'- x'"],
    ['tab\there', '"tab\\there"'],
    ['samalba/wordpress', 'samalba/wordpress'],
    ['http://x:80/', 'http://x:80/'],
  ])('the string %j is written as %s', (value, written) => {
    expect(writeYaml({ k: value })).toBe(`k: ${written}\n`);
  });

  test('a multi-line string becomes a literal block that keeps its final newline', () => {
    expect(writeYaml({ script: '#!/bin/sh\necho hi\n' })).toBe('script: |\n  #!/bin/sh\n  echo hi\n');
    expect(writeYaml({ script: 'a\n\nb' })).toBe('script: |-\n  a\n\n  b\n');
  });

  test('floats carry a decimal point so PyYAML reads them as numbers, not strings', () => {
    // An integral number is an integer, written with every digit (a float 1e21 is an `ExactNumber`, `1.0e+21`).
    expect(writeNumber(1e21)).toBe('1000000000000000000000');
    expect(writeNumber(-0)).toBe('-0.0');
    expect(writeNumber(1.5e-7)).toBe('1.5e-7');
    expect(writeNumber(2e-7)).toBe('2.0e-7');
    expect(writeNumber(42)).toBe('42');
    expect(writeNumber(Number.POSITIVE_INFINITY)).toBe('.inf');
  });

  test('short lists of scalars are written in flow style, longer ones in block style', () => {
    expect(writeYaml({ a: ['Database', 'NetworkIp'] })).toBe('a: [Database, NetworkIp]\n');
    expect(writeYaml({ a: ['x,y', 'z'] })).toBe("a: ['x,y', z]\n");
    const long = Array.from({ length: 10 }, (_, i) => `item${i}`);
    expect(writeYaml({ a: long })).toBe(`a:\n${long.map((s) => `  - ${s}`).join('\n')}\n`);
  });

  test('lists of maps and lists of lists use the compact "- key: value" form', () => {
    const text = writeYaml({ l: [{ a: 1, b: [{ c: 'd' }] }, [['x', { y: 1 }], 'z'], {}, []] });
    expect(text).toBe(
      [
        'l:',
        '  - a: 1',
        '    b:',
        '      - c: d',
        '  - - - x',
        "      - 'y': 1",
        '    - z',
        '  - {}',
        '  - []',
        '',
      ].join('\n'),
    );
    expect(parse(text)).toEqual({ l: [{ a: 1, b: [{ c: 'd' }] }, [['x', { y: 1 }], 'z'], {}, []] });
  });
});
