import type { Expr, Template } from '../model.js';
import { call } from '../model.js';
import { walkCalls } from '../walk-calls.js';

/**
 * The named conditions Heat resolves (`heat/engine/conditions.py`): those a resource, an output or an `if` names,
 * and those their definitions name in turn. Heat never resolves a definition nothing uses, so a name in it that is
 * no condition, or a circle of names, is not its error (a use of it is).
 */
export function usedConditions(template: Template): Set<string> {
  const roots: Expr[] = [];
  for (const res of Object.values(template.resources)) {
    roots.push(res.properties, res.metadata ?? null, conditionExpr(res.condition));
  }
  for (const out of Object.values(template.outputs)) roots.push(out.value, conditionExpr(out.condition));
  const used = new Set<string>();
  walkCalls(roots, (e) => {
    const [name] = e.args;
    if (e.fn !== 'condition' || typeof name !== 'string' || used.has(name)) return undefined;
    used.add(name);
    return Object.hasOwn(template.conditions, name) ? [template.conditions[name] as Expr] : undefined;
  });
  return used;
}

/** A resource's or output's `condition` as an expression: a bare name is a reference to that condition. */
function conditionExpr(condition: Expr | undefined): Expr {
  if (condition === undefined) return null;
  return typeof condition === 'string' ? call('condition', condition) : condition;
}
