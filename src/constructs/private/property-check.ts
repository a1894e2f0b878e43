import { type Expr, isCall } from '../../template/model.js';
import { checkResourceProperties, type PropertyProblem } from '../../template/validate/properties.js';

/**
 * `checkResourceProperties` (the one set of rules, shared with template validation and deploy), remembered by the
 * literal shape of the properties. The check skips function calls, so two containers whose properties differ only
 * inside calls — the 10,000 links of a chain, the replicas of a service — get the same answer, computed once.
 */
export function checkProperties(
  typeName: string,
  properties: Readonly<Record<string, Expr>>,
): readonly PropertyProblem[] {
  const key = `${typeName}\0${skeleton(properties)}`;
  let problems = CHECKED.get(key);
  if (problems === undefined) {
    problems = checkResourceProperties(typeName, properties);
    if (CHECKED.size >= MAX_REMEMBERED) CHECKED.clear();
    CHECKED.set(key, problems);
  }
  return problems;
}

const MAX_REMEMBERED = 10_000;
const CHECKED = new Map<string, readonly PropertyProblem[]>();

/** Text to write between values while walking. */
class Text {
  constructor(readonly text: string) {}
}
const COMMA = new Text(',');
const CLOSE_LIST = new Text(']');
const CLOSE_MAP = new Text('}');

/** The value as text with every call written as `@`; types stay apart (`1` vs `"1"`). Iterative: no depth limit. */
function skeleton(value: Expr): string {
  let out = '';
  const pending: (Expr | Text)[] = [value];
  while (pending.length > 0) {
    const v = pending.pop() as Expr | Text;
    if (v instanceof Text) out += v.text;
    else if (isCall(v)) out += '@';
    else if (Array.isArray(v)) {
      out += '[';
      pending.push(CLOSE_LIST);
      for (let i = v.length - 1; i >= 0; i--) pending.push(v[i] as Expr, COMMA);
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      pending.push(CLOSE_MAP);
      const map = v as Readonly<Record<string, Expr>>;
      const keys = Object.keys(map);
      for (let i = keys.length - 1; i >= 0; i--)
        pending.push(map[keys[i]!]!, new Text(`${JSON.stringify(keys[i])}:`), COMMA);
    } else out += typeof v === 'string' ? JSON.stringify(v) : String(v);
  }
  return out;
}
