import { loadOnce } from '../../load-once.js';
import type { FnName } from '../model.js';
import { type FunctionEnv, fail, isEmpty, jsonAware, pyRepr, spelled } from './env.js';
import { isMap, pyIndex, pyInt, pyJsonDumps, pyQuote, pySplit, pyStr, pyUrlencode, pyUrlunsplit } from './python.js';

/** Functions that build strings: joins, splits, replacements, digests, URLs. */

/** `node:crypto`, loaded on the first digest: most templates have none, and loading it costs start-up time. */
const crypto = loadOnce<typeof import('node:crypto')>('node:crypto');

/** `list_join`/`Fn::Join`. Before HOT 2015-10-15 only strings join; later maps and lists join as sorted JSON. */
export function join(args: unknown[], env: FunctionEnv): string {
  const [delimiter, ...lists] = args;
  const items: unknown[] = [];
  const json = jsonAware(env.ctx.template);
  for (const list of lists) {
    // From 2015-10-15 Heat skips any empty argument (`''` too); before, only a missing list.
    if (list === null || list === undefined || (json && isEmpty(list))) continue;
    if (!Array.isArray(list)) fail(env, 'join', `"${spelled(env.ctx.template, 'join')}" must operate on a list`);
    for (const item of list) items.push(item);
  }
  if (typeof delimiter !== 'string') {
    fail(env, 'join', `"${spelled(env.ctx.template, 'join')}" delimiter must be a string`);
  }
  const strings = items.map((s) => {
    if (s === null || s === undefined) return '';
    if (typeof s === 'string') return s;
    if (json && (Array.isArray(s) || isMap(s))) return pyJsonDumps(s);
    return fail(env, 'join', `Items to join must be ${json ? 'string, map or list' : 'strings'} not ${pyRepr(s)}`);
  });
  return strings.join(delimiter);
}

/** `Fn::Split` / `str_split` (with an optional index; out of range is an error there, unlike `Fn::Select`). */
export function split(args: unknown[], env: FunctionEnv): unknown {
  const [delimiter, value, ...rest] = args;
  const name = spelled(env.ctx.template, 'split');
  // HOT's str_split (2015-10-15) passes a value not known yet through; CFN's Fn::Split (and HOT 2013-05-23's) fails.
  const { version } = env.ctx.template;
  const strSplit = version.dialect === 'hot' && version.value >= '2015-10-15';
  if (strSplit && (value === null || value === undefined)) return null;
  if (typeof delimiter !== 'string') fail(env, 'split', `Delimiter for ${name} must be string`);
  if (typeof value !== 'string') fail(env, 'split', `String to split must be string; got ${pyRepr(value)}`);
  const parts = pySplit(value, delimiter);
  if (parts === undefined) fail(env, 'split', 'empty separator');
  if (rest.length === 0) return parts;
  const index = pyInt(rest[0]);
  if (index === undefined) fail(env, 'split', `Incorrect index to "${name}" should be: an integer`);
  const picked = pyIndex(parts, index);
  if (!picked.found) fail(env, 'split', `Incorrect index to "${name}" should be between 0 and ${parts.length - 1}`);
  return picked.value;
}

/**
 * `str_replace` and friends: keys are replaced longest first (equal lengths in code point order), and text a
 * replacement inserted is never scanned again.
 */
export function replace(args: unknown[], env: FunctionEnv, fn: FnName, strict: boolean, allowEmpty: boolean): string {
  const [params, template] = args;
  const name = spelled(env.ctx.template, fn);
  if (typeof template !== 'string') fail(env, fn, `"${name}" template must be a string`);
  if (!isMap(params)) fail(env, fn, `"${name}" params must be a map`);
  const json = fn !== 'replace' || jsonAware(env.ctx.template);
  const keys = Object.keys(params).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const values = keys.map((k) => replacement(params[k], k, json, allowEmpty, env, fn));
  const unused = new Set(keys);
  const result = replaceKeys(template, keys, values, unused);
  if (strict && unused.size > 0) {
    fail(env, fn, `The following params were not found in the template: ${[...unused].join(',')}`);
  }
  return result;
}

function replaceKeys(template: string, keys: string[], values: string[], unused: Set<string>): string {
  // Split on each key in turn, then join the pieces back with its value: inserted text is never rescanned.
  type Piece = { text: string; depth: number } | { joined: number; depth: number; count: number };
  const work: Piece[] = [{ text: template, depth: 0 }];
  const out: string[] = [];
  while (work.length > 0) {
    const piece = work.pop() as Piece;
    if ('joined' in piece) {
      const parts = out.splice(out.length - piece.count, piece.count);
      out.push(parts.join(values[piece.joined] as string));
      continue;
    }
    if (piece.depth === keys.length) {
      out.push(piece.text);
      continue;
    }
    const key = keys[piece.depth] as string;
    const parts = piece.text.split(key);
    if (parts.length > 1) unused.delete(key);
    work.push({ joined: piece.depth, depth: piece.depth, count: parts.length });
    for (let i = parts.length - 1; i >= 0; i--) work.push({ text: parts[i] as string, depth: piece.depth + 1 });
  }
  return out[0] as string;
}

function replacement(
  value: unknown,
  key: string,
  json: boolean,
  allowEmpty: boolean,
  env: FunctionEnv,
  fn: FnName,
): string {
  const name = spelled(env.ctx.template, fn);
  const empty = () =>
    fail(env, fn, `${name} has an undefined or empty value for param ${key}, must be a defined non-empty value`);
  if (value === null || value === undefined) return allowEmpty ? '' : empty();
  if (Array.isArray(value) || isMap(value)) {
    if (!json) fail(env, fn, `"${name}" params must be strings or numbers, param ${key} is not valid`);
    if (!allowEmpty && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)) empty();
    return pyJsonDumps(value);
  }
  const s = pyStr(value);
  if (!allowEmpty && s === '') empty();
  return s;
}

export function digest(args: unknown[], env: FunctionEnv): string {
  const [algorithm, value] = args;
  if (args.length !== 2) fail(env, 'digest', 'usage: ["<algorithm>", "<value>"]');
  if (typeof algorithm !== 'string' || typeof value !== 'string') {
    fail(env, 'digest', 'Argument to function "digest" must be a list of strings');
  }
  const algo = algorithm.toLowerCase();
  const node = Object.hasOwn(PYTHON_HASHES, algo) ? PYTHON_HASHES[algo] : undefined;
  if (node === undefined) fail(env, 'digest', digestAlgorithmMessage());
  // Heat checks the name in lower case but hashes with it as written: only OpenSSL's own names take another case.
  if (algo !== algorithm && !/^(md5|sha1|sha224|sha256|sha384|sha512|ripemd160|sm3|md5-sha1)$/.test(algo)) {
    fail(env, 'digest', `unsupported hash type ${algorithm}`);
  }
  // Python's shake digests need a length that Heat never gives (a TypeError there).
  if (node === null) fail(env, 'digest', `${algo} needs a digest length, which "digest" cannot give`);
  if ([...value].some((ch) => (ch.codePointAt(0) as number) > 0xff))
    fail(env, 'digest', 'the value must be latin-1 text');
  return crypto().createHash(node).update(Buffer.from(value, 'latin1')).digest('hex');
}

export function digestAlgorithmMessage(): string {
  return `Algorithm must be one of ${Object.keys(PYTHON_HASHES).join(', ')}`;
}

/** Whether Heat's `digest` knows the algorithm (it checks the name as it resolves the value). */
export function isDigestAlgorithm(name: string): boolean {
  return Object.hasOwn(PYTHON_HASHES, name.toLowerCase());
}

/**
 * The names Heat takes: Python's `hashlib.algorithms_available` (Debian's Python 3 with OpenSSL 3), each with
 * Node's name for the same hash — not OpenSSL's spellings (`sha3-256`, `blake2b512`), which Python refuses.
 */
const PYTHON_HASHES: Readonly<Record<string, string | null>> = {
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
  md5: 'md5',
  'md5-sha1': 'md5-sha1',
  ripemd160: 'ripemd160',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  shake_128: null,
  shake_256: null,
  sm3: 'sm3',
};

const URL_KEYS = ['scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment'];

export function makeUrl(args: unknown[], env: FunctionEnv): string {
  const a = args[0];
  if (!isMap(a)) fail(env, 'make_url', 'The arguments to "make_url" must be a map');
  const invalid = Object.keys(a).filter((k) => !URL_KEYS.includes(k));
  if (invalid.length > 0) fail(env, 'make_url', `Invalid arguments to "make_url": ${invalid.join(', ')}`);
  for (const k of URL_KEYS) {
    if (!(k in a) || k === 'port') continue;
    if (k === 'query' ? !isMap(a[k]) : typeof a[k] !== 'string') {
      fail(env, 'make_url', `The "${k}" argument to "make_url" must be a ${k === 'query' ? 'map' : 'string'}`);
    }
  }
  const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  let port = '';
  if (a.port !== undefined && a.port !== null && a.port !== '') {
    const n = pyInt(a.port);
    if (n === undefined) fail(env, 'make_url', `Invalid URL port "${pyStr(a.port)}"`);
    if (!(n > 0 && n <= 65535)) fail(env, 'make_url', `Invalid URL port ${n}, must be in range 1-65535`);
    port = String(a.port);
  }
  const scheme = text('scheme');
  if (scheme.includes(':')) fail(env, 'make_url', 'URL "scheme" should not contain \':\'');
  const username = pyQuote(text('username'), '');
  const password = pyQuote(text('password'), '');
  let netloc = '';
  if (username || password) netloc += `${username}${password ? `:${password}` : ''}@`;
  let host = text('host');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  host = pyQuote(host, ':');
  netloc += host.includes(':') ? `[${host}]` : host;
  if (port) netloc += `:${port}`;
  const query = pyUrlencode(isMap(a.query) ? a.query : {}).replace(/%2F/g, '/');
  return pyUrlunsplit(scheme, netloc, pyQuote(text('path')), query, pyQuote(text('fragment')));
}
