import { Call, type Expr, type ExprMap, isCall, isExprMap } from '../../template/model.js';

/** Rebuilding expressions: the one walk the expansion's rewrites share. */

/**
 * `expr` with each call `visit` rewrites replaced (a call it returns undefined for is kept, its arguments rewritten);
 * every string passes through `text`. The rewrite of a call is not walked again.
 */
export function rewriteExpr(
  expr: Expr,
  visit: (call: Call) => Expr | undefined,
  text: (s: string) => Expr = (s) => s,
): Expr {
  const walk = (e: Expr): Expr => {
    if (typeof e === 'string') return text(e);
    if (isCall(e)) {
      const replaced = visit(e);
      return replaced !== undefined ? replaced : new Call(e.fn, e.args.map(walk));
    }
    if (Array.isArray(e)) return e.map(walk);
    if (isExprMap(e)) {
      const out: Record<string, Expr> = {};
      for (const [k, v] of Object.entries(e)) out[k] = walk(v);
      return out;
    }
    return e;
  };
  return walk(expr);
}

/** A map's rewrite (properties), as a map. */
export function rewriteMap(map: ExprMap, visit: (call: Call) => Expr | undefined): ExprMap {
  return rewriteExpr(map, visit) as ExprMap;
}

/** `value` followed down `path` (`get_attr`'s trailing keys), as `Fn::Select` steps evaluated at deploy time. */
export function selectPath(value: Expr, path: readonly Expr[]): Expr {
  let out = value;
  for (const key of path) out = new Call('select', [key, out]);
  return out;
}
