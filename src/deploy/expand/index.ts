import { HeatstackError } from '../../errors.js';
import { type Expr, type ExprMap, isExprMap, type ResourceDef, type Template } from '../../template/model.js';
import type { StackRecord } from '../state/record.js';
import { isComposite } from './input.js';
import { expandNestedStack, isExpandedStack } from './nested-stack.js';
import { type Composites, rewriteReads } from './references.js';
import { expandGroup, type GroupMembers } from './resource-group.js';

/**
 * The template a deploy runs: Heat's composite types — `OS::Heat::ResourceGroup`, `OS::Heat::Stack` and template
 * resources — expanded into the resources they stand for, and every read of a composite, a Value or a
 * RandomString's reference rewritten as a read of what it stands for (`references.ts`). The planner, the handlers,
 * observation and cleanup then see only ordinary resources of the stack, labelled with it: scaling a group plans
 * exactly the members that come and go, and a destroy finds every member. The record keeps the expanded template;
 * expanding it again changes nothing.
 */

export interface ExpandOptions {
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The stack's record before this deploy: a group's skip list and its members' ids. */
  readonly previous?: StackRecord;
  /** Where a nested template file's relative name is read from: the folder of the template (or app) deployed. */
  readonly baseDir: string;
}

/** Heat's `max_nested_stack_depth` default: deeper is a mistake (a template that uses itself), not a design. */
const MAX_NESTING = 5;

export function expandTemplate(template: Template, options: ExpandOptions): Template {
  if (!Object.values(template.resources).some(isComposite)) return withReadsRewritten(template, reads(template));
  const resources: Record<string, ResourceDef> = {};
  const conditions: Record<string, Expr> = { ...template.conditions };
  const mappings: Record<string, ExprMap> = { ...template.mappings };
  const groups = new Map<string, GroupMembers>();
  const stacks = new Map<string, Readonly<Record<string, Expr>>>();
  // Each item with how deep in groups and nested stacks it sits.
  const work: [string, ResourceDef, number][] = Object.entries(template.resources)
    .reverse()
    .map(([name, def]) => [name, def, 0]);
  const push = (defs: Record<string, ResourceDef>, depth: number) =>
    work.push(
      ...Object.entries(defs)
        .reverse()
        .map(([n, d]): [string, ResourceDef, number] => [n, d, depth]),
    );
  while (work.length > 0) {
    const [name, def, depth] = work.pop() as [string, ResourceDef, number];
    if (!isComposite(def) || isExpanded(def)) {
      resources[name] = def;
      continue;
    }
    if (depth >= MAX_NESTING) throw new HeatstackError(`Resources.${name}: Recursion depth exceeds ${MAX_NESTING}.`);
    const scope = { ...template, conditions, mappings, resources };
    if (def.type === 'OS::Heat::ResourceGroup') {
      const expanded = expandGroup(name, def, scope, options.parameters, options.previous);
      groups.set(name, expanded.members);
      resources[name] = expanded.group;
      push(expanded.resources, depth + 1);
    } else {
      const expanded = expandNestedStack(name, def, options.baseDir);
      stacks.set(name, expanded.outputs);
      Object.assign(conditions, expanded.conditions);
      Object.assign(mappings, expanded.mappings);
      resources[name] = expanded.stack;
      push(expanded.resources, depth + 1);
    }
  }
  const expanded: Template = { ...template, conditions, mappings, resources };
  return withReadsRewritten(expanded, { ...reads(expanded), groups, stacks });
}

/** A composite of a template expanded already (a record's). */
function isExpanded(def: ResourceDef): boolean {
  return isExpandedStack(def) || (isExprMap(def.metadata) && def.metadata['heatstack:members'] !== undefined);
}

/** The Values and RandomStrings of a template, whose reads are rewritten too. */
function reads(template: Template): Composites {
  const values = new Map<string, Expr>();
  const randomStrings = new Set<string>();
  for (const [name, def] of Object.entries(template.resources)) {
    if (def.type === 'OS::Heat::Value' && def.properties.value !== undefined) values.set(name, def.properties.value);
    if (def.type === 'OS::Heat::RandomString') randomStrings.add(name);
  }
  return { groups: new Map(), stacks: new Map(), values, randomStrings };
}

function withReadsRewritten(template: Template, composites: Composites): Template {
  const nothing =
    composites.groups.size + composites.stacks.size + composites.values.size + composites.randomStrings.size === 0;
  if (nothing) return template;
  const rewrite = (e: Expr) => rewriteReads(e, composites);
  const resources: Record<string, ResourceDef> = {};
  for (const [name, def] of Object.entries(template.resources))
    resources[name] = {
      ...def,
      properties: rewrite(def.properties) as ExprMap,
      ...(def.metadata !== undefined && { metadata: rewrite(def.metadata) }),
    };
  const outputs = Object.fromEntries(
    Object.entries(template.outputs).map(([name, out]) => [name, { ...out, value: rewrite(out.value) }]),
  );
  return { ...template, resources, outputs };
}
