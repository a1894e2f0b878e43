import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { HEAT_PYTHON, testWithHeat } from '../support/heat.js';

/**
 * The committed resource-type spec (spec/heat-resource-types.json, format in docs/heat-spec.md) is what
 * scripts/heat-spec/dump.py makes from Heat 19's own registry, so nothing in it was written by hand.
 */

const SPEC_FILE = new URL('../../spec/heat-resource-types.json', import.meta.url);
const DUMP = new URL('../../scripts/heat-spec/dump.py', import.meta.url).pathname;

interface PropertySpec {
  type: string;
  required: boolean;
  schema?: Record<string, PropertySpec>;
}
interface TypeSpec {
  support_status: { status: string; version?: string };
  properties: Record<string, PropertySpec>;
  attributes: Record<string, { type?: string; description?: string }>;
}
const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
  format: number;
  heat_version: string;
  resource_types: Record<string, TypeSpec>;
};

const PROPERTY_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'map', 'list', 'any']);

function everyProperty(props: Record<string, PropertySpec>, visit: (p: PropertySpec, path: string) => void, at = '') {
  for (const [name, prop] of Object.entries(props)) {
    visit(prop, `${at}${name}`);
    if (prop.schema) everyProperty(prop.schema, visit, `${at}${name}.`);
  }
}

describe('the committed Heat resource-type spec', () => {
  test('is Heat 19’s, format 1, with the types a Heat user writes most', () => {
    expect(spec.format).toBe(1);
    expect(spec.heat_version).toMatch(/^19\./);
    for (const type of [
      'OS::Heat::RandomString',
      'OS::Heat::ResourceGroup',
      'OS::Nova::Server',
      'OS::Neutron::Port',
      'OS::Cinder::Volume',
    ]) {
      expect(spec.resource_types[type], type).toBeDefined();
    }
    expect(Object.keys(spec.resource_types).length).toBeGreaterThan(150);
  });

  test('leaves the Docker types to heatstack’s own schema', () => {
    expect(Object.keys(spec.resource_types).filter((t) => /docker/i.test(t))).toEqual([]);
  });

  test('states every property with a known type, and every type has the base attribute show', () => {
    for (const [name, type] of Object.entries(spec.resource_types)) {
      everyProperty(type.properties, (prop, path) =>
        expect(PROPERTY_TYPES.has(prop.type), `${name} ${path}: ${prop.type}`).toBe(true),
      );
      expect(type.attributes.show, name).toBeDefined();
    }
  });

  test('keeps nested schemas and constraints (RandomString, as Heat defines it)', () => {
    const random = spec.resource_types['OS::Heat::RandomString'];
    expect(random.properties.length).toMatchObject({
      type: 'integer',
      default: 32,
      constraints: [{ range: { min: 1, max: 512 } }],
    });
    expect(random.properties.character_classes?.schema?.['*']?.schema?.class).toMatchObject({
      type: 'string',
      default: 'lettersdigits',
    });
    expect(random.attributes.value).toMatchObject({ type: 'string' });
  });

  testWithHeat('is exactly what the dump script makes from the installed Heat', () => {
    const dump = spawnSync(HEAT_PYTHON, [DUMP], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(
      dump.stdout === readFileSync(SPEC_FILE, 'utf8'),
      'spec/heat-resource-types.json differs from a fresh dump: regenerate it (docs/heat-spec.md)',
    ).toBe(true);
  });
});
