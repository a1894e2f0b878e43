import { findReferences, resourceDependencies } from '../../template/dependencies.js';
import type { Template } from '../../template/model.js';
import { resourceType } from '../../template/resource-types/index.js';
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
  return { graph, reads, hashes, meanings, changeRules: changeRulesOf(template) };
}

/** The change rules of each resource's type: its schema's `updateAllowed`, its deploy binding's `inPlace` and `holds`. */
function changeRulesOf(template: Template): ChangeRules {
  const typeOf = (resource: string) => {
    const def = template.resources[resource];
    return def === undefined ? undefined : resourceType(def.type);
  };
  return {
    inPlace(resource, property, value) {
      const type = typeOf(resource);
      if (type?.schema.properties[property]?.updateAllowed !== true) return false;
      return type.module.deploy?.inPlace?.(property, value) ?? true;
    },
    holds(resource, properties) {
      const holds = typeOf(resource)?.module.deploy?.holds;
      // A type that does not say is taken to hold what its replacement needs: it is deleted first, as it always was.
      return holds === undefined ? 'its type does not say what its objects hold' : holds(properties);
    },
  };
}
