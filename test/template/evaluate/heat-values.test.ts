import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../src/template/evaluate/index.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatOutputs, testWithHeat } from '../../support/heat.js';

/**
 * Values as Heat computes them (issue 10, evaluation): each case an output heatstack evaluates, with the value
 * expected, and (where Heat 19 is installed) Heat's own value of the same output.
 */

interface Case {
  readonly name: string;
  /** An output's value, in YAML. */
  readonly value: string;
  readonly expect: unknown;
}

const CASES: readonly Case[] = [
  {
    name: 'map_replace values with a number key replace a number',
    value: '{map_replace: [{a: 1, b: 2}, {values: {1: one}}]}',
    expect: { a: 'one', b: 2 },
  },
  {
    name: 'map_replace values with a boolean key replace a boolean',
    value: '{map_replace: [{a: true, b: false}, {values: {true: yes-value}}]}',
    expect: { a: 'yes-value', b: false },
  },
  {
    name: 'map_replace values with a boolean key replace 1 (True == 1 in Python)',
    value: '{map_replace: [{a: 1}, {values: {true: one}}]}',
    expect: { a: 'one' },
  },
  {
    name: 'map_replace values with a string key still replace only the string',
    value: '{map_replace: [{a: x, b: 2}, {values: {x: y}}]}',
    expect: { a: 'y', b: 2 },
  },
  {
    name: '.inf, -.inf and .nan are floats, spelled as Python spells them in a string',
    value:
      "{list_join: [' ', [{str_replace: {template: v, params: {v: .inf}}}, {str_replace: {template: v, params: {v: -.inf}}}, {str_replace: {template: v, params: {v: .nan}}}]]}",
    expect: 'inf -inf nan',
  },
  {
    name: "a fraction below 1e-4 and -0.0 are spelled as Python spells them (1e-05, not JavaScript's 0.00001)",
    value:
      "{list_join: [' ', [{str_replace: {template: v, params: {v: 0.00001}}}, {str_replace: {template: v, params: {v: -1.5e-7}}}, {str_replace: {template: v, params: {v: -0.0}}}, {str_replace: {template: v, params: {v: 0.0001}}}]]}",
    expect: '1e-05 -1.5e-07 -0.0 0.0001',
  },
  {
    name: 'in JSON too (list_join of a map)',
    value: "{list_join: [',', [{a: 0.00002, b: -0.0, c: -0}]]}",
    expect: '{"a": 2e-05, "b": -0.0, "c": 0}',
  },
  {
    name: 'keys that collide in a Python dict (1, 1.0 and true) are one key: the first, with the last value',
    value: '{map_merge: [{1: a, true: c}, {x: {1: a, 1.0: b}}]}',
    expect: { '1': 'c', x: { '1': 'b' } },
  },
  {
    name: '!!binary is its bytes, which Heat resolves to a list of numbers',
    value: '{str_replace: {template: v, params: {v: !!binary aGk=}}}',
    expect: '[104, 105]',
  },
  {
    name: '!!set is the list of its keys',
    value: "{list_join: [',', !!set {x}]}",
    expect: 'x',
  },
  {
    name: '!!omap and !!pairs are lists of [key, value] pairs',
    value: '[!!omap [b: 1, c: 2], !!pairs [d: 3, d: 4]]',
    expect: [
      [
        ['b', 1],
        ['c', 2],
      ],
      [
        ['d', 3],
        ['d', 4],
      ],
    ],
  },
  {
    name: 'a quoted scalar continued at column 0, and a next-line character, fold as line breaks',
    value: '{list_join: [\'-\', ["one\ntwo", "three\u0085four"]]}',
    expect: 'one two-three four',
  },
];

const templateOf = (c: Case) => `heat_template_version: 2021-04-16\noutputs:\n  o: {value: ${c.value}}\n`;

function heatstackValue(text: string): unknown {
  const { template } = parseTemplate(text);
  if (template === undefined) throw new Error(`not a template: ${text}`);
  return evaluate(template.outputs.o!.value, {
    template,
    parameters: {},
    resourceId: (name) => name,
    attribute: () => null,
  });
}

describe('values heatstack computes as Heat does', () => {
  for (const c of CASES) {
    test(c.name, () => {
      expect(heatstackValue(templateOf(c))).toEqual(c.expect);
    });
  }

  testWithHeat(
    "Heat 19's values are the same",
    () => {
      const heat = heatOutputs(CASES.map((c) => ({ template: templateOf(c) })));
      const differ = CASES.flatMap((c, i) => {
        const result = heat[i];
        const value = result !== undefined && 'outputs' in result ? result.outputs.o?.value : result;
        return JSON.stringify(value) === JSON.stringify(c.expect)
          ? []
          : [`${c.name}: Heat gives ${JSON.stringify(value)}`];
      });
      expect(differ).toEqual([]);
    },
    60_000,
  );
});
