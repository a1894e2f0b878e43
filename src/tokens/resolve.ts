import { Call, call, type Expr, type ExprMap, isCall } from '../template/model.js';
import { TokenError } from './errors.js';
import {
  type Fragment,
  findMangledToken,
  isNearNumberToken,
  type MangledToken,
  mayBeMangled,
  mayHoldToken,
  numberTokenIndex,
  splitFragments,
  tokenAfter,
  tokenKindsIn,
} from './private/encoding.js';
import { isLiveToken, lookupToken } from './private/token-map.js';
import { Intrinsic, type IResolvable, isResolvable, type ResolveContext } from './resolvable.js';

/**
 * Turns a user's value — strings with tokens inside, number tokens, list tokens, resolvables, plain maps and
 * lists — into a template expression. The value's template path, for messages, is `path` plus `key` (an index
 * or a map key) when given: kept apart so that the path text is built only when a message needs it. `undefined`
 * means "absent": map entries holding it are left out.
 */
export function resolveValue(value: unknown, ctx: ResolveContext, path: string, key?: Key): Expr | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'string':
      return resolveString(value, ctx, path, key);
    case 'number': {
      const n = numberTokenIndex(value);
      if (n !== undefined) return resolveToken(tokenAt(n, String(value), ctx, path, key), ctx, path, key);
      if (value < -1e15 && isNearNumberToken(value)) throw mangledError(ctx, path, key, String(value), undefined);
      return value;
    }
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return resolveList(value, ctx, childPath(path, key));
      if (isResolvable(value)) return resolveToken(value, ctx, path, key);
      if (isCall(value)) return resolveCall(value, ctx, childPath(path, key));
      if (isPlainObject(value)) return resolveMap(value as Record<string, unknown>, ctx, childPath(path, key));
      throw new TokenError(
        `${where(ctx, path, key)}: a ${value.constructor?.name ?? 'object'} cannot go into a template; use a string, number, boolean, list or plain object`,
      );
    default:
      throw new TokenError(`${where(ctx, path, key)}: a ${typeof value} cannot go into a template`);
  }
}

/** An index in a list or a key in a map. */
type Key = string | number;

function childPath(path: string, key: Key | undefined): string {
  if (key === undefined) return path;
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Functions every template version has: using only these, a stack keeps its dialect's newest version. */
const BASIC_FUNCTIONS: ReadonlySet<string> = new Set(['get_attr', 'get_resource', 'get_param', 'join']);

/** A model `Call` written by the user: its arguments may hold tokens. */
function resolveCall(value: Call, ctx: ResolveContext, path: string): Call {
  if (!BASIC_FUNCTIONS.has(value.fn)) ctx.functions?.add(value.fn);
  const [target] = value.args;
  if ((value.fn === 'get_attr' || value.fn === 'get_resource') && typeof target === 'string')
    ctx.references?.push(target);
  return new Call(
    value.fn,
    value.args.map((a, i) => resolveValue(a, ctx, `${path}.${value.fn}`, i) ?? null),
  );
}

function resolveList(list: readonly unknown[], ctx: ResolveContext, path: string): Expr {
  // A list token stands for the whole list.
  if (list.length === 1 && typeof list[0] === 'string' && list[0].startsWith('#{Token[')) {
    const [only] = splitFragments(list[0]);
    if (only?.kind === 'list' && only.text === list[0])
      return resolveToken(tokenAt(only.index, only.text, ctx, path), ctx, path);
  }
  const out: Expr[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = resolveValue(list[i], ctx, path, i) ?? null;
  return out;
}

function resolveMap(map: Record<string, unknown>, ctx: ResolveContext, path: string): ExprMap {
  const out: Record<string, Expr> = {};
  for (const key of Object.keys(map)) {
    if (mayHoldToken(key) && splitFragments(key).some((f) => f.kind !== 'literal')) {
      throw new TokenError(`${where(ctx, path)}: the key '${key}' is a token; map keys must be known at synth`);
    }
    const v = resolveValue(map[key], ctx, path, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function resolveString(s: string, ctx: ResolveContext, path: string, key: Key | undefined): Expr {
  // The same literal in every container (an image name) is told apart from one with tokens once, not each time.
  if (s === lastPlain) return s;
  const kinds = tokenKindsIn(s);
  if (kinds === 'none') {
    lastPlain = s;
    return s;
  }
  if (kinds === 'number') return resolveFragments(splitFragments(s), s, ctx, path, key);
  // The usual case, in one walk: string (and list) tokens between literals. One function, with a pattern for the
  // search: most of a synth runs before the JIT has compiled anything, when each call is dear and native code wins.
  const parts: Expr[] = [];
  let numbers = false;
  let last = 0;
  for (let m = tokenAfter(s, 0); m !== null; m = tokenAfter(s, last)) {
    if (m.index > last) {
      const text = s.slice(last, m.index);
      if (mayBeMangled(text)) throwIfMangled(text, s, ctx, path, key);
      parts.push(text.length > 32 ? text : shared(text));
    }
    last = m.index + m[0].length;
    if (m[0].charCodeAt(0) === HASH && (m.index > 0 || last < s.length)) throw listInStringError(s, ctx, path, key);
    const token = lookupToken(Number(m[1])) ?? unknownToken(m[0], ctx, path, key);
    if (!numbers) numbers = token.numberValued === true;
    parts.push(token instanceof Intrinsic ? token.resolve(ctx) : resolveToken(token, ctx, path, key));
  }
  if (last < s.length) {
    const text = last === 0 ? s : s.slice(last);
    if (mayBeMangled(text)) throwIfMangled(text, s, ctx, path, key);
    parts.push(text.length > 32 ? text : shared(text));
  }
  if (parts.length === 1) return parts[0] as Expr;
  return numbers ? replacement(parts, ctx) : minimalJoin(parts);
}

const HASH = 0x23;

/** The last string `resolveString` found to hold no token. */
let lastPlain = '';

/** `resolveString` of a string that may hold number tokens, from its fragments. */
function resolveFragments(
  fragments: readonly Fragment[],
  s: string,
  ctx: ResolveContext,
  path: string,
  key: Key | undefined,
): Expr {
  const parts: Expr[] = [];
  let numbers = false;
  for (const f of fragments) {
    parts.push(resolveFragment(f, s, fragments.length, ctx, path, key));
    if (f.kind !== 'literal' && !numbers) numbers = isNumberValued(f);
  }
  if (parts.length === 1) return parts[0] as Expr;
  return numbers ? replacement(parts, ctx) : minimalJoin(parts);
}

/**
 * A string that is one token standing for a number, as Heat's join accepts it as an item: through
 * `Fn::Replace`/`str_replace`. Anything else is resolved as usual.
 */
export function resolveJoinItem(value: unknown, ctx: ResolveContext, path: string, key: Key): Expr | undefined {
  if (typeof value === 'number' && numberTokenIndex(value) !== undefined) {
    return replacement([resolveValue(value, ctx, path, key) ?? null], ctx);
  }
  if (typeof value !== 'string' || !mayHoldToken(value)) return resolveValue(value, ctx, path, key);
  const fragments = splitFragments(value);
  const [only] = fragments;
  if (fragments.length !== 1 || only === undefined || only.kind === 'literal' || !isNumberValued(only)) {
    return resolveValue(value, ctx, path, key);
  }
  return replacement([resolveValue(value, ctx, path, key) ?? null], ctx);
}

function isNumberValued(f: Fragment): boolean {
  if (f.kind === 'literal') return false;
  if (f.kind === 'number') return true;
  return lookupToken(f.index)?.numberValued === true;
}

/**
 * Concatenation as Heat's replace: every non-literal part becomes a `%name%` key of the params, named after what
 * it refers to, and the template is the literal text around them. Heat's replace writes a number as text, where
 * its join would refuse it. Keys are chosen so that none occurs anywhere else in the template.
 */
function replacement(parts: readonly Expr[], ctx: ResolveContext): Expr {
  ctx.functions?.add('replace');
  for (let attempt = 0; ; attempt++) {
    const params: Record<string, Expr> = {};
    const keys: string[] = [];
    let template = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        template += part;
        continue;
      }
      const key = placeholderFor(part, params, attempt);
      params[key] = part;
      keys.push(key);
      template += key;
    }
    if (keys.every((k) => occurrences(template, k) === keys.filter((x) => x === k).length)) {
      return call('replace', params, template);
    }
  }
}

/** `%HostPort%` for a parameter, `%Blog_NetworkIp%` for an attribute; the same key for the same expression. */
function placeholderFor(part: Expr, taken: Readonly<Record<string, Expr>>, attempt: number): string {
  const name =
    isCall(part) && typeof part.args[0] === 'string'
      ? part.fn === 'get_attr' && typeof part.args[1] === 'string'
        ? `${part.args[0]}_${part.args[1]}`
        : part.args[0]
      : 'value';
  const base = `${name.replace(/[^A-Za-z0-9_]/g, '_')}${attempt > 0 ? `_${attempt}` : ''}`;
  for (let n = 0; ; n++) {
    const key = `%${base}${n > 0 ? `_${n}` : ''}%`;
    const existing = taken[key];
    if (existing === undefined || sameExpr(existing, part)) return key;
  }
}

function sameExpr(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  if (isCall(a) && isCall(b)) {
    return a.fn === b.fn && a.args.length === b.args.length && a.args.every((x, i) => sameExpr(x, b.args[i] as Expr));
  }
  return false;
}

function occurrences(text: string, key: string): number {
  let count = 0;
  for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) count++;
  return count;
}

function resolveFragment(
  f: Fragment,
  whole: string,
  count: number,
  ctx: ResolveContext,
  path: string,
  key: Key | undefined,
): Expr {
  if (f.kind === 'literal') return literalPart(f.text, whole, ctx, path, key);
  if (f.kind === 'list' && count > 1) throw listInStringError(whole, ctx, path, key);
  return resolveToken(tokenAt(f.index, f.text, ctx, path, key), ctx, path, key);
}

/** The literal text between tokens, refused if it holds what is left of a token changed by a string operation. */
function literalPart(text: string, whole: string, ctx: ResolveContext, path: string, key: Key | undefined): string {
  throwIfMangled(text, whole, ctx, path, key);
  return shared(text);
}

function throwIfMangled(text: string, whole: string, ctx: ResolveContext, path: string, key: Key | undefined): void {
  const mangled = findMangledToken(text, isLiveToken);
  if (mangled !== undefined) throw mangledError(ctx, path, key, whole, mangled);
}

function listInStringError(whole: string, ctx: ResolveContext, path: string, key: Key | undefined): TokenError {
  return new TokenError(
    `${where(ctx, path, key)}: a list token was put inside the string '${whole}'; use Fn.join(',', list) to make a string of it`,
  );
}

/**
 * One copy of each short literal: the text around tokens repeats across thousands of resources (`PREV_IP=`),
 * and each split would otherwise keep its own copy in the template. Bounded.
 */
function shared(text: string): string {
  if (text.length > 32) return text;
  const known = LITERALS.get(text);
  if (known !== undefined) return known;
  if (LITERALS.size >= 10_000) LITERALS.clear();
  LITERALS.set(text, text);
  return text;
}

const LITERALS = new Map<string, string>();

/** Concatenation as Heat's join with '' delimiter, flattening nested '' joins and merging adjacent literals. */
function minimalJoin(parts: readonly Expr[]): Expr {
  // A copy of the exact length: the template keeps it, and `push` left room for 16 more items.
  if (isMinimal(parts)) return new Call('join', ['', parts.slice()]);
  const out: Expr[] = [];
  for (const p of parts) {
    if (isCall(p) && p.fn === 'join' && p.args[0] === '' && p.args.length === 2 && Array.isArray(p.args[1])) {
      for (const q of p.args[1] as Expr[]) pushMerged(out, q);
    } else pushMerged(out, p);
  }
  if (out.length === 1 && typeof out[0] === 'string') return out[0];
  return call('join', '', out.slice());
}

/** Whether `minimalJoin` would change nothing: no empty or adjacent literals, no nested '' join. */
function isMinimal(parts: readonly Expr[]): boolean {
  let previousIsText = false;
  for (const p of parts) {
    const isText = typeof p === 'string';
    if ((isText && (p === '' || previousIsText)) || (isCall(p) && p.fn === 'join')) return false;
    previousIsText = isText;
  }
  return true;
}

/** Appends a part, merged into the last one when both are literals; empty literals are left out. */
function pushMerged(out: Expr[], p: Expr): void {
  const last = out.length - 1;
  if (typeof p === 'string' && typeof out[last] === 'string') out[last] = (out[last] as string) + p;
  else if (p !== '') out.push(p);
}

/** A token changed by a string operation, or a number token changed by arithmetic (`mangled` undefined: a number). */
function mangledError(
  ctx: ResolveContext,
  path: string,
  key: Key | undefined,
  value: string,
  mangled: MangledToken | undefined,
): TokenError {
  if (mangled === undefined || mangled.kind === 'number') {
    return new TokenError(
      `${where(ctx, path, key)}: ${mangled === undefined ? value : `'${value}'`} is not a number token but lies next to them: ` +
        'arithmetic on a number token is not possible (it stands for a value known only at deploy time). ' +
        'Pass the token unchanged; for a computed value, take it as its own Parameter, or compute it in Heat with Fn.*.',
    );
  }
  return new TokenError(
    `${where(ctx, path, key)}: '${value}' holds a token that was changed by a string operation (near '${mangled.near}'). ` +
      'Tokens cannot be sliced or transformed: a token stands for a value known only at deploy time. ' +
      'Pass it unchanged, or transform it at deploy time with Fn.* (Fn.split, Fn.select, Fn.replace, Fn.join, …).',
  );
}

function resolveToken(r: IResolvable, ctx: ResolveContext, path: string, key?: Key): Expr {
  // An intrinsic's expression is finished; walking it again would only cost time. Anything else (a Lazy's value)
  // may hold tokens.
  if (r instanceof Intrinsic) return r.resolve(ctx);
  return resolveValue(r.resolve(ctx), ctx, path, key) ?? null;
}

function tokenAt(n: number, text: string, ctx: ResolveContext, path: string, key?: Key): IResolvable {
  return lookupToken(n) ?? unknownToken(text, ctx, path, key);
}

function unknownToken(text: string, ctx: ResolveContext, path: string, key?: Key): never {
  throw new TokenError(
    `${where(ctx, path, key)}: '${text}' is not a token of this app; it may come from another copy of heatstack or another process`,
  );
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function where(ctx: ResolveContext, path: string, key?: Key): string {
  const full = childPath(path, key);
  return full === '' ? ctx.referrerPath : `${ctx.referrerPath} (${full})`;
}

/**
 * A string that must be known at synth (a description, an id): one holding a token would reach the template as
 * the token's text, so it is refused, naming what it is.
 */
export function requireKnown(value: string | undefined, what: string): void {
  if (value === undefined || !mayHoldToken(value)) return;
  if (splitFragments(value).some((f) => f.kind !== 'literal') || findMangledToken(value, isLiveToken) !== undefined) {
    throw new TokenError(
      `${what} '${value}' holds a token, a value known only at deploy time; it must be known at synth`,
    );
  }
}
