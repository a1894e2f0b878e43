/**
 * Template path → line and column in the source. Paths are split against the keys actually present
 * (`Resources.Blog.Properties.Env[1].Fn::Join[1]`), so keys that contain dots still resolve. A path that goes
 * deeper than the source (into a value a function computes) resolves to the deepest node that exists.
 */

import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourcePosition } from '../model.js';

export type PositionLookup = (path: string) => SourcePosition | undefined;

export function positionLookup(doc: Document.Parsed, lineCounter: LineCounter): PositionLookup {
  return (path) => {
    const offset = locate(doc, path);
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function locate(doc: Document.Parsed, path: string): number | undefined {
  let node: unknown = doc.contents;
  let at = rangeStart(node) ?? 0;
  let rest = path;
  for (let guard = 0; rest !== '' && guard < 10_000; guard++) {
    while (isAlias(node)) node = (node as unknown as { resolve(d: Document): Node | undefined }).resolve(doc);
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      const index = Number(rest.slice(1, close));
      if (close < 0 || !isSeq(node) || !Number.isInteger(index)) return at;
      const item = node.items[index];
      if (item === undefined) return at;
      node = item;
      at = rangeStart(item) ?? at;
      rest = rest.slice(close + 1);
      continue;
    }
    if (rest.startsWith('.')) rest = rest.slice(1);
    if (!isMap(node)) return at;
    let best: { key: string; pair: unknown } | undefined;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = keyText(pair.key);
      if (k === undefined || (best && k.length <= best.key.length)) continue;
      const next = rest.charAt(k.length);
      if (rest.startsWith(k) && (next === '' || next === '.' || next === '[')) best = { key: k, pair };
    }
    if (best === undefined) return at;
    const pair = best.pair as { key: unknown; value: unknown };
    at = rangeStart(pair.key) ?? at;
    node = pair.value;
    rest = rest.slice(best.key.length);
  }
  return at;
}
