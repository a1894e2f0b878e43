import type { EdgeKind, NodeShape, StackGraph } from './model.js';

/**
 * A stack graph in Graphviz's DOT language, for `dot -Tpng` or any tool that reads it: the same nodes, shapes and
 * edge styles as the SVG (Graphviz lays it out itself). Edges point from a resource to what it depends on.
 */

const DOT_SHAPES: Readonly<Record<NodeShape, string>> = {
  container: 'shape=box, style="rounded"',
  volume: 'shape=cylinder',
  network: 'shape=hexagon',
  image: 'shape=parallelogram',
  value: 'shape=ellipse',
  group: 'shape=box3d',
  other: 'shape=box',
};

const DOT_EDGES: Readonly<Record<EdgeKind, string>> = {
  reference: 'style=solid',
  depends_on: 'style=dashed, label="depends_on"',
  both: 'style=bold, label="depends_on"',
};

export function renderDot(graph: StackGraph, name = 'stack'): string {
  const lines = [`digraph ${dotId(name)} {`, '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=12];'];
  for (const n of graph.nodes)
    lines.push(`  ${dotId(n.id)} [label=${dotId(`${n.id}\n${n.type}`)}, ${DOT_SHAPES[n.shape]}];`);
  for (const e of graph.edges) lines.push(`  ${dotId(e.from)} -> ${dotId(e.to)} [${DOT_EDGES[e.kind]}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A DOT identifier: always quoted, with quotes, backslashes and newlines escaped. */
function dotId(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
