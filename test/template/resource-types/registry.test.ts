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
    const delay = resourceType('OS::Heat::Delay');
    expect(delay?.heat).toBeDefined();
    expect(delay?.module.deploy).toBeUndefined();
    expect(delay?.module.validation).toBeUndefined();
    expect(isOwnResourceType('OS::Heat::Delay')).toBe(false);
    expect(knownResourceTypes()).toContain('OS::Heat::Delay');
  });

  test('gives a stock Heat type heatstack runs its own module, and Heat’s definition beside it', () => {
    const random = resourceType('OS::Heat::RandomString');
    expect(isOwnResourceType('OS::Heat::RandomString')).toBe(true);
    expect(random?.module.deploy?.engineRun).toBe(true);
    expect(random?.heat?.names[0]?.name).toBe('OS::Heat::RandomString');
    expect(resourceType('OS::Heat::ResourceGroup')?.heat?.updatePolicy).toHaveProperty('rolling_update');
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
      'OS::Heat::RandomString',
      'OS::Heat::Value',
      'OS::Heat::None',
      'OS::Heat::ResourceGroup',
      'OS::Heat::Stack',
    ]);
  });
});
