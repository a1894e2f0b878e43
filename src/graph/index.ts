/**
 * A template's dependency graph, laid out by a graph library and drawn: `heatstack graph` and the dashboard's
 * Topology tab both come through here.
 */
import type { Status } from '../deploy/status.js';
import type { Template } from '../template/model.js';
import { layoutGraph } from './layout.js';
import { stackGraph } from './model.js';
import { renderSvg, svgSize } from './svg.js';

export { renderDot } from './dot.js';
export { type GraphLayout, layoutGraph } from './layout.js';
export {
  type EdgeKind,
  type GraphEdge,
  type GraphNode,
  type NodeShape,
  type StackGraph,
  shapeOf,
  stackGraph,
} from './model.js';
export { renderSvg, type SvgOptions, svgSize } from './svg.js';

/** The template's graph as SVG text, with its size; nodes coloured by `statuses` when given. */
export function templateSvg(
  template: Template,
  statuses?: Readonly<Record<string, Status>>,
): { svg: string; width: number; height: number } {
  const layout = layoutGraph(stackGraph(template));
  return { svg: renderSvg(layout, { statuses }), ...svgSize(layout) };
}
