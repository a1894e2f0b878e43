import { HeatstackError } from '../../errors.js';
import { Call, type Expr, type ExprMap } from '../../template/model.js';
import type { GroupMembers } from './resource-group.js';
import { rewriteExpr, selectPath } from './walk.js';

/**
 * Reads of the resources the expansion stands for, rewritten as reads of what they stand for, so every value is a
 * function of real resources the engine resolves as any other (and a reader depends on exactly what it reads):
 * a group's `refs`, `refs_map`, `attributes`, `resource.N[.attr]` and per-member attributes (Heat 19's
 * `ResourceGroup.get_attribute`), a nested stack's outputs (`outputs`, or an output's name on a template resource),
 * a Value's `value`, and a RandomString's reference, which is its value (`RandomString.get_reference_id`).
 */

export interface Composites {
  readonly groups: ReadonlyMap<string, GroupMembers>;
  /** Nested stack → its outputs as expressions of the stack that holds it. */
  readonly stacks: ReadonlyMap<string, Readonly<Record<string, Expr>>>;
  /** Value resource → its `value` property. */
  readonly values: ReadonlyMap<string, Expr>;
  readonly randomStrings: ReadonlySet<string>;
}

export function rewriteReads(expr: Expr, composites: Composites): Expr {
  const rewrite = (e: Expr): Expr => rewriteExpr(e, (c) => visit(c, composites, rewrite));
  return rewrite(expr);
}

function visit(c: Call, composites: Composites, rewrite: (e: Expr) => Expr): Expr | undefined {
  const [target, attribute, ...path] = c.args;
  if (typeof target !== 'string') return undefined;
  if (c.fn === 'get_resource' && composites.randomStrings.has(target)) return new Call('get_attr', [target, 'value']);
  if (c.fn !== 'get_attr' || typeof attribute !== 'string') return undefined;
  const rest = path.map(rewrite);
  const group = composites.groups.get(target);
  if (group !== undefined) return rewrite(groupAttribute(target, group, attribute, rest));
  const outputs = composites.stacks.get(target);
  if (outputs !== undefined) return rewrite(stackAttribute(target, outputs, attribute, rest));
  const value = composites.values.get(target);
  if (value !== undefined && attribute === 'value') return rewrite(selectPath(value, rest));
  return undefined;
}

const ref = (resource: string): Expr => new Call('get_resource', [resource]);
const attr = (resource: string, name: string, path: readonly Expr[]): Expr =>
  new Call('get_attr', [resource, name, ...path]);

function groupAttribute(name: string, group: GroupMembers, attribute: string, path: readonly Expr[]): Expr {
  const byIndex = (value: (resource: string) => Expr): ExprMap =>
    Object.fromEntries(group.names.map((n, i) => [n, value(group.resources[i] as string)]));
  if (attribute === 'refs') return selectPath(group.resources.map(ref), path);
  if (attribute === 'refs_map') return selectPath(byIndex(ref), path);
  if (attribute === 'removed_rsrc_list') return selectPath([...group.removed], path);
  if (attribute === 'show') return null;
  if (attribute === 'attributes') {
    const [inner, ...innerPath] = path;
    if (typeof inner !== 'string')
      throw new HeatstackError(`get_attr of ${name}: 'attributes' needs the members' attribute name after it`);
    return byIndex((r) => attr(r, inner, innerPath));
  }
  if (attribute.startsWith('resource.')) {
    const [, index, memberAttribute] = splitMax(attribute, 3);
    const at = group.names.indexOf(index as string);
    if (at < 0)
      throw new HeatstackError(`get_attr of ${name}: Member '${index}' not found in group resource '${name}'.`);
    const member = group.resources[at] as string;
    if (memberAttribute !== undefined) return attr(member, memberAttribute, path);
    // `[G, resource.0, name]`: member 0's `name` (Heat's `grouputils.get_nested_attrs`).
    const [first, ...rest] = path;
    return typeof first === 'string' ? attr(member, first, rest) : ref(member);
  }
  return group.resources.map((r) => attr(r, attribute, path));
}

function stackAttribute(
  name: string,
  outputs: Readonly<Record<string, Expr>>,
  attribute: string,
  path: readonly Expr[],
): Expr {
  if (attribute === 'outputs') {
    const [output, ...rest] = path;
    if (output === undefined) return outputs as ExprMap;
    return selectPath(outputOf(name, outputs, String(output)), rest);
  }
  if (attribute === 'show') return null;
  return selectPath(outputOf(name, outputs, attribute), path);
}

function outputOf(name: string, outputs: Readonly<Record<string, Expr>>, output: string): Expr {
  if (!Object.hasOwn(outputs, output))
    throw new HeatstackError(
      `get_attr of ${name}: its nested template has no output '${output}' (it has: ${Object.keys(outputs).join(', ') || 'none'})`,
    );
  return outputs[output] as Expr;
}

/** Python's `s.split('.', max - 1)`. */
function splitMax(s: string, max: number): string[] {
  const parts = s.split('.');
  return parts.length <= max ? parts : [...parts.slice(0, max - 1), parts.slice(max - 1).join('.')];
}
