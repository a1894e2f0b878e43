import type { Status } from '../deploy/status.js';
import { type GraphLayout, NODE_TEXT, type PlacedEdge, type PlacedNode } from './layout.js';
import type { EdgeKind, NodeShape } from './model.js';

/**
 * A laid-out stack graph as SVG text: each resource drawn in its type's shape with its logical id and type, each
 * dependency an arrow from the dependent to what it depends on — solid for a reference, dashed for `depends_on`,
 * thick for both — and a legend. With statuses, each node is coloured by how far its resource got; the dashboard
 * changes a node's `data-progress` live and the style inside the picture recolours it.
 */

export interface SvgOptions {
  /** Each resource's status; a resource without one is drawn uncoloured. */
  readonly statuses?: Readonly<Record<string, Status>>;
}

const LEGEND_HEIGHT = 28;

const STYLE = `
.hs-graph{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
.hs-node .shape{fill:#f4f6f8;stroke:#5b6b7b;stroke-width:1.5}
.hs-node .id{font-size:${NODE_TEXT.idSize}px;font-weight:600;fill:#1d2733}
.hs-node .type{font-size:${NODE_TEXT.typeSize}px;fill:#5b6b7b}
.hs-node[data-progress=COMPLETE] .shape{fill:#e3f4e5;stroke:#2e7d32}
.hs-node[data-progress=IN_PROGRESS] .shape{fill:#fff4d6;stroke:#b7791f}
.hs-node[data-progress=FAILED] .shape{fill:#fde4e4;stroke:#c62828}
.hs-node[data-action=DELETE][data-progress=COMPLETE] .shape,.hs-node[data-action=SUSPEND][data-progress=COMPLETE] .shape{fill:#eceff1;stroke:#78909c}
.hs-edge{fill:none;stroke:#7a8794;stroke-width:1.4}
.hs-edge.depends_on{stroke-dasharray:6 4}
.hs-edge.both{stroke-width:2.6}
.hs-legend{font-size:11px;fill:#5b6b7b}
`;

/** The picture's size: the layout's, widened to fit the legend, which goes below it. */
export function svgSize(layout: GraphLayout): { width: number; height: number } {
  return { width: Math.max(layout.width, 330), height: layout.height + LEGEND_HEIGHT };
}

export function renderSvg(layout: GraphLayout, options: SvgOptions = {}): string {
  const { width, height } = svgSize(layout);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="hs-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<style>${STYLE}</style>`,
    '<defs><marker id="hs-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#7a8794"/></marker></defs>',
    ...layout.edges.map(edgeSvg),
    ...layout.nodes.map((n) => nodeSvg(n, options.statuses?.[n.id])),
    legendSvg(layout.height),
    '</svg>',
  ].join('\n');
}

function edgeSvg(edge: PlacedEdge): string {
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join('');
  return `<path class="hs-edge ${edge.kind}" data-from="${xml(edge.from)}" data-to="${xml(edge.to)}" d="${d}" marker-end="url(#hs-arrow)"><title>${xml(edge.from)} ${EDGE_WORDS[edge.kind]} ${xml(edge.to)}</title></path>`;
}

const EDGE_WORDS: Readonly<Record<EdgeKind, string>> = {
  reference: 'refers to',
  depends_on: 'depends on (depends_on)',
  both: 'refers to and depends on',
};

function nodeSvg(node: PlacedNode, status: Status | undefined): string {
  const state =
    status === undefined
      ? ''
      : ` data-action="${status.replace(/_(IN_PROGRESS|COMPLETE|FAILED)$/, '')}" data-progress="${progress(status)}"`;
  const title = `${node.id} (${node.type})${status ? `: ${status}` : ''}`;
  return [
    `<g class="hs-node" data-resource="${xml(node.id)}" data-shape="${node.shape}"${state}>`,
    `<title>${xml(title)}</title>`,
    shapeSvg(node.shape, node),
    `<text class="id" x="${num(node.x)}" y="${num(node.y - 3)}" text-anchor="middle">${xml(node.id)}</text>`,
    `<text class="type" x="${num(node.x)}" y="${num(node.y + 13)}" text-anchor="middle">${xml(node.type)}</text>`,
    '</g>',
  ].join('');
}

function progress(status: Status): string {
  if (status.endsWith('_IN_PROGRESS')) return 'IN_PROGRESS';
  return status.endsWith('_COMPLETE') ? 'COMPLETE' : 'FAILED';
}

/** The outline of a node of `shape` centred on the node. */
function shapeSvg(shape: NodeShape, n: { x: number; y: number; width: number; height: number }): string {
  const left = n.x - n.width / 2;
  const top = n.y - n.height / 2;
  const right = left + n.width;
  const bottom = top + n.height;
  const rect = (rx: number, dx = 0) =>
    `<rect class="shape" x="${num(left + dx)}" y="${num(top - dx)}" width="${num(n.width)}" height="${num(n.height)}" rx="${rx}"/>`;
  switch (shape) {
    case 'container':
      return rect(9);
    case 'value':
      return `<ellipse class="shape" cx="${num(n.x)}" cy="${num(n.y)}" rx="${num(n.width / 2)}" ry="${num(n.height / 2)}"/>`;
    case 'group':
      return rect(2, 4) + rect(2);
    case 'network':
      return polygon([
        [left + 12, top],
        [right - 12, top],
        [right, n.y],
        [right - 12, bottom],
        [left + 12, bottom],
        [left, n.y],
      ]);
    case 'image':
      return polygon([
        [left + 10, top],
        [right, top],
        [right - 10, bottom],
        [left, bottom],
      ]);
    case 'volume': {
      const r = n.width / 2;
      const cap = 6;
      return `<path class="shape" d="M${num(left)},${num(top + cap)}A${num(r)},${cap} 0 0 1 ${num(right)},${num(top + cap)}V${num(bottom - cap)}A${num(r)},${cap} 0 0 1 ${num(left)},${num(bottom - cap)}Z M${num(left)},${num(top + cap)}A${num(r)},${cap} 0 0 0 ${num(right)},${num(top + cap)}"/>`;
    }
    default:
      return rect(0);
  }
}

function polygon(points: readonly (readonly [number, number])[]): string {
  return `<polygon class="shape" points="${points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}"/>`;
}

function legendSvg(top: number): string {
  const y = top + 14;
  const sample = (x: number, kind: EdgeKind, text: string) =>
    `<path class="hs-edge ${kind}" d="M${x},${y}L${x + 28},${y}" marker-end="url(#hs-arrow)"/><text class="hs-legend" x="${x + 34}" y="${y + 4}">${text}</text>`;
  return `<g class="hs-legend-box">${sample(10, 'reference', 'reference')}${sample(110, 'depends_on', 'depends_on')}${sample(220, 'both', 'both')}</g>`;
}

/** A coordinate with at most one decimal: stable text for the same layout. */
function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Text made safe inside XML content and double-quoted attributes. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
