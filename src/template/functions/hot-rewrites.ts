import { Call, type Expr, type ExprMap, isCall, type Template } from '../model.js';

/**
 * Rewrites, for a CFN template converted to HOT, of the CFN-only functions HOT dropped after 2013-05-23
 * (`Fn::Base64`) and 2014-10-16 (`Fn::Select`) — only where the rewritten template means exactly what Heat's
 * own code makes of the original, so a conversion can use a newer HOT version (conditions need 2016-10-14):
 *
 * - `Fn::Base64: X` → `X`, when X always resolves to a string: Heat's `Base64` returns its argument unchanged
 *   and only refuses a non-string (`heat/engine/cfn/functions.py`).
 * - `Fn::Select: [0 or -1, Fn::Split: [d, S]]` → `str_split: [d, S, 0 or -1]`, when S always resolves to a
 *   string: Python's `str.split` gives at least one item, so neither index can be out of range (where
 *   `Fn::Select` would give '' and `str_split` an error).
 *
 * Anything else is left as written (the emitter then picks a HOT version that has the function, or says none can).
 */
export function rewriteForHot(template: Template): Template {
  const rewrite = (e: Expr) => mapCallsBottomUp(e, (c) => rewriteCall(template, c));
  const resources: Record<string, Template['resources'][string]> = {};
  for (const [name, res] of Object.entries(template.resources)) {
    resources[name] = {
      ...res,
      properties: rewrite(res.properties) as ExprMap,
      ...(res.metadata !== undefined ? { metadata: rewrite(res.metadata) } : {}),
    };
  }
  const outputs: Record<string, Template['outputs'][string]> = {};
  for (const [name, out] of Object.entries(template.outputs)) outputs[name] = { ...out, value: rewrite(out.value) };
  return { ...template, resources, outputs };
}

function rewriteCall(template: Template, c: Call): Expr {
  const [first, second] = c.args;
  if (c.fn === 'base64' && c.args.length === 1 && alwaysString(template, first as Expr)) return first as Expr;
  if (c.fn === 'select' && isCall(second) && second.fn === 'split' && second.args.length === 2) {
    const index = first === '0' || first === '-1' ? Number(first) : first;
    const [delimiter, text] = second.args;
    if ((index === 0 || index === -1) && typeof delimiter === 'string' && alwaysString(template, text as Expr)) {
      return new Call('split', [delimiter, text as Expr, index]);
    }
  }
  return c;
}

/** Whether `e` resolves to a string whatever the parameters and resources: by its form alone. */
function alwaysString(template: Template, e: Expr): boolean {
  if (typeof e === 'string') return true;
  if (!isCall(e)) return false;
  switch (e.fn) {
    case 'join':
    case 'replace':
    case 'replace_strict':
    case 'replace_vstrict':
      return true; // Heat builds these with str.join / str.replace.
    case 'split':
      return e.args.length === 3; // an item of str.split
    case 'get_param': {
      const [name] = e.args;
      if (e.args.length !== 1 || typeof name !== 'string') return false;
      // Pseudo parameters (`AWS::StackName`…) are strings; a `String` parameter's value always is one.
      return name.includes('::') || template.parameters[name]?.type === 'string';
    }
    default:
      return false;
  }
}

/** `root` with every call replaced by `f` of it, innermost first. Iterative: any depth. */
function mapCallsBottomUp(root: Expr, f: (c: Call) => Expr): Expr {
  const order: object[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    order.push(e);
    for (const child of childrenOf(e)) stack.push(child);
  }
  const mapped = new Map<object, Expr>();
  const get = (e: Expr): Expr => (e !== null && typeof e === 'object' ? (mapped.get(e) as Expr) : e);
  for (let i = order.length - 1; i >= 0; i--) {
    const e = order[i] as Expr & object;
    let out: Expr;
    if (isCall(e)) {
      const args = e.args.map(get);
      out = f(args.some((a, j) => a !== e.args[j]) ? new Call(e.fn, args) : e);
    } else if (Array.isArray(e)) {
      const items = e.map(get);
      out = items.some((a, j) => a !== e[j]) ? items : e;
    } else {
      const entries = Object.entries(e as ExprMap);
      const changed = entries.some(([, v]) => get(v) !== v);
      out = changed ? mapValues(entries, get) : e;
    }
    mapped.set(e, out);
  }
  return get(root);
}

function mapValues(entries: [string, Expr][], get: (e: Expr) => Expr): ExprMap {
  const out: Record<string, Expr> = {};
  // defineProperty: a key named `__proto__` stays an ordinary key.
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: get(v), enumerable: true, writable: true });
  return out;
}

function childrenOf(e: object): readonly Expr[] {
  if (isCall(e)) return e.args;
  if (Array.isArray(e)) return e as Expr[];
  return Object.values(e as ExprMap);
}
