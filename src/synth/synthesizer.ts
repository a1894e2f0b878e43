import type { ElementDefinition, StackElement } from '../constructs/element.js';
import { SynthError, type SynthProblem } from '../constructs/errors.js';
import { parameterGroupsOf } from '../constructs/parameter-group.js';
import type { Stack } from '../constructs/stack.js';
import { HeatstackError } from '../errors.js';
import { resourceDependencies, topologicalOrder } from '../template/dependencies.js';
import type { TemplateEmitError } from '../template/emit/index.js';
import { blockerMessage, chooseVersionOf, VersionChoiceError } from '../template/emit/version-choice.js';
import { rewriteForHot } from '../template/functions/hot-rewrites.js';
import {
  DEFAULT_VERSION,
  type Dialect,
  type Expr,
  type ExprMap,
  type FnName,
  type OutputDef,
  type ParameterDef,
  type ResourceDef,
  type Template,
} from '../template/model.js';
import type { ResolveContext } from '../tokens/resolvable.js';

/** One stack's template. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: Template;
}

/** Every stack's template; throws one `SynthError` with the problems of all stacks. */
export function synthesizeStacks(stacks: readonly Stack[], dialect: Dialect): StackTemplate[] {
  const out: StackTemplate[] = [];
  const problems: SynthProblem[] = [];
  for (const stack of stacks) {
    try {
      out.push({ stackName: stack.stackName, template: synthesizeStack(stack, dialect) });
    } catch (e) {
      if (!(e instanceof SynthError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new SynthError(problems);
  return out;
}

/**
 * A stack's elements → the `Template` model. Each element resolves its own tokens; a problem with one element
 * is recorded and the others are still checked, so that one run reports every problem.
 */
export function synthesizeStack(stack: Stack, dialect: Dialect): Template {
  const parameters: Record<string, ParameterDef> = {};
  const resources: Record<string, ResourceDef> = {};
  const outputs: Record<string, OutputDef> = {};
  const conditions: Record<string, Expr> = {};
  const mappings: Record<string, ExprMap> = {};
  const resolver = new StackResolver(stack, dialect);
  for (const element of stack._elements) {
    const definition = resolver.resolve(element);
    if (definition === undefined) continue;
    const id = element.logicalId;
    if (definition.section === 'resources') resources[id] = definition.def;
    else if (definition.section === 'parameters') parameters[id] = definition.def;
    else if (definition.section === 'outputs') outputs[id] = definition.def;
    else if (definition.section === 'conditions') conditions[id] = definition.def;
    else if (definition.def !== undefined) mappings[id] = definition.def;
  }

  const { problems, functions } = resolver;
  let template: Template = {
    version: DEFAULT_VERSION[dialect],
    ...(stack.description !== undefined && { description: stack.description }),
    parameterGroups: parameterGroupsOf(stack, parameters, problems),
    parameters,
    mappings,
    conditions,
    resources,
    outputs,
  };
  if (problems.length === 0 && resolver.refersForward) checkCycles(template, stack, problems);
  if (problems.length === 0 && functions.size > 0) template = withVersionFor(template, dialect, stack, problems);
  if (problems.length > 0) throw new SynthError(problems);
  return template;
}

/**
 * The step each element of a stack goes through, shared by `synthesizeStack` (which assembles the `Template`) and
 * `writeStackTemplateFile` (which writes each resource as soon as it is resolved): resolve the element, check
 * that its logical id is free, and note whether a resource refers to one created after it. Problems are collected
 * in `problems`, so that one run reports every problem.
 */
export class StackResolver {
  readonly problems: SynthProblem[] = [];
  /** The functions beyond references and joins that the stack uses: they decide its version. */
  readonly functions = new Set<FnName>();
  /** Whether any resource refers to one created after it (seen while resolving): only then can there be a cycle. */
  refersForward = false;
  // One context and one reporter for every element in turn: a stack may have tens of thousands.
  private readonly context: ElementContext;
  private readonly report = (message: string): void => {
    const element = this.context.referrer;
    this.problems.push({ path: element.node.path, source: element._creation?.toString(), message });
  };
  // Sets rather than the template's records: an id such as `toString` is not taken by the records' prototype.
  private readonly resourceIds = new Set<string>();
  private readonly parameterIds = new Set<string>();
  private readonly ownNamespaces = {
    outputs: new Set<string>(),
    conditions: new Set<string>(),
    mappings: new Set<string>(),
  };

  constructor(
    private readonly stack: Stack,
    dialect: Dialect,
  ) {
    this.context = new ElementContext(dialect, stack, this.functions);
  }

  /**
   * Whether the stack so far can be written one resource at a time: no problem yet, no function beyond references
   * and joins (whose version is chosen from the whole template), and no reference to a resource created later
   * (only then can there be a cycle, which is checked on the whole template; such stacks are rare).
   */
  get streamable(): boolean {
    return this.problems.length === 0 && this.functions.size === 0 && !this.refersForward;
  }

  /** The element's definition, or undefined when it failed (reported in `problems`). */
  resolve(element: StackElement): ElementDefinition | undefined {
    const { stack, report } = this;
    const definition = synthesizeElement(element, this.context, report);
    if (definition === undefined) return undefined;
    const id = element.logicalId;
    if (definition.section === 'outputs' || definition.section === 'conditions' || definition.section === 'mappings') {
      // Each of these sections is a namespace of its own.
      const ids = this.ownNamespaces[definition.section];
      if (ids.has(id))
        report(
          `another ${SINGULAR[definition.section]} is named '${id}' (${elementNamed(stack, id, definition.section)?.node.path})`,
        );
      ids.add(id);
      return definition;
    }
    // Parameters and resources share a namespace: a CFN `Ref` names either.
    if (this.resourceIds.has(id) || this.parameterIds.has(id)) {
      const other = elementNamed(stack, id, 'parameters') ?? elementNamed(stack, id, 'resources');
      report(`its logical id '${id}' is already used by ${other?.node.path}; rename one of them`);
    }
    if (definition.section === 'parameters') {
      this.parameterIds.add(id);
      return definition;
    }
    const { references } = this.context;
    const { dependsOn } = definition.def;
    if (!this.refersForward)
      this.refersForward = refersTo(references, id, this.resourceIds) || refersTo(dependsOn, id, this.resourceIds);
    this.resourceIds.add(id);
    return definition;
  }
}

const SINGULAR = { outputs: 'output', conditions: 'condition', mappings: 'mapping' } as const;

/** The element's definition, or undefined when it failed (reported); `context.references` are its references. */
function synthesizeElement(
  element: StackElement,
  context: ElementContext,
  report: (message: string) => void,
): ElementDefinition | undefined {
  context.enter(element);
  try {
    return element._synthesize(context, report);
  } catch (e) {
    if (!(e instanceof HeatstackError)) throw e;
    // A token error starts with the element's path, which the problem names already:
    // `S/Blog (Properties.Env[0]): …` is reported as `Properties.Env[0]: …`.
    const path = element.node.path;
    report(
      e.message.startsWith(path)
        ? e.message
            .slice(path.length)
            .replace(/^ \(([^)]*)\):/, '$1:')
            .replace(/^[ :]+/, '')
        : e.message,
    );
    return undefined;
  }
}

/**
 * The default version has references and joins; a stack using other functions (`Fn.select`, `Fn.digest`, …) gets
 * the newest version of its dialect that can express them all: in HOT, with each `Fn.select` rewritten where an
 * exact HOT equivalent exists (`rewriteForHot`), else as written (HOT's `Fn::Select` exists only up to 2015-04-30).
 * When none can, each thing that stood in the way is a problem of the construct that holds it.
 */
function withVersionFor(template: Template, dialect: Dialect, stack: Stack, problems: SynthProblem[]): Template {
  const forms = dialect === 'hot' ? [rewriteForHot(template), template] : [template];
  try {
    const choice = chooseVersionOf(forms, dialect);
    return { ...choice.template, version: choice.version };
  } catch (e) {
    if (!(e instanceof VersionChoiceError)) throw e;
    const what = `no ${dialect} template version can express this stack`;
    for (const blocker of e.blockers) problems.push(blockerProblem(stack, blocker, what));
    return template;
  }
}

/** A blocker as a problem of the construct whose resource or output holds it (of the stack, for anything else). */
export function blockerProblem(stack: Stack, blocker: TemplateEmitError, what: string): SynthProblem {
  const path = blocker.at?.path ?? '';
  const [section, id] = path.split('.');
  const kind = section?.toLowerCase();
  const element =
    id !== undefined && (kind === 'resources' || kind === 'outputs') ? elementNamed(stack, id, kind) : undefined;
  const message = `${what}: ${blockerMessage(blocker)}${path ? ` (at ${path})` : ''}`;
  const source = element?._creation?.toString();
  return { path: element?.node.path ?? stack.node.path, ...(source !== undefined && { source }), message };
}

/**
 * The context of one element's values, moved to each element in turn (`enter`). A class, so that `referrerPath`
 * is one getter on the prototype.
 */
class ElementContext implements ResolveContext {
  section: StackElement['section'] = 'resources';
  referrer!: StackElement;
  /** What the current element refers to. */
  readonly references: string[] = [];
  constructor(
    readonly dialect: Dialect,
    readonly stack: Stack,
    readonly functions: Set<FnName>,
  ) {}

  enter(element: StackElement): void {
    this.referrer = element;
    this.section = element.section;
    this.references.length = 0;
  }

  /** Computed only for a message: building 10,000 paths would cost more than the rest of the element. */
  get referrerPath(): string {
    return this.referrer.node.path;
  }
}

/** Whether `ids` names a resource other than `self` that is not defined yet. */
function refersTo(ids: readonly string[], self: string, defined: ReadonlySet<string>): boolean {
  for (const d of ids) if (d !== self && !defined.has(d)) return true;
  return false;
}

/**
 * A reference cycle, named by construct paths: `A → B → A`. The dependencies are those Heat infers from the
 * template (every resource a resource's properties name, plus its `DependsOn`). Only called when some resource
 * refers to one created after it: otherwise every reference points back in creation order and there can be no
 * cycle. The graph is derived from the template then, rather than recorded for every stack while resolving.
 */
function checkCycles(template: Template, stack: Stack, problems: SynthProblem[]): void {
  const graph = resourceDependencies(template);
  const result = topologicalOrder(graph);
  if (!('cycle' in result)) return;
  const pathOf = (id: string): string => elementNamed(stack, id, 'resources')?.node.path ?? id;
  const first = elementNamed(stack, result.cycle[0]!, 'resources');
  problems.push({
    path: pathOf(result.cycle[0]!),
    source: first?._creation?.toString(),
    message: `reference cycle: ${[...result.cycle, result.cycle[0]!].map(pathOf).join(' → ')} (each depends on the next, through an attribute, its id or addDependency); break one link`,
  });
}

/**
 * The first element of the stack's section with the logical id, for a message. A search, not a map kept while
 * synthesizing: only a problem needs it.
 */
function elementNamed(stack: Stack, id: string, section: StackElement['section']): StackElement | undefined {
  return stack._elements.find((e) => e.section === section && e.logicalId === id);
}
