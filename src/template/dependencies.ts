import { type Expr, isCall, type Template } from './model.js';

/**
 * What an expression refers to, found by walking it. Iterative, so a deeply nested value cannot overflow the
 * call stack.
 */
export interface References {
  readonly resources: Set<string>;
  readonly parameters: Set<string>;
  /** `resource\0attribute` pairs, for callers that must fetch attributes before evaluating. */
  readonly attributes: Set<string>;
  readonly conditions: Set<string>;
}

/**
 * Which branch of an `if` is taken, when that is known (`true`/`false`), else `undefined`. Heat resolves an `if`'s
 * condition when it parses the template and never reads the other branch (`If.parse_args`), so a reference there
 * is no dependency.
 */
export type ConditionDecider = (condition: Expr) => boolean | undefined;

export function findReferences(expr: Expr, into?: References, decide?: ConditionDecider): References {
  const refs = into ?? { resources: new Set(), parameters: new Set(), attributes: new Set(), conditions: new Set() };
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      const [first, second] = e.args;
      if (typeof first === 'string') {
        if (e.fn === 'get_resource') refs.resources.add(first);
        else if (e.fn === 'get_param') refs.parameters.add(first);
        else if (e.fn === 'condition') refs.conditions.add(first);
        else if (e.fn === 'get_attr') {
          refs.resources.add(first);
          if (typeof second === 'string') refs.attributes.add(`${first}\0${second}`);
        }
      }
      const taken = e.fn === 'if' && decide !== undefined ? decide(e.args[0] as Expr) : undefined;
      if (taken === undefined) for (const a of e.args) stack.push(a);
      else stack.push(e.args[0] as Expr, (taken ? e.args[1] : e.args[2]) ?? null);
    } else if (Array.isArray(e)) {
      for (const a of e) stack.push(a);
    } else {
      for (const a of Object.values(e)) stack.push(a);
    }
  }
  return refs;
}

/**
 * Each resource's dependencies, as Heat infers them: every resource named by `get_resource`/`get_attr`
 * (CFN `Ref`/`Fn::GetAtt`) in its properties, metadata or condition, plus its explicit `dependsOn`.
 * Names that are not resources of the template are left out (validation reports them).
 */
export function resourceDependencies(template: Template, decide?: ConditionDecider): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [name, res] of Object.entries(template.resources)) {
    const refs = findReferences(res.properties, undefined, decide);
    if (res.metadata !== undefined) findReferences(res.metadata, refs, decide);
    const deps = new Set<string>();
    for (const r of [...refs.resources, ...res.dependsOn]) {
      if (r !== name && Object.hasOwn(template.resources, r)) deps.add(r);
    }
    graph.set(name, [...deps]);
  }
  return graph;
}

/**
 * Orders the graph so that every node comes after what it depends on (Kahn's algorithm, iterative).
 * Returns the cycle instead when there is one, as a list of names where each depends on the next and the
 * last depends on the first.
 */
export function topologicalOrder(
  graph: ReadonlyMap<string, readonly string[]>,
): { order: string[] } | { cycle: string[] } {
  const dependents = new Map<string, string[]>();
  const remaining = new Map<string, number>();
  for (const [node, deps] of graph) {
    remaining.set(node, deps.length);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(node);
      else dependents.set(d, [node]);
    }
  }
  const ready = [...graph.keys()].filter((n) => remaining.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const n = ready.pop() as string;
    order.push(n);
    for (const m of dependents.get(n) ?? []) {
      const left = (remaining.get(m) as number) - 1;
      remaining.set(m, left);
      if (left === 0) ready.push(m);
    }
  }
  if (order.length === graph.size) return { order };
  return { cycle: findCycle(graph, new Set([...remaining].filter(([, c]) => c > 0).map(([n]) => n))) };
}

/** Follows dependencies among nodes that are all on or behind a cycle until a node repeats. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>, stuck: Set<string>): string[] {
  const start = [...stuck].sort()[0] as string;
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let node = start;
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length);
    path.push(node);
    node = (graph.get(node) ?? []).filter((d) => stuck.has(d)).sort()[0] as string;
  }
  return path.slice(seenAt.get(node));
}
