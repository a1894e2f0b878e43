import type { App } from '../constructs/app.js';
import { withConstructPath } from '../template/construct-path.js';
import type { ResourceDef } from '../template/model.js';
import type { StackTemplate } from './synthesizer.js';

/**
 * Each resource's construct path in its metadata (`heatstack:path: Blog/Site/Database`), as the AWS CDK writes
 * `aws:cdk:path`. Added to the synthesized templates rather than while synthesizing: only `synth --path-metadata`
 * and `deploy` of an app ask for it, and the default synth (a 10,000-container stack in about 150 ms) pays nothing.
 */
export function withPathMetadata(app: App, templates: readonly StackTemplate[]): StackTemplate[] {
  const stacks = new Map(app.stacks.map((s) => [s.stackName, s]));
  return templates.map((t) => {
    const stack = stacks.get(t.stackName);
    if (stack === undefined) return t;
    const paths = new Map<string, string>();
    for (const element of stack._elements) {
      if (element.section === 'resources' && !paths.has(element.logicalId))
        paths.set(element.logicalId, element.node.path);
    }
    const resources: Record<string, ResourceDef> = {};
    for (const [id, def] of Object.entries(t.template.resources)) {
      const path = paths.get(id);
      resources[id] = path === undefined ? def : withConstructPath(def, path);
    }
    return { stackName: t.stackName, template: { ...t.template, resources } };
  });
}
