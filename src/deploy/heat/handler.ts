import { randomBytes } from 'node:crypto';
import type { Observation } from '../engine/services.js';
import type { CreateRequest, ExistingResource, TypeHandler } from '../handler.js';
import { generateRandomString, type RandomStringProperties } from './random-string.js';

/**
 * The handler of Heat's own types the engine runs (`template/resource-types/heat-*.ts`): none makes a Docker object.
 * A RandomString's string is generated here and kept in the record's hidden `data`; a group's or nested stack's
 * members are resources of the stack in their own right (`deploy/expand/`), and every attribute of a Value, a group
 * or a nested stack is read from the template there, so what is left here is a name and the RandomString's value.
 */

/** Heat's `physical_resource_name()`: `<stack>-<resource>-<random>`. */
function physicalName(stack: string, logicalId: string): string {
  return `${stack}-${logicalId}-${randomBytes(6).toString('base64url').toLowerCase()}`;
}

const NOTHING: Observation = { objects: [], unreachable: new Map() };

export function createHandler(typeNames: readonly string[]): TypeHandler {
  const randomString = typeNames.includes('OS::Heat::RandomString');
  return {
    async create(request: CreateRequest) {
      const physicalId = physicalName(request.stack, request.logicalId);
      if (!randomString) return { physicalId };
      const where = `Resources.${request.logicalId}`;
      const value = generateRandomString(request.properties as unknown as RandomStringProperties, where);
      return { physicalId, data: { value } };
    },
    delete: async () => {},
    suspend: async () => {},
    resume: async () => {},
    async attribute(resource: ExistingResource, attribute: string) {
      // Heat gives None for an attribute it cannot resolve (`show` of a placeholder, anything of OS::Heat::None).
      return randomString && attribute === 'value' ? (resource.data?.value ?? null) : null;
    },
    observe: async () => NOTHING,
    sweep: async () => 0,
  };
}
