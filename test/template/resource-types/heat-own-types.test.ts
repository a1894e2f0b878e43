import { describe, expect, test } from 'vitest';
import { HEAT_NONE_TYPE } from '../../../src/template/resource-types/heat-none.js';
import { HEAT_RANDOM_STRING_TYPE } from '../../../src/template/resource-types/heat-random-string.js';
import { HEAT_RESOURCE_GROUP_TYPE } from '../../../src/template/resource-types/heat-resource-group.js';
import { heatSpecType } from '../../../src/template/resource-types/heat-spec.js';
import { HEAT_STACK_TYPE } from '../../../src/template/resource-types/heat-stack.js';
import { HEAT_VALUE_TYPE } from '../../../src/template/resource-types/heat-value.js';
import { checkResourceProperties } from '../../../src/template/validate/index.js';

const MODULES = [HEAT_RANDOM_STRING_TYPE, HEAT_VALUE_TYPE, HEAT_NONE_TYPE, HEAT_RESOURCE_GROUP_TYPE, HEAT_STACK_TYPE];

describe("Heat's own types the engine runs", () => {
  test.each(MODULES.map((m) => [m.schema.names[0]?.name, m] as const))(
    '%s has the properties and attributes Heat 19 defines',
    (name, module) => {
      const heat = heatSpecType(name as string);
      expect(module.schema.properties).toEqual(heat?.properties);
      expect(module.schema.attributes).toEqual(heat?.attributes);
      expect(module.schema.names[0]?.properties).toEqual(heat?.names[0]?.properties);
    },
  );

  test('each is run by the engine: no backend object, nothing to locate', () => {
    for (const module of MODULES) {
      expect(module.deploy?.engineRun).toBe(true);
      expect(module.deploy?.locatorOf({ docker_endpoint: 'tcp://x:2375' })).toEqual({});
    }
  });

  test("a RandomString's properties are checked as Heat checks them", () => {
    expect(checkResourceProperties('OS::Heat::RandomString', { length: 16 })).toEqual([]);
    expect(checkResourceProperties('OS::Heat::RandomString', { length: 0 })).not.toEqual([]);
    const badClass = checkResourceProperties('OS::Heat::RandomString', { character_classes: [{ class: 'emoji' }] });
    expect(badClass.map((p) => p.path)).toEqual(['character_classes[0].class']);
    expect(
      checkResourceProperties('OS::Heat::RandomString', { character_sequences: [{ sequence: '!@#', min: 2 }] }),
    ).toEqual([]);
  });

  test("a ResourceGroup needs its resource_def's type", () => {
    expect(checkResourceProperties('OS::Heat::ResourceGroup', { count: 2, resource_def: { type: 'X' } })).toEqual([]);
    const problems = checkResourceProperties('OS::Heat::ResourceGroup', { count: -1, resource_def: {} });
    expect(problems.map((p) => p.path).sort()).toEqual(['count', 'resource_def.type']);
  });
});
