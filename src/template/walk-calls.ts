import { type Call, type Expr, isCall } from './model.js';

/**
 * Visits the function calls inside expressions, each call's arguments too, iteratively (deep nesting cannot
 * overflow the call stack), in no particular order and without paths (`validate/walk.ts` has them). `visit` may
 * give more expressions to walk (a named condition's definition), or `'stop'`. Returns whether a visit stopped it.
 */
export function walkCalls(
  roots: readonly Expr[],
  visit: (call: Call) => readonly Expr[] | 'stop' | undefined,
): boolean {
  const pending: Expr[] = [...roots];
  while (pending.length > 0) {
    const e = pending.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (!isCall(e)) {
      pending.push(...(Array.isArray(e) ? e : Object.values(e)));
      continue;
    }
    const more = visit(e);
    if (more === 'stop') return true;
    pending.push(...e.args, ...(more ?? []));
  }
  return false;
}
