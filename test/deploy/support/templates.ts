import {
  call,
  type Expr,
  type ExprMap,
  emptyTemplate,
  type ResourceDef,
  type Template,
} from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';

/** A template of `Test::Thing` resources: name → properties (and optional explicit dependencies). */
export function things(
  resources: Record<string, ExprMap | { properties: ExprMap; dependsOn?: string[]; condition?: Expr }>,
  extra: Partial<Template> = {},
): Template {
  const defs: Record<string, ResourceDef> = {};
  for (const [name, spec] of Object.entries(resources)) {
    const full =
      'properties' in spec && typeof spec.properties === 'object' && !Array.isArray(spec.properties)
        ? (spec as { properties: ExprMap; dependsOn?: string[]; condition?: Expr })
        : { properties: spec as ExprMap };
    defs[name] = {
      type: 'Test::Thing',
      properties: full.properties,
      dependsOn: full.dependsOn ?? [],
      condition: full.condition,
    };
  }
  return { ...emptyTemplate('hot'), resources: defs, ...extra };
}

/** A chain: R0 ← R1 ← … each reading the previous one's address. */
export function chain(length: number): Template {
  const resources: Record<string, ExprMap> = { R0: { image: 'x' } };
  for (let i = 1; i < length; i++)
    resources[`R${i}`] = { image: 'x', env: [call('join', '=', ['PREV', call('get_attr', `R${i - 1}`, 'Ip')])] };
  return things(resources);
}

export const attr = (resource: string, attribute: string): Expr => call('get_attr', resource, attribute);

/** A HOT template from its text after the version line (a test's YAML), parsed as `deploy` would read it. */
export function hot(yaml: string): Template {
  const parsed = parseTemplate(`heat_template_version: 2018-08-31\n${yaml}`);
  if (parsed.template === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.template;
}
