import { describe, expect, test } from 'vitest';
import {
  deployableResourceTypes,
  isOwnResourceType,
  knownResourceTypes,
  resourceType,
} from '../../../src/template/resource-types/index.js';
import { RESOURCE_TYPES } from '../../../src/template/resource-types/registry.js';

describe('the resource type registry', () => {
  test('resolves each type name of each module to that module, with the name’s own spelling', () => {
    for (const module of RESOURCE_TYPES) {
      for (const name of module.schema.names) {
        const resolved = resourceType(name.name);
        expect(resolved?.module).toBe(module);
        expect(resolved?.name).toBe(name);
        expect(isOwnResourceType(name.name)).toBe(true);
      }
    }
  });

  test('gives a stock Heat type its schema alone: no rules, no deploy binding', () => {
    const random = resourceType('OS::Heat::RandomString');
    expect(random?.heat).toBeDefined();
    expect(random?.module.deploy).toBeUndefined();
    expect(random?.module.validation).toBeUndefined();
    expect(isOwnResourceType('OS::Heat::RandomString')).toBe(false);
    expect(knownResourceTypes()).toContain('OS::Heat::RandomString');
  });

  test('lists as deployable exactly the names of modules with a deploy binding', () => {
    const expected = RESOURCE_TYPES.filter((m) => m.deploy !== undefined).flatMap((m) =>
      m.schema.names.map((n) => n.name),
    );
    expect(deployableResourceTypes()).toEqual(expected);
    expect(deployableResourceTypes()).toEqual([
      'OS::Heat::Docker',
      'DockerInc::Docker::Container',
      'Heatstack::Docker::Volume',
      'Heatstack::Docker::Network',
      'Heatstack::Docker::Image',
    ]);
  });
});
