/**
 * Template text → plain data, the way Heat reads it: JSON when the text is JSON (Heat tries `json.loads` first),
 * else YAML 1.1 as PyYAML's SafeLoader reads it (see `scalars.ts`), with merge keys (`<<`) and anchors.
 * (`parseYamlDocument` also reads JSON, with positions, for `positionOf`.)
 * Reading never throws: syntax errors, unsupported tags and duplicate keys come back as problems with an offset
 * or a template path.
 */

import type { Document, LineCounter, Node } from 'yaml';
import { isExactNumber } from '../exact-number.js';
import type { Format } from '../model.js';
import { aliasTargets } from './anchors.js';
import { parseBoundedDocument } from './bounded-document.js';
import { MAX_NESTING, tooDeepMessage, tooDeepOffset, unclosedOffset } from './depth.js';
import { fastReadYaml } from './fast-yaml.js';
import { parseJsonExactly } from './json-numbers.js';
import { indentContinuations, withLineBreaks } from './layout.js';
import { BINARY_TAG, decodeBase64AsPython, PYTHON_COLLECTIONS, setMembers } from './python-tags.js';
import { type RawMap, type RawValue, setRawKey } from './raw.js';
import { keyIdentity, resolvePlain, resolveTagged } from './scalars.js';
import { yamlLibrary } from './yaml-library.js';

export { type RawMap, type RawValue, setRawKey } from './raw.js';

export interface ReadProblem {
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** A character offset into the text, or a template path, or both (the offset places it). */
  readonly offset?: number;
  readonly path?: string;
}

export interface ReadResult {
  readonly value: RawValue | undefined;
  readonly format: Format;
  readonly problems: ReadProblem[];
  /** The general reader's document, when it read the text: positions are looked up in it, not read again. */
  readonly document?: ParsedDocument;
}

export interface ParsedDocument {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

const SCALAR_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'binary', 'timestamp'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** The general YAML reader (loaded on the first text the fast reader does not take). */
const yaml = yamlLibrary;

/** The longest implicit key PyYAML reads, from its start to its `:`. */
const MAX_SIMPLE_KEY = 1024;

/** Converting stops here (aliases may nest a value deeper than its text shows); `depth.ts` refuses less. */
const MAX_DEPTH = MAX_NESTING + 1;

/** The value of the text read as JSON, when it is JSON (an object: Heat tries `json.loads` first). */
/**
 * What PyYAML's reader refuses anywhere in a YAML text, before it scans a token (`yaml/reader.py` `NON_PRINTABLE`):
 * control characters but tab, line feed and carriage return, and the non-characters — also inside quotes.
 */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function readJson(text: string): { value: RawValue } | undefined {
  if (text.trimStart()[0] !== '{') return undefined;
  try {
    return { value: parseJsonExactly(text) };
  } catch {
    return undefined;
  }
}

export interface ParsedYaml extends ParsedDocument {
  /** The text the library read (`layout.ts`: line breaks and continuation lines as PyYAML takes them). */
  readonly text: string;
  /** An offset into that text → the same character's offset in the text given. */
  readonly toOriginal: (offset: number) => number;
}

/** The text parsed as PyYAML lays it out (`layout.ts`); JSON as it is. */
export function parseYamlDocument(text: string, json: boolean): ParsedYaml {
  const same = (offset: number) => offset;
  if (json) return { ...parseLaidOut(text, true), text, toOriginal: same };
  const broken = withLineBreaks(text);
  const first = parseLaidOut(broken, false);
  if (first.doc.errors.length === 0) return { ...first, text: broken, toOriginal: same };
  const relaid = indentContinuations(broken);
  if (relaid === undefined) return { ...first, text: broken, toOriginal: same };
  const second = parseLaidOut(relaid.text, false);
  if (second.doc.errors.length > 0) return { ...first, text: broken, toOriginal: same };
  return { ...second, ...relaid };
}

function parseLaidOut(text: string, json: boolean): ParsedDocument {
  const lineCounter = new (yaml().LineCounter)();
  const options = {
    uniqueKeys: false,
    // JSON is read with JSON's types; YAML text with PyYAML's, which `toRaw` applies to the plain scalars.
    schema: json ? 'core' : 'failsafe',
    version: json ? '1.2' : '1.1',
    keepSourceTokens: false,
  } as const;
  return { doc: parseBoundedDocument(text, options, lineCounter), lineCounter };
}

export function readTemplateText(text: string, options: { fast?: boolean } = {}): ReadResult {
  // JSON is read natively (fast); duplicate keys go unreported there, as Python's json module keeps the last too.
  const json = readJson(text);
  if (json !== undefined) return { value: json.value, format: 'json', problems: [] };
  const unacceptable = NON_PRINTABLE.exec(text);
  if (unacceptable !== null) {
    const code = (unacceptable[0].codePointAt(0) as number).toString(16).padStart(4, '0');
    const message = `Error parsing template: unacceptable character #x${code}: special characters are not allowed`;
    return { value: undefined, format: 'yaml', problems: [{ message, severity: 'error', offset: unacceptable.index }] };
  }
  // Plain block YAML (what emit writes, what most templates are) has a fast reader; anything else the general one.
  if (options.fast !== false) {
    const fast = fastReadYaml(text);
    if (fast !== undefined) return { value: fast, format: 'yaml', problems: [] };
  }
  const format: Format = 'yaml';
  const problems: ReadProblem[] = [];
  const tooDeepAt = tooDeepOffset(text, false);
  if (tooDeepAt !== undefined) {
    problems.push({ message: tooDeepMessage(), severity: 'error', offset: tooDeepAt });
    return { value: undefined, format, problems };
  }
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlDocument(text, false);
  } catch (err) {
    // The YAML library recurses; only nesting far deeper than any template can exhaust the stack.
    const message = err instanceof RangeError ? tooDeepMessage() : `Error parsing template: ${(err as Error).message}`;
    problems.push({ message, severity: 'error', offset: tooDeepOffset(text, false) ?? 0 });
    return { value: undefined, format, problems };
  }
  const { doc, toOriginal } = parsed;
  for (const e of doc.errors) {
    if (e.code === 'MULTIPLE_DOCS') {
      problems.push({ message: MULTIPLE_DOCUMENTS, severity: 'error', offset: e.pos[0] });
    } else if (/call stack/i.test(e.message)) {
      problems.push({ message: tooDeepMessage(), severity: 'error', offset: tooDeepOffset(text, false) ?? e.pos[0] });
    } else {
      problems.push({
        message: `Error parsing template: ${firstLine(e.message)}`,
        severity: 'error',
        offset: withinText(text, e.pos[0]),
      });
    }
  }
  // Positions are looked up in the document read, unless it was of a relaid text (its offsets are not the text's).
  const document = parsed.text.length === text.length ? { doc, lineCounter: parsed.lineCounter } : undefined;
  if (doc.errors.length > 0) return { value: undefined, format, problems, document };
  const converter = new Converter(doc, parsed.text, problems);
  let value: RawValue | undefined;
  try {
    value = doc.contents === null ? null : converter.toRaw(doc.contents as Node, 0);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push({ message: tooDeepMessage(), severity: 'error', offset: tooDeepOffset(text, false) ?? 0 });
    return { value: undefined, format, problems, document };
  }
  const placed = problems.map((p) => (p.offset === undefined ? p : { ...p, offset: toOriginal(p.offset) }));
  // What PyYAML refuses (an undefined alias, a tag it cannot construct) leaves Heat no template at all.
  if (placed.some((p) => p.severity === 'error')) return { value: undefined, format, problems: placed, document };
  return { value, format, problems: placed, document };
}

/**
 * An error the YAML library places past the last character (an unclosed `[` or quote, found only at the end):
 * at the token left open, else at the last character — never on a line the file does not have.
 */
function withinText(text: string, offset: number): number {
  const end = text.trimEnd().length;
  if (offset < end) return offset;
  return unclosedOffset(text) ?? Math.max(0, end - 1);
}

/** PyYAML's words (`yaml.load` reads one document), and what they mean for a template. */
const MULTIPLE_DOCUMENTS =
  'Error parsing template: expected a single document in the stream, but found another document ' +
  '(a template is one YAML document: remove this "---" and what follows, or split it into its own file)';

function firstLine(message: string): string {
  return message.split('\n')[0] as string;
}

class Converter {
  private readonly path: (string | number)[] = [];
  private readonly aliased = new Map<Node, RawValue>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly problems: ReadProblem[],
  ) {}

  private pathText(): string {
    let out = '';
    for (const p of this.path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
    return out;
  }

  toRaw(node: Node, depth: number): RawValue {
    if (depth > MAX_DEPTH) throw new RangeError('too deep');
    if (yaml().isAlias(node)) {
      const target = aliasTargets(this.doc).get(node);
      if (target === undefined) {
        // PyYAML refuses an alias with no anchor before it; the YAML library would read it as null.
        this.problems.push({
          message: `Error parsing template: found undefined alias '${node.source}'`,
          severity: 'error',
          path: this.pathText(),
          offset: node.range?.[0] ?? 0,
        });
        return null;
      }
      // Each anchored value is converted once and shared, as PyYAML shares it: aliases of aliases (each
      // doubling the one before) stay linear here; `depth.ts` then bounds what the sharing expands to.
      const known = this.aliased.get(target);
      if (known !== undefined) return known;
      const value = this.toRaw(target, depth + 1);
      this.aliased.set(target, value);
      return value;
    }
    if (yaml().isScalar(node))
      return this.scalar(node as Node & { value: unknown; type?: string; tag?: string }, false);
    const pythonCollection = this.pythonCollection(node, depth);
    if (pythonCollection !== undefined) return pythonCollection;
    this.checkCollectionTag(node);
    if (yaml().isSeq(node)) {
      const out: RawValue[] = [];
      node.items.forEach((item, i) => {
        this.path.push(i);
        out.push(item === null ? null : this.toRaw(item as Node, depth + 1));
        this.path.pop();
      });
      return out;
    }
    if (yaml().isMap(node)) return this.map(node.items, depth);
    return null;
  }

  private map(items: readonly unknown[], depth: number): RawMap {
    const out: RawMap = {};
    const seen = new Set<string>();
    /** The first key written with each identity (`keyIdentity`): a later key that collides with it sets its value. */
    const firstOf = new Map<string, string>();
    const merged: RawMap[] = [];
    for (const pair of items) {
      if (!yaml().isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (keyNode !== null && yaml().isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<') {
        const source = pair.value as Node | null;
        if (source !== null) merged.push(...this.mergeSources(source, depth));
        continue;
      }
      this.checkSimpleKeyLength(keyNode);
      const written = this.keyText(keyNode, depth);
      const identity = keyIdentity(written, keyNode !== null && yaml().isScalar(keyNode) && keyNode.type === 'PLAIN');
      const key = firstOf.get(identity) ?? written;
      firstOf.set(identity, key);
      this.path.push(key);
      if (seen.has(key)) {
        const same = key === written ? '' : ` (the same key as "${key}" to PyYAML)`;
        this.problems.push({
          message: `Duplicate key "${written}"${same}: Heat keeps only the last one`,
          severity: 'warning',
          path: this.pathText(),
        });
      }
      seen.add(key);
      const valueNode = pair.value as Node | null;
      setRawKey(out, key, valueNode === null ? null : this.toRaw(valueNode, depth + 1));
      this.path.pop();
    }
    // Merged keys never override the map's own keys; earlier merge sources win over later ones (YAML 1.1).
    for (let i = merged.length - 1; i >= 0; i--) {
      const source = merged[i] as RawMap;
      for (const k of Object.keys(source)) if (!seen.has(k)) setRawKey(out, k, source[k] as RawValue);
    }
    return out;
  }

  /**
   * PyYAML takes an implicit key (no `?`) only when its `:` comes within 1,024 characters of the key's start
   * (`scanner.py`, `stale_possible_simple_keys`); a longer one is refused there.
   */
  private checkSimpleKeyLength(keyNode: Node | null): void {
    const range = keyNode?.range;
    if (range === undefined || range === null || range[1] - range[0] <= MAX_SIMPLE_KEY) return;
    const colon = this.text.indexOf(':', range[1]);
    let before = range[0] - 1;
    while (before >= 0 && ' \t\n'.includes(this.text[before] as string)) before--;
    if (colon < 0 || colon - range[0] <= MAX_SIMPLE_KEY || this.text[before] === '?') return;
    this.problems.push({
      message: `Error parsing template: mapping values are not allowed here (a key of more than ${MAX_SIMPLE_KEY} characters needs "? ")`,
      severity: 'error',
      path: this.pathText(),
      offset: colon,
    });
  }

  /**
   * `!!set` (a map: its keys), `!!omap` and `!!pairs` (a list of one-key maps: `[key, value]` pairs) as Heat holds
   * them once its functions have walked them — lists (`python-tags.ts`); `undefined` for any other node.
   */
  private pythonCollection(node: Node, depth: number): RawValue | undefined {
    const kind = node.tag === undefined ? undefined : PYTHON_COLLECTIONS.get(node.tag);
    if (kind === undefined) return undefined;
    const problem = (message: string, at: Node = node) => {
      this.problems.push({
        message: `Error parsing template: ${message}`,
        severity: 'error',
        path: this.pathText(),
        offset: at === node ? this.tagOffset(node) : (at.range?.[0] ?? 0),
      });
      return null;
    };
    if (kind === 'set') {
      if (!yaml().isMap(node)) return problem(`expected a mapping node, but found ${nodeKind(node)}`);
      return setMembers(node.items, (key: Node | null) => (key === null ? null : this.toRaw(key, depth + 1)));
    }
    if (!yaml().isSeq(node)) return problem(`expected a sequence, but found ${nodeKind(node)}`);
    const pairs: RawValue[] = [];
    for (const item of node.items as (Node | null)[]) {
      if (item === null || !yaml().isMap(item))
        return problem(
          `expected a mapping of length 1, but found ${item === null ? 'scalar' : nodeKind(item)}`,
          item ?? node,
        );
      if (item.items.length !== 1)
        return problem(`expected a single mapping item, but found ${item.items.length} items`, item);
      const pair = item.items[0] as { key: Node | null; value: Node | null };
      pairs.push([
        pair.key === null ? null : this.toRaw(pair.key, depth + 2),
        pair.value === null ? null : this.toRaw(pair.value, depth + 2),
      ]);
    }
    return pairs;
  }

  /**
   * A list or map takes no tag but its own (`!!seq`, `!!map`, `!`): PyYAML's SafeLoader has no constructor for
   * `!!python/object:…` or a local `!Ref`, and `!!str {…}` is the wrong kind of node.
   */
  private checkCollectionTag(node: Node): void {
    const tag = node.tag;
    const own = yaml().isSeq(node) ? 'tag:yaml.org,2002:seq' : 'tag:yaml.org,2002:map';
    if (tag === undefined || tag === '!' || tag === own) return;
    const message = SCALAR_TAGS.has(tag)
      ? `expected a scalar node, but found ${yaml().isSeq(node) ? 'sequence' : 'mapping'}`
      : `could not determine a constructor for the tag '${tag}'`;
    this.problems.push({
      message: `Error parsing template: ${message}`,
      severity: 'error',
      path: this.pathText(),
      offset: this.tagOffset(node),
    });
  }

  /** Where the tag written before a node starts: the last `!`-token before the node's first character. */
  private tagOffset(node: Node): number {
    const start = node.range?.[0] ?? 0;
    let at = this.text.lastIndexOf('!', start - 1);
    if (at < 0) return start;
    while (at > 0 && !' \t\n[{,'.includes(this.text[at - 1] as string)) at--;
    return at;
  }

  private mergeSources(node: Node, depth: number): RawMap[] {
    const value = this.toRaw(node, depth + 1);
    const list = Array.isArray(value) ? value : [value];
    const maps: RawMap[] = [];
    for (const v of list) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isExactNumber(v)) maps.push(v);
      else
        this.problems.push({
          message: 'A merge key (<<) takes a map or a list of maps',
          severity: 'error',
          path: this.pathText(),
        });
    }
    return maps;
  }

  /** Keys are strings in the model: a scalar key is kept as written (`80`, `yes`); a complex key is an error. */
  private keyText(node: Node | null, depth: number): string {
    if (node === null) return '';
    if (yaml().isScalar(node)) {
      const v = node.value;
      if (node.type !== 'PLAIN') return String(v);
      const resolved = this.scalar(node as Node & { value: unknown; type?: string; tag?: string }, true);
      return typeof resolved === 'string' ? resolved : String(node.source ?? v);
    }
    if (yaml().isAlias(node)) {
      const target = this.toRaw(node, depth + 1);
      if (target === null || typeof target !== 'object') return String(target);
    }
    this.problems.push({ message: 'A map key must be a scalar', severity: 'error', path: this.pathText() });
    return '';
  }

  private scalar(
    node: Node & { value: unknown; type?: string; tag?: string; source?: string },
    isKey: boolean,
  ): RawValue {
    const text = String(node.value);
    const tag = node.tag;
    if (tag === BINARY_TAG) return this.binary(text, node);
    if (tag !== undefined && PYTHON_COLLECTIONS.has(tag)) {
      this.problems.push({
        message: `Error parsing template: expected a ${tag.endsWith('set') ? 'mapping node' : 'sequence'}, but found scalar`,
        severity: 'error',
        path: this.pathText(),
        offset: this.tagOffset(node),
      });
      return text;
    }
    if (tag !== undefined && tag !== '!') {
      const tagged = resolveTagged(tag, text);
      if (tagged === undefined) {
        this.problems.push({
          message: `Error parsing template: could not determine a constructor for the tag '${tag}'`,
          severity: 'error',
          path: this.pathText(),
          offset: this.tagOffset(node),
        });
        return text;
      }
      return tagged;
    }
    if (node.type !== 'PLAIN') return text;
    if (text === '=' && !isKey) {
      this.problems.push({
        message: "Error parsing template: could not determine a constructor for the tag 'tag:yaml.org,2002:value'",
        severity: 'error',
        path: this.pathText(),
      });
      return text;
    }
    return resolvePlain(text);
  }

  /** `!!binary`: the bytes, as the list of numbers Heat's functions make of them (`python-tags.ts`). */
  private binary(text: string, node: Node): RawValue {
    const decoded = decodeBase64AsPython(text);
    if (Array.isArray(decoded)) return decoded;
    this.problems.push({
      message: `Error parsing template: ${decoded.error}`,
      severity: 'error',
      path: this.pathText(),
      offset: this.tagOffset(node),
    });
    return text;
  }
}

function nodeKind(node: Node): string {
  return yaml().isMap(node) ? 'mapping' : yaml().isSeq(node) ? 'sequence' : 'scalar';
}
