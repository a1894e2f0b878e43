import { findReferences } from '../template/dependencies.js';
import type { Template } from '../template/model.js';

/**
 * A template's dependency graph as a picture shows it: one node per resource, shaped by what its type is, and one
 * edge per dependency, told apart by how it arose — an explicit `depends_on`/`DependsOn`, or a reference
 * (`get_resource`/`get_attr`, CFN `Ref`/`Fn::GetAtt`) in its properties or metadata, which Heat turns into a
 * dependency implicitly (`heat/engine/resource.py`, `add_explicit_dependencies` and `add_dependencies`).
 */

/** How a node is drawn; `shapeOf` says which types get which. */
export type NodeShape = 'container' | 'volume' | 'network' | 'image' | 'value' | 'group' | 'other';

/** `depends_on`: named explicitly; `reference`: implied by a reference; `both`: named and referred to. */
export type EdgeKind = 'depends_on' | 'reference' | 'both';

export interface GraphNode {
  /** The resource's logical id. */
  readonly id: string;
  readonly type: string;
  readonly shape: NodeShape;
}

/** `from` depends on `to`: `to` is created first and deleted last. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

export interface StackGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const CONTAINER_TYPES = new Set(['OS::Heat::Docker', 'DockerInc::Docker::Container', 'OS::Zun::Container']);
const VALUE_TYPES = new Set([
  'OS::Heat::RandomString',
  'OS::Heat::Value',
  'OS::Heat::None',
  'OS::Heat::TestResource',
  'OS::Heat::CloudConfig',
  'OS::Heat::SoftwareConfig',
]);
const GROUP_TYPES = new Set([
  'OS::Heat::ResourceGroup',
  'OS::Heat::AutoScalingGroup',
  'OS::Heat::Stack',
  'AWS::CloudFormation::Stack',
]);

/** The shape of a resource type: containers, volumes, networks, images, values, groups and nested stacks, the rest. */
export function shapeOf(type: string): NodeShape {
  if (CONTAINER_TYPES.has(type)) return 'container';
  if (VALUE_TYPES.has(type)) return 'value';
  // A template file used as a type is a nested stack, as are Heat's groups.
  if (GROUP_TYPES.has(type) || /\.(ya?ml|json|template)$/i.test(type)) return 'group';
  const last = type.split('::').pop()?.toLowerCase() ?? '';
  if (last.includes('volume')) return 'volume';
  if (/net(work)?$|subnet|router|port$/.test(last)) return 'network';
  if (last === 'image') return 'image';
  return 'other';
}

/** The dependency graph of `template`: resources in template order; references to unknown names are left out. */
export function stackGraph(template: Template): StackGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [id, res] of Object.entries(template.resources)) {
    nodes.push({ id, type: res.type, shape: shapeOf(res.type) });
    const refs = findReferences(res.properties);
    if (res.metadata !== undefined) findReferences(res.metadata, refs);
    const explicit = new Set(res.dependsOn);
    for (const to of new Set([...res.dependsOn, ...refs.resources])) {
      if (to === id || !Object.hasOwn(template.resources, to)) continue;
      const referred = refs.resources.has(to);
      edges.push({ from: id, to, kind: explicit.has(to) ? (referred ? 'both' : 'depends_on') : 'reference' });
    }
  }
  return { nodes, edges };
}
