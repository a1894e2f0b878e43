import fc from 'fast-check';
import { Lazy } from 'heatstack';
import { call, type Expr, isCall } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import { numberToken, numberTokenIndex, splitFragments } from '../../src/tokens/private/encoding.js';
import type { ResolveContext } from '../../src/tokens/resolvable.js';
import { resolveValue } from '../../src/tokens/resolve.js';

const ctx: ResolveContext = { dialect: 'cfn', stack: {}, referrer: {}, referrerPath: 'Test', section: 'outputs' };

describe('number token encoding', () => {
  test('every index survives a round trip, as a number and through its string form', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), (n) => {
        const t = numberToken(n);
        expect(numberTokenIndex(t)).toBe(n);
        expect(numberTokenIndex(Number(String(t)))).toBe(n);
        expect(splitFragments(`x${t}y`)).toEqual([
          { kind: 'literal', text: 'x' },
          { kind: 'number', index: n, text: String(t) },
          { kind: 'literal', text: 'y' },
        ]);
      }),
    );
  });

  test('ordinary numbers are never taken for tokens', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(numberTokenIndex(x)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});

/** Concatenates a resolved value back, reading each marker call as its marker. */
function render(e: Expr): string {
  if (typeof e === 'string') return e;
  if (isCall(e) && e.fn === 'join') return (e.args[1] as Expr[]).map(render).join(e.args[0] as string);
  if (isCall(e) && e.fn === 'get_param') return `<${e.args[0]}>`;
  throw new Error(`unexpected ${JSON.stringify(e)}`);
}

describe('string token round trips', () => {
  test('any mix of literals and tokens resolves to a join that reads back as the same text', () => {
    const piece = fc.oneof(
      fc
        .string()
        .filter((s) => !/oken\[|[$#]\{t|\d{10}/i.test(s))
        .map((s) => ({ literal: s })),
      fc.constantFrom('A', 'B', 'C').map((name) => ({ token: name })),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const markers = new Map(
          ['A', 'B', 'C'].map((n) => [n, Lazy.string({ produce: () => call('get_param', n) as never })]),
        );
        const s = pieces.map((p) => ('literal' in p ? p.literal : markers.get(p.token))).join('');
        const expected = pieces.map((p) => ('literal' in p ? p.literal : `<${p.token}>`)).join('');
        const resolved = resolveValue(s, ctx, 'Value') as Expr;
        expect(render(resolved)).toBe(expected);
        // minimal: no empty literals, no adjacent literals, no nested '' joins
        if (isCall(resolved) && resolved.fn === 'join') {
          const parts = resolved.args[1] as Expr[];
          expect(parts.every((p, i) => p !== '' && !(typeof p === 'string' && typeof parts[i + 1] === 'string'))).toBe(
            true,
          );
          expect(parts.some((p) => isCall(p) && p.fn === 'join')).toBe(false);
        }
      }),
    );
  });
});

describe('splitFragments', () => {
  /** The whole-string regex scan, as splitFragments did it for every string. */
  function scanned(s: string): { kind: string; text: string; index?: number }[] {
    const pattern = /\$\{Token\[(?:[\w.-]*\.)?(\d+)\]\}|#\{Token\[(?:[\w.-]*\.)?(\d+)\]\}/g;
    const out: { kind: string; text: string; index?: number }[] = [];
    let last = 0;
    for (let m = pattern.exec(s); m !== null; m = pattern.exec(s)) {
      if (m.index > last) out.push({ kind: 'literal', text: s.slice(last, m.index) });
      out.push({ kind: m[1] !== undefined ? 'string' : 'list', text: m[0], index: Number(m[1] ?? m[2]) });
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push({ kind: 'literal', text: s.slice(last) });
    return out;
  }

  test('finds the same fragments as a scan of the whole string, near-tokens and overlaps included', () => {
    const $ = '$'; // token text as heatstack writes it, built so that it is not mistaken for a template
    const piece = fc.constantFrom(
      `${$}{Token[A.1]}`,
      '#{Token[B.c.22]}',
      `${$}{Token[`,
      '{Token[',
      '$',
      '#',
      ']}',
      `${$}{Token[x]}`,
      `${$}{Token[1]}`,
      'a',
      '.',
      '7',
      '-',
      '_',
      'É',
      `${$}{Token[a-b_c.0099]}`,
      `${$}{Token[a b.1]}`,
      `${$}{Token[.5]}`,
      `${$}{Token[5.]}`,
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const s = pieces.join('');
        const fragments = splitFragments(s).map((f) => ({
          kind: f.kind,
          text: f.text,
          ...('index' in f && { index: f.index }),
        }));
        expect(fragments).toEqual(scanned(s));
      }),
      { numRuns: 2000 },
    );
  });
});
