import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../src/template/evaluate/index.js';
import { rewriteForHot } from '../../../src/template/functions/hot-rewrites.js';
import { call, type Expr, emptyTemplate, type Template } from '../../../src/template/model.js';

/** A CFN template with parameters `Name` (String), `Size` (Number), `List` (CommaDelimitedList), `value` as output. */
function cfn(value: Expr): Template {
  return {
    ...emptyTemplate('cfn'),
    parameters: {
      Name: { type: 'string', constraints: [] },
      Size: { type: 'number', constraints: [] },
      List: { type: 'comma_delimited_list', constraints: [] },
    },
    outputs: { O: { value } },
  };
}

function rewritten(value: Expr): Expr {
  return rewriteForHot(cfn(value)).outputs.O?.value ?? null;
}

/** The value as Heat would resolve it in `template`, or 'an error' where Heat raises one. */
function resolved(template: Template, value: Expr, name: string, attribute: string | null = null): unknown {
  try {
    return evaluate(value, {
      template,
      parameters: { Name: name, Size: 3, List: name.split(',') },
      resourceId: () => 'id',
      attribute: () => attribute,
    });
  } catch {
    return 'an error'; // where the original fails, the rewrite must fail too (its message may differ)
  }
}

const ref = call('get_param', 'Name');
const text = fc.string({ unit: fc.constantFrom('a', ',', 'b', ' ', '', 'aa', '.') });

describe('rewriting CFN-only functions for HOT', () => {
  test('Fn::Base64 of a value that is always a string becomes the value itself', () => {
    expect(rewritten(call('base64', 'text'))).toBe('text');
    expect(rewritten(call('base64', ref))).toEqual(ref);
    expect(rewritten(call('base64', call('join', '-', ['a', ref])))).toEqual(call('join', '-', ['a', ref]));
  });

  test('Fn::Base64 of a value that may not be a string is checked as Heat checks it, by str_replace', () => {
    for (const arg of [call('get_param', 'Size'), call('get_attr', 'R', 'a'), call('get_resource', 'R')]) {
      expect(rewritten(call('base64', arg))).toEqual(call('replace', {}, arg));
    }
    expect(rewritten(call('base64', ['x']))).toEqual(call('base64', ['x'])); // an error as written, left as it is
  });

  test('Fn::Select of item 0 or -1 of a Fn::Split becomes str_split with that index', () => {
    expect(rewritten(call('select', 0, call('split', ',', ref)))).toEqual(call('split', ',', ref, 0));
    expect(rewritten(call('select', '-1', call('split', ',', ref)))).toEqual(call('split', ',', ref, -1));
  });

  test("Fn::Select of a literal list, map or split of a literal is computed ('' when out of range)", () => {
    expect(rewritten(call('select', 1, ['a', ref, 'c']))).toEqual(ref);
    expect(rewritten(call('select', '-1', ['a', 'b']))).toBe('b');
    expect(rewritten(call('select', 5, ['a', 'b']))).toBe('');
    expect(rewritten(call('select', 'k', { k: ref, j: 'x' }))).toEqual(ref);
    expect(rewritten(call('select', 'z', { k: 'v' }))).toBe('');
    expect(rewritten(call('select', 2, call('split', ',', 'a,b,c')))).toBe('c');
    expect(rewritten(call('select', 3, call('split', ',', 'a,b,c')))).toBe('');
  });

  test('a literal list whose other items hold functions stays: Heat resolves them, and depends on them', () => {
    const select = call('select', 0, ['a', call('get_attr', 'R', 'a')]);
    expect(rewritten(select)).toEqual(select);
  });

  test('Fn::Select at any index of a split becomes str_split, padded with delimiters so it stays in range', () => {
    expect(rewritten(call('select', 2, call('split', ',', ref)))).toEqual(
      call('split', ',', call('join', '', [ref, ',,']), 2),
    );
    expect(rewritten(call('select', -3, call('split', ',', ref)))).toEqual(
      call('split', ',', call('join', '', [',,', ref]), -3),
    );
    // Items the joined text surely has need no padding.
    const twoCommas = call('join', '', [ref, ',', ref, ',x']);
    expect(rewritten(call('select', 2, call('split', ',', twoCommas)))).toEqual(call('split', ',', twoCommas, 2));
    expect(rewritten(call('select', 3, call('split', ',', twoCommas)))).toEqual(
      call('split', ',', call('join', '', [ref, ',', ref, ',x', ',']), 3),
    );
  });

  test('a value that may not be a string is checked as Fn::Split checks it (str_split would pass null on)', () => {
    const attribute = call('get_attr', 'R', 'a');
    const guarded = call('replace', {}, attribute);
    expect(rewritten(call('select', 0, call('split', '.', attribute)))).toEqual(call('split', '.', guarded, 0));
    expect(rewritten(call('select', 1, call('split', '.', attribute)))).toEqual(
      call('split', '.', call('join', '', [guarded, '.']), 1),
    );
  });

  test('Fn::Select of a CommaDelimitedList parameter becomes a get_param path', () => {
    const t: Template = { ...cfn(null), parameters: { L: { type: 'comma_delimited_list', constraints: [] } } };
    const out = rewriteForHot({ ...t, outputs: { O: { value: call('select', '1', call('get_param', 'L')) } } });
    expect(out.outputs.O?.value).toEqual(call('get_param', 'L', 1));
  });

  test('what has no exact equivalent stays', () => {
    const kept = [
      call('select', 1, call('split', '--', ref)), // padding could split differently
      call('select', 0, call('get_attr', 'R', 'a')), // a path gives null, not ''
      call('select', 0, call('get_param', 'Name')), // a string is read as JSON
      call('select', ref, call('split', ',', ref)), // the index is not known
      call('select', 0, call('split', ref, ref)), // Heat does not resolve Fn::Split's delimiter
    ];
    for (const select of kept) expect(rewritten(select)).toEqual(select);
  });

  test('nested rewrites apply innermost first, in properties, metadata and outputs', () => {
    const inner = call('base64', call('select', -1, call('split', '/', ref)));
    const t: Template = {
      ...cfn(inner),
      resources: { R: { type: 'X', properties: { p: [inner] }, metadata: { m: inner }, dependsOn: [] } },
    };
    const out = rewriteForHot(t);
    const expected = call('split', '/', ref, -1);
    expect(out.outputs.O?.value).toEqual(expected);
    expect(out.resources.R?.properties).toEqual({ p: [expected] });
    expect(out.resources.R?.metadata).toEqual({ m: expected });
  });

  test('property: every rewrite resolves, in HOT, to exactly what the original resolves to in CFN', () => {
    const hot = { ...cfn(null), version: { dialect: 'hot', value: '2021-04-16' } } as Template;
    const original = fc.constantFrom<Expr>(
      call('base64', ref),
      call('base64', call('join', ',', [ref, ref])),
      call('select', 0, call('split', ',', ref)),
      call('select', -1, call('split', ',', ref)),
      call('select', '0', call('split', ',', call('join', ',', ['', ref]))),
      call('base64', call('select', -1, call('split', ',', ref))),
      call('base64', call('get_attr', 'R', 'a')),
      call('base64', call('get_param', 'Size')),
      call('select', 1, call('split', ',', ref)),
      call('select', 3, call('split', ',', ref)),
      call('select', -2, call('split', ',', ref)),
      call('select', 2, call('split', 'ab', call('join', '', [ref, 'ab']))),
      call('select', -4, call('split', 'aa', ref)),
      call('select', 1, call('split', ',', call('get_attr', 'R', 'a'))),
      call('select', 0, call('split', ',', call('get_attr', 'R', 'a'))),
      call('select', 1, call('split', ',', call('get_param', 'Size'))),
      call('select', 1, ['x', ref]),
      call('select', 1, call('get_param', 'List')),
      call('select', -3, call('get_param', 'List')),
    );
    fc.assert(
      fc.property(original, text, fc.option(text), (expr, name, attribute) => {
        const before = resolved(cfn(expr), expr, name, attribute);
        const after = resolved(hot, rewritten(expr), name, attribute);
        expect(after).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});
