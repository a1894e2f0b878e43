import { isExactNumber } from '../exact-number.js';
import { type Spelling, WriteError } from '../functions/index.js';
import type { FnContext, WriteContext } from '../functions/spellings.js';
import {
  Call,
  type Expr,
  type ExprMap,
  type FnName,
  type ResourceDef,
  type Template,
  type TemplateVersion,
} from '../model.js';
import { CLOSE_LIST, CLOSE_MAP, COMMA, JsonBytes, jsonNumber, OPEN_LIST, OPEN_MAP } from './json-bytes.js';
import { carefulResourceJson } from './json-lines.js';
import { callToPlain } from './plain.js';
import { type ResourceKeyWriter, writeResourceKeys } from './resource-keys.js';
import type { ResourceCursor } from './shape.js';
import { isWrittenDirectly, Shaper, TemplateEmitError } from './shaper.js';

/**
 * The fast way to the text of `json-lines.ts`, as UTF-8 bytes written straight into a buffer: no template path kept,
 * no strings built, nothing allocated for a call whose spelling lists its arguments as they are. It declines (throws
 * `DECLINED`) whatever is not plainly writable (anything that could fail or needs care): the careful lines write
 * that resource instead, failing with the template path and message they always had.
 */

/** The fast writer leaves the resource to the careful one. */
export const DECLINED: unique symbol = Symbol('declined');

/** A scalar (not a string) as `JSON.stringify` writes it; anything else (`undefined`…) is declined. */
function fastScalar(e: Expr): string {
  switch (typeof e) {
    case 'number':
      // `-0.0` and integers beyond 2^53 as `json.dumps` writes them (`jsonNumber`).
      return e <= Number.MAX_SAFE_INTEGER && e >= -Number.MAX_SAFE_INTEGER && !Object.is(e, -0)
        ? `${e}`
        : jsonNumber(e);
    case 'boolean':
      return e ? 'true' : 'false';
    default:
      if (e === null) return 'null';
      throw DECLINED;
  }
}

/**
 * Whether the fast writer threw to leave a resource to the careful lines: it declined it, or a call it had shaped
 * cannot be written (the careful lines fail on it too, with the template path). Anything else is a fault of the
 * fast writer, and surfaces.
 */
function isLeftToCareful(err: unknown): boolean {
  return err === DECLINED || err instanceof TemplateEmitError || err instanceof WriteError;
}

/**
 * A function the fast writer writes itself, in one context: its spelling's name, and whether its arguments are
 * written as they are (`asIs`: without calling `write`, when there are from `min` to `max` of them) or as its
 * `write` gives them (`get_param`, which renames pseudo parameters).
 */
interface DirectCall {
  readonly spelling: Spelling;
  readonly name: string;
  /** `list`: the arguments as a list; `first`: the one argument; `written`: what `write` gives. */
  readonly form: 'list' | 'first' | 'written';
  readonly min: number;
  readonly max: number;
  /** The context of the first argument (`if` reads it as a condition). */
  readonly first: FnContext;
}

export class FastJson implements ResourceKeyWriter {
  private readonly writeContext: WriteContext;
  private readonly directInValues = new Map<FnName, DirectCall | null>();
  private readonly directInConditions = new Map<FnName, DirectCall | null>();
  private readonly mapsAsData: Record<FnContext, Map<string, boolean>> = { value: new Map(), condition: new Map() };

  constructor(
    private readonly s: Shaper,
    private readonly out: JsonBytes,
  ) {
    this.writeContext = { hotDate: s.hotDate };
  }

  /** How many resources `resources` has written (the first is opened with `{`, the others with `,`). */
  written = 0;

  /**
   * Resources from `cursor`, each as `"name": {…}` at `depth` after its separator, until the buffer holds `enough`
   * bytes; gives whether the cursor is exhausted. A resource the fast way declines (or fails) is written as the
   * careful lines, which fail (if they do) with the template path and message they always had: `s.path` is at the
   * section. One loop for them all: it soon runs optimized (a loop is compiled while it runs).
   */
  resources(cursor: ResourceCursor, depth: number, enough: number): boolean {
    const { s, out } = this;
    while (cursor.next()) {
      const name = cursor.name;
      const r = cursor.def;
      out.openKey(this.written === 0 ? OPEN_MAP : COMMA, depth, name);
      const start = out.length;
      const path = s.path.length;
      try {
        this.resource(r, depth);
      } catch (err) {
        if (!isLeftToCareful(err)) throw err;
        // (a call shaped by `callToPlain` may have failed with its template path pushed)
        out.length = start;
        s.path.length = path;
        s.path.push(name);
        out.text(carefulResourceJson(r, s, depth));
        s.path.length = path;
      }
      this.written++;
      if (out.length >= enough) return false;
    }
    return true;
  }

  /** `resourceJsonLines`'s text at `depth`. */
  resource(r: ResourceDef, depth: number): void {
    this.keyDepth = depth + 1;
    this.keys = 0;
    writeResourceKeys(r, this.s, this);
    this.out.close(CLOSE_MAP, depth);
  }

  /** The depth of the keys of the resource being written, and how many it has so far. */
  private keyDepth = 0;
  private keys = 0;

  keyText(key: string, value: string): void {
    this.out.openKey(this.keys++ === 0 ? OPEN_MAP : COMMA, this.keyDepth, key);
    this.out.string(value);
  }
  keyNames(key: string, value: readonly string[]): void {
    this.out.openKey(this.keys++ === 0 ? OPEN_MAP : COMMA, this.keyDepth, key);
    this.expr(value, 'value', this.keyDepth);
  }
  keyExpr(key: string, value: Expr, context: FnContext): void {
    this.out.openKey(this.keys++ === 0 ? OPEN_MAP : COMMA, this.keyDepth, key);
    if (typeof value === 'string') this.out.string(value);
    else this.expr(value, context, this.keyDepth);
  }
  keyUnavailable(): void {
    throw DECLINED;
  }

  /**
   * An expression at `depth` (calls too: one function, which is soon hot). Each writer method is called from one
   * place only (strings in lists and maps are written by recursion): the compiler inlines each once, so this
   * compiles quickly and soon runs optimized.
   */
  private expr(e: Expr, context: FnContext, depth: number): void {
    const out = this.out;
    if (typeof e === 'string') {
      out.string(e);
      return;
    }
    if (e === null || typeof e !== 'object') {
      out.ascii(fastScalar(e));
      return;
    }
    let list: readonly Expr[];
    let first = context; // the first item's context
    let call = -1; // the depth of the call whose argument list this is
    if (e instanceof Call) {
      // A call whose spelling gives its arguments as they are, in order (a list, or the one argument), has them
      // written as expressions; any other is shaped by `callToPlain`.
      const args = e.args;
      const direct =
        (context === 'value' ? this.directInValues : this.directInConditions).get(e.fn) ??
        this.directCall(e.fn, context);
      let raw: Expr | undefined;
      if (direct === null) raw = undefined;
      else if (direct.form === 'written') {
        const written = direct.spelling.write?.(args, this.writeContext) as Expr;
        raw = givesArguments(written, args) ? written : undefined;
      } else if (args.length >= direct.min && args.length <= direct.max) raw = direct.form === 'list' ? args : args[0];
      if (direct === null || raw === undefined) {
        this.shaped(e, context, depth);
        return;
      }
      out.openKey(OPEN_MAP, depth + 1, direct.name);
      call = depth;
      depth++;
      if (!Array.isArray(raw)) {
        this.expr(raw, direct.first, depth);
        out.close(CLOSE_MAP, call);
        return;
      }
      list = raw as readonly Expr[];
      first = direct.first;
    } else if (Array.isArray(e)) list = e as readonly Expr[];
    else if (isExactNumber(e)) {
      out.ascii(e.text);
      return;
    } else {
      this.map(e as ExprMap, context, depth);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      out.open(i === 0 ? OPEN_LIST : COMMA, depth + 1);
      this.expr(list[i] as Expr, i === 0 ? first : context, depth + 1);
    }
    if (list.length === 0) out.ascii('[]');
    else out.close(CLOSE_LIST, depth);
    if (call >= 0) out.close(CLOSE_MAP, call);
  }

  /** A map (not a call) at `depth`. */
  private map(e: ExprMap, context: FnContext, depth: number): void {
    const out = this.out;
    let keys = 0;
    let onlyKey = '';
    for (const k in e) {
      out.openKey(keys === 0 ? OPEN_MAP : COMMA, depth + 1, k);
      this.expr(e[k] as Expr, context, depth + 1);
      keys++;
      onlyKey = k;
    }
    if (keys === 0) out.ascii('{}');
    else if (keys === 1 && !this.readsAsData(onlyKey, context)) throw DECLINED;
    else out.close(CLOSE_MAP, depth);
  }

  /** A call `callToPlain` shapes (one a spelling rewrites, or that fails: then the resource is declined). */
  private shaped(c: Call, context: FnContext, depth: number): void {
    this.out.plain(callToPlain(c, this.s, context), depth);
  }

  /** How `fn` is written directly in `context` (and remembered), or `null` when it is shaped by `callToPlain`. */
  private directCall(fn: FnName, context: FnContext): DirectCall | null {
    const spelling = this.s.spelling(fn);
    const asIs = spelling?.writesAsIs?.(this.writeContext);
    let direct: DirectCall | null = null;
    if (spelling?.write !== undefined && this.s.problemReading(spelling.name, context) === undefined) {
      const first = context === 'condition' || spelling.firstArgIsCondition === true ? 'condition' : 'value';
      if (asIs !== undefined) direct = { spelling, name: spelling.name, ...asIs, first };
      else if (isWrittenDirectly(fn, spelling))
        direct = { spelling, name: spelling.name, form: 'written', min: 0, max: 0, first };
    }
    (context === 'value' ? this.directInValues : this.directInConditions).set(fn, direct);
    return direct;
  }

  /** Whether a one-key map `{name: …}` is read back as data (not as a call of `name`). */
  private readsAsData(name: string, context: FnContext): boolean {
    const cache = this.mapsAsData[context];
    let data = cache.get(name);
    if (data === undefined) {
      data = !this.s.readsAsFunction(name, context);
      cache.set(name, data);
    }
    return data;
  }
}

/**
 * Whether a spelling's `write` gave the call's arguments as they are: a list of them in order, or the first one
 * (scalars it may rewrite: they are written as given).
 */
function givesArguments(raw: Expr, args: readonly Expr[]): boolean {
  if (!Array.isArray(raw)) return raw === null || typeof raw !== 'object' || raw === args[0];
  const list = raw as readonly Expr[];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && typeof item === 'object' && item !== args[i]) return false;
  }
  return true;
}

/**
 * For tests: each resource of the template as JSON text at depth 2, written the fast way (`undefined` where it
 * declines or fails) and the careful way (or the `TemplateEmitError` that fails it).
 */
export function resourceJsonBothWays(
  t: Template,
  version: TemplateVersion,
): { name: string; fast?: string; careful: string | TemplateEmitError }[] {
  const s = new Shaper(version);
  const out = new JsonBytes(1 << 10);
  const fast = new FastJson(s, out);
  const both: { name: string; fast?: string; careful: string | TemplateEmitError }[] = [];
  for (const name in t.resources) {
    const r = t.resources[name] as ResourceDef;
    s.path.length = 0;
    s.path.push(s.names.resources, name);
    out.length = 0;
    let fastText: string | undefined;
    try {
      fast.resource(r, 2);
      fastText = out.toString();
    } catch (err) {
      if (!isLeftToCareful(err)) throw err;
      fastText = undefined;
    }
    s.path.length = 0;
    s.path.push(s.names.resources, name);
    let careful: string | TemplateEmitError;
    try {
      careful = carefulResourceJson(r, s, 2);
    } catch (err) {
      if (!(err instanceof TemplateEmitError)) throw err;
      careful = err;
    }
    both.push({ name, fast: fastText, careful });
  }
  return both;
}
