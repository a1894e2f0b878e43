import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../src/template/evaluate/index.js';
import { rewriteForHot } from '../../../src/template/functions/hot-rewrites.js';
import { call, type Expr, emptyTemplate, type Template } from '../../../src/template/model.js';

/** A CFN template with one String parameter `Name`, one Number parameter `Size`, and `value` as an output. */
function cfn(value: Expr): Template {
  return {
    ...emptyTemplate('cfn'),
    parameters: { Name: { type: 'string', constraints: [] }, Size: { type: 'number', constraints: [] } },
    outputs: { O: { value } },
  };
}

function rewritten(value: Expr): Expr {
  return rewriteForHot(cfn(value)).outputs.O?.value ?? null;
}

/** The value as Heat would resolve it in `template` (or the error it would raise, as a string). */
function resolved(template: Template, value: Expr, name: string): unknown {
  try {
    return evaluate(value, {
      template,
      parameters: { Name: name, Size: 3 },
      resourceId: () => 'id',
      attribute: () => null,
    });
  } catch (e) {
    return `error: ${(e as Error).message.split(':')[0]}`;
  }
}

const ref = call('get_param', 'Name');

describe('rewriting CFN-only functions for HOT', () => {
  test('Fn::Base64 of a value that is always a string becomes the value itself', () => {
    expect(rewritten(call('base64', 'text'))).toBe('text');
    expect(rewritten(call('base64', ref))).toEqual(ref);
    expect(rewritten(call('base64', call('join', '-', ['a', ref])))).toEqual(call('join', '-', ['a', ref]));
  });

  test('Fn::Base64 of a value that may not be a string stays (Heat would refuse a non-string)', () => {
    for (const arg of [call('get_param', 'Size'), call('get_attr', 'R', 'a'), call('get_resource', 'R'), ['x']]) {
      expect(rewritten(call('base64', arg as Expr))).toEqual(call('base64', arg as Expr));
    }
  });

  test('Fn::Select of item 0 or -1 of a Fn::Split becomes str_split with that index', () => {
    expect(rewritten(call('select', 0, call('split', ',', ref)))).toEqual(call('split', ',', ref, 0));
    expect(rewritten(call('select', '-1', call('split', ',', ref)))).toEqual(call('split', ',', ref, -1));
  });

  test('other selections stay: another index could be out of range, where the two functions differ', () => {
    for (const index of [1, 2, '1']) {
      const select = call('select', index, call('split', ',', ref));
      expect(rewritten(select)).toEqual(select);
    }
    const ofAttribute = call('select', 0, call('split', ',', call('get_attr', 'R', 'a')));
    expect(rewritten(ofAttribute)).toEqual(ofAttribute);
    const ofGetAtt = call('select', 0, call('get_attr', 'R', 'a'));
    expect(rewritten(ofGetAtt)).toEqual(ofGetAtt);
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
    );
    fc.assert(
      fc.property(original, fc.string({ unit: fc.constantFrom('a', ',', 'b', ' ', '') }), (expr, name) => {
        const before = resolved(cfn(expr), expr, name);
        const after = resolved(hot, rewritten(expr), name);
        expect(after).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });
});
