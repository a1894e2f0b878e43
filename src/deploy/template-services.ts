import { conditionHolds, evaluate } from '../template/evaluate/index.js';
import { canonicalAttributeName, resourceType } from '../template/resource-types/index.js';
import { normalizeProperties } from '../template/validate/properties.js';
import type { TemplateServices } from './engine/services.js';

/** heatstack's own template functions, as the engine uses them. */
export function defaultTemplateServices(): TemplateServices {
  return {
    evaluate: (expr, ctx) =>
      evaluate(expr, {
        template: ctx.template,
        parameters: ctx.parameters,
        // A resource whose condition is false has no id: Heat resolves it to None.
        resourceId: (name) => ctx.resourceId(name) ?? (null as unknown as string),
        attribute: (resource, attribute) => ctx.attribute(resource, attribute),
      }),
    conditionHolds,
    normalizeProperties,
    canonicalAttribute: (typeName, spelled) => {
      const type = resourceType(typeName);
      return type ? canonicalAttributeName(type, spelled) : undefined;
    },
  };
}
