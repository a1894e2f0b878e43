import { findReferences, resourceDependencies } from '../../template/dependencies.js';
import type { Template } from '../../template/model.js';
import { resourceType } from '../../template/resource-types/index.js';
import type { DeployTarget } from '../../template/resource-types/type-module.js';
import { meaningHash } from '../plan/config-hash.js';
import { type HiddenValues, resourceMeanings } from '../plan/meaning.js';
import type { ChangeRules, DesiredStack } from '../plan/planner.js';
import type { TemplateServices } from './services.js';

/**
 * Reduces a template and its parameter values to what the planner compares: the resources whose condition holds,
 * their dependencies among themselves, what each reads, and each one's meaning and configuration hash.
 */
export function desiredStack(
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  services: Pick<TemplateServices, 'conditionHolds'>,
  secrets?: HiddenValues,
  target: DeployTarget = 'docker',
): DesiredStack {
  const active = new Set<string>();
  for (const [name, res] of Object.entries(template.resources)) {
    if (res.condition === undefined || services.conditionHolds(template, res.condition, parameters)) active.add(name);
  }
  const graph = new Map<string, string[]>();
  for (const [name, deps] of resourceDependencies(template)) {
    if (active.has(name))
      graph.set(
        name,
        deps.filter((d) => active.has(d)),
      );
  }
  const reads = new Map<string, string[]>();
  const meanings = resourceMeanings(template, active, parameters, secrets);
  const hashes = new Map<string, string>();
  for (const [name, meaning] of meanings) hashes.set(name, meaningHash(meaning));
  for (const name of active) {
    const props = (template.resources[name] as Template['resources'][string]).properties;
    reads.set(
      name,
      [...findReferences(props).resources].filter((r) => r !== name && active.has(r)),
    );
  }
  return { graph, reads, hashes, meanings, changeRules: changeRulesOf(template, target) };
}

/**
 * The change rules of each resource's type on the stack's target: its schema's `updateAllowed`, its deploy binding's
 * `inPlace` and `holds`. A binding that `updatesInPlace` (a Swarm service's rolling update) takes any change but its
 * object's name in place.
 */
function changeRulesOf(template: Template, target: DeployTarget): ChangeRules {
  const typeOf = (resource: string) => {
    const def = template.resources[resource];
    return def === undefined ? undefined : resourceType(def.type);
  };
  const bindingOf = (resource: string) => {
    const deploy = typeOf(resource)?.module.deploy;
    return target === 'docker' ? deploy : (deploy?.targets?.[target] ?? deploy);
  };
  return {
    inPlace(resource, property, value) {
      const binding = bindingOf(resource);
      if (binding?.updatesInPlace) return property !== 'name';
      if (typeOf(resource)?.schema.properties[property]?.updateAllowed !== true) return false;
      return binding?.inPlace?.(property, value) ?? true;
    },
    holds(resource, properties) {
      const holds = bindingOf(resource)?.holds;
      // A type that does not say is taken to hold what its replacement needs: it is deleted first, as it always was.
      return holds === undefined ? 'its type does not say what its objects hold' : holds(properties);
    },
  };
}
