import { dirname } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { type Expr, type ExprMap, isExprMap, type ResourceDef, type Template } from '../../template/model.js';
import { isTemplateFileType } from '../../template/nested-template.js';
import type { PlanInput } from '../engine/inputs.js';
import type { StackRecord } from '../state/record.js';
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

/** Deep nesting is a mistake (a template that uses itself), not a design. */
const MAX_EXPANSIONS = 10_000;

export function expandTemplate(template: Template, options: ExpandOptions): Template {
  if (!Object.values(template.resources).some(isComposite)) return withReadsRewritten(template, reads(template));
  const resources: Record<string, ResourceDef> = {};
  const conditions: Record<string, Expr> = { ...template.conditions };
  const mappings: Record<string, ExprMap> = { ...template.mappings };
  const groups = new Map<string, GroupMembers>();
  const stacks = new Map<string, Readonly<Record<string, Expr>>>();
  const work: [string, ResourceDef][] = Object.entries(template.resources).reverse();
  let expansions = 0;
  while (work.length > 0) {
    const [name, def] = work.pop() as [string, ResourceDef];
    if (!isComposite(def) || isExpanded(def)) {
      resources[name] = def;
      continue;
    }
    if (++expansions > MAX_EXPANSIONS)
      throw new HeatstackError(`Resources.${name}: nested stacks nest too deep (does a template use itself?)`);
    const scope = { ...template, conditions, mappings, resources };
    if (def.type === 'OS::Heat::ResourceGroup') {
      const expanded = expandGroup(name, def, scope, options.parameters, options.previous);
      groups.set(name, expanded.members);
      resources[name] = expanded.group;
      work.push(...Object.entries(expanded.resources).reverse());
    } else {
      const expanded = expandNestedStack(name, def, options.baseDir);
      stacks.set(name, expanded.outputs);
      Object.assign(conditions, expanded.conditions);
      Object.assign(mappings, expanded.mappings);
      resources[name] = expanded.stack;
      work.push(...Object.entries(expanded.resources).reverse());
    }
  }
  const expanded: Template = { ...template, conditions, mappings, resources };
  return withReadsRewritten(expanded, { ...reads(expanded), groups, stacks });
}

/** A deploy's (or preview's) input with its template expanded against the stack's record. */
export function expandedInput<T extends PlanInput>(input: T, previous: StackRecord | undefined): T {
  const baseDir = input.source === undefined ? process.cwd() : dirname(input.source);
  const template = expandTemplate(input.template, { parameters: input.parameters, previous, baseDir });
  return template === input.template ? input : { ...input, template };
}

function isComposite(def: ResourceDef): boolean {
  return def.type === 'OS::Heat::ResourceGroup' || def.type === 'OS::Heat::Stack' || isTemplateFileType(def.type);
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
