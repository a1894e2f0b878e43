/**
 * What each YAML alias of a document names, found in one walk. The `yaml` library's `Alias.resolve` walks the whole
 * document for every alias it resolves: a template of a few thousand aliases over a few hundred thousand nodes (an
 * alias bomb beside a big value, issue 17's fuzzer) took seconds, quadratic in its size.
 */

import type { Alias, Document, Node } from 'yaml';
import { yamlLibrary as yaml } from './yaml-library.js';

export type AliasTargets = ReadonlyMap<Alias, Node | undefined>;

const TARGETS = new WeakMap<Document.Parsed, AliasTargets>();

/**
 * Each alias → the node it names: the last node anchored with its name before it in the document, as
 * `Alias.resolve` finds it (`undefined` when there is none). Built once per document.
 */
export function aliasTargets(doc: Document.Parsed): AliasTargets {
  let targets = TARGETS.get(doc);
  if (targets === undefined) {
    targets = walk(doc);
    TARGETS.set(doc, targets);
  }
  return targets;
}

/** Node before its children, a pair's key before its value: the document's order, as the library visits it. */
function walk(doc: Document.Parsed): AliasTargets {
  const y = yaml();
  const targets = new Map<Alias, Node | undefined>();
  const anchored = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const item = stack.pop();
    if (y.isPair(item)) {
      stack.push(item.value, item.key);
    } else if (y.isAlias(item)) {
      targets.set(item, anchored.get(item.source));
    } else if (y.isNode(item)) {
      if (item.anchor !== undefined) anchored.set(item.anchor, item);
      if (y.isCollection(item)) for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
    }
  }
  return targets;
}
