import type { ConditionDecider } from '../dependencies.js';
import { pathOf } from '../diagnostics.js';
import type { Call, Expr } from '../model.js';
import { isCall } from '../model.js';
import type { TemplatePaths } from './paths.js';

/**
 * Visits every function call of an expression in document order, with the template path of each argument —
 * iteratively, so deep nesting cannot overflow the call stack. With `decide`, the branch of an `if` Heat does not
 * take is not walked: Heat resolves an `if`'s condition as it parses the template and never reads the other one.
 */
export function forEachCall(
  expr: Expr,
  path: string,
  paths: TemplatePaths,
  visit: (call: Call, argPaths: string[], path: string) => void,
  decide?: ConditionDecider,
): void {
  const stack: { expr: Expr; path: string }[] = [{ expr, path }];
  while (stack.length > 0) {
    const { expr: e, path: p } = stack.pop() as { expr: Expr; path: string };
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      const argPaths = paths.argumentPaths(e, p);
      visit(e, argPaths, p);
      const taken = e.fn === 'if' && decide !== undefined ? decide(e.args[0] as Expr) : undefined;
      const skipped = taken === undefined ? -1 : taken ? 2 : 1;
      // Pushed last-first, so what is found comes out in document order.
      for (let i = e.args.length - 1; i >= 0; i--) {
        if (i !== skipped) stack.push({ expr: e.args[i] as Expr, path: argPaths[i] ?? p });
      }
    } else if (Array.isArray(e)) {
      for (let i = e.length - 1; i >= 0; i--) stack.push({ expr: e[i] as Expr, path: `${p}[${i}]` });
    } else {
      const entries = Object.entries(e);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, Expr];
        stack.push({ expr: v, path: pathOf(p, k) });
      }
    }
  }
}
