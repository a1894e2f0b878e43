import dagre from '@dagrejs/dagre';
import type { EdgeKind, GraphNode, StackGraph } from './model.js';

/**
 * Places a stack graph with dagre (a layered, Sugiyama-style layout): each resource above what it depends on, edges
 * routed between the layers. Sizes come from the text a node shows, estimated from its length (no fonts are
 * measured on the server), so the picture is the same wherever it is made.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A node's centre and size. */
export interface PlacedNode extends GraphNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** Font sizes the renderers use, and the widths their characters are estimated at. */
export const NODE_TEXT = { idSize: 13, typeSize: 11, idCharWidth: 8, typeCharWidth: 6.6 } as const;
const NODE_HEIGHT = 46;
const PADDING = 28;
const MARGIN = 16;

function nodeWidth(node: GraphNode): number {
  const text = Math.max(node.id.length * NODE_TEXT.idCharWidth, node.type.length * NODE_TEXT.typeCharWidth);
  return Math.ceil(Math.max(90, text + PADDING));
}

export function layoutGraph(graph: StackGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.id);
    return { ...node, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const edges = graph.edges.map((edge) => ({
    ...edge,
    points: ((g.edge(edge.from, edge.to)?.points ?? []) as Point[]).map(({ x, y }) => ({ x, y })),
  }));
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
