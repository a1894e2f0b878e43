/**
 * Template path → line and column in the source. Paths are split against the keys actually present
 * (`Resources.Blog.Properties.Env[1].Fn::Join[1]`), so keys that contain dots still resolve. A path that goes
 * deeper than the source (into a value a function computes) resolves to the deepest node that exists.
 */

import type { Document, LineCounter, YAMLMap } from 'yaml';
import type { SourcePosition } from '../model.js';
import { aliasTargets } from './anchors.js';
import { yamlLibrary as yaml } from './yaml-library.js';

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
  if (yaml().isScalar(key)) return String(key.value);
  return undefined;
}

type KeyedPair = { readonly key: unknown; readonly value: unknown };

/** Each map's pairs by key, built once: a template with 10,000 resources is looked up 10,000 times. */
const KEY_INDEX = new WeakMap<YAMLMap, Map<string, KeyedPair>>();

function keyIndex(map: YAMLMap): Map<string, KeyedPair> {
  let index = KEY_INDEX.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      if (!yaml().isPair(pair)) continue;
      const k = keyText(pair.key);
      if (k !== undefined) index.set(k, pair as KeyedPair); // the last of duplicate keys, as Heat keeps it
    }
    KEY_INDEX.set(map, index);
  }
  return index;
}

/** The longest key of the map that `rest` starts with, followed by a path separator or the end. */
function longestKey(index: Map<string, KeyedPair>, rest: string): { key: string; pair: KeyedPair } | undefined {
  // A small map is asked key by key: cutting a long path (a deeply nested value) at each of its separators would
  // cost its length squared at every level.
  if (index.size <= SMALL_MAP) return longestKeyOfFew(index, rest);
  for (let end = rest.length; end > 0; end--) {
    if (end < rest.length && rest[end] !== '.' && rest[end] !== '[') continue;
    const key = rest.slice(0, end);
    const pair = index.get(key);
    if (pair !== undefined) return { key, pair };
  }
  return undefined;
}

const SMALL_MAP = 32;

function longestKeyOfFew(index: Map<string, KeyedPair>, rest: string): { key: string; pair: KeyedPair } | undefined {
  let best: { key: string; pair: KeyedPair } | undefined;
  for (const [key, pair] of index) {
    if (key.length === 0 || !rest.startsWith(key) || (best !== undefined && key.length <= best.key.length)) continue;
    const next = rest[key.length];
    if (next === undefined || next === '.' || next === '[') best = { key, pair };
  }
  return best;
}

function locate(doc: Document.Parsed, path: string): number | undefined {
  let node: unknown = doc.contents;
  let at = rangeStart(node) ?? 0;
  let rest = path;
  for (let guard = 0; rest !== '' && guard < 10_000; guard++) {
    while (yaml().isAlias(node)) node = aliasTargets(doc).get(node);
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      const index = Number(rest.slice(1, close));
      if (close < 0 || !yaml().isSeq(node) || !Number.isInteger(index)) return at;
      const item = node.items[index];
      if (item === undefined) return at;
      node = item;
      at = rangeStart(item) ?? at;
      rest = rest.slice(close + 1);
      continue;
    }
    if (rest.startsWith('.')) rest = rest.slice(1);
    if (!yaml().isMap(node)) return at;
    const found = longestKey(keyIndex(node as YAMLMap), rest);
    if (found === undefined) return at;
    at = rangeStart(found.pair.key) ?? at;
    node = found.pair.value;
    rest = rest.slice(found.key.length);
  }
  return at;
}
