import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { HEAT_PYTHON, testWithHeat } from '../support/heat.js';

/**
 * The committed property translations (spec/heat-translations.json, format in docs/heat-spec.md) are what
 * scripts/heat-spec/translations.py makes from Heat 19's own types, and only of types the resource spec has.
 */

const FILE = new URL('../../spec/heat-translations.json', import.meta.url);
const DUMP = new URL('../../scripts/heat-spec/translations.py', import.meta.url).pathname;
const translations = JSON.parse(readFileSync(FILE, 'utf8')) as {
  format: number;
  heat_version: string;
  translations: Record<string, { path: string[]; from: string }[]>;
};
interface SpecProperty {
  readonly schema?: Record<string, SpecProperty>;
}
const spec = JSON.parse(readFileSync(new URL('../../spec/heat-resource-types.json', import.meta.url), 'utf8')) as {
  resource_types: Record<string, { properties: Record<string, SpecProperty> }>;
};

/** The names a rule's path ends among: the type's properties, or the fields of a list property's items. */
function fieldsAt(type: string, parents: readonly string[]): string[] {
  let fields = spec.resource_types[type]!.properties;
  for (const key of parents) fields = fields[key]!.schema!['*']!.schema!;
  return Object.keys(fields);
}

describe('the committed Heat property translations', () => {
  test("are Heat 19's, format 1, each between two properties of its type", () => {
    expect(translations.format).toBe(1);
    expect(translations.heat_version).toMatch(/^19\./);
    expect(translations.translations['OS::Neutron::Subnet']).toEqual([{ path: ['network'], from: 'network_id' }]);
    for (const [type, rules] of Object.entries(translations.translations)) {
      for (const { path, from } of rules) {
        const fields = fieldsAt(type, path.slice(0, -1));
        expect(fields, `${type} ${path.join('.')}`).toContain(path[path.length - 1]);
        expect(fields, `${type} ${from}`).toContain(from);
      }
    }
  });

  testWithHeat('are exactly what the dump script makes from the installed Heat', () => {
    const dump = spawnSync(HEAT_PYTHON, [DUMP], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(dump.status, dump.stderr).toBe(0);
    expect(
      dump.stdout === readFileSync(FILE, 'utf8'),
      'spec/heat-translations.json differs from a fresh dump: regenerate it (docs/heat-spec.md)',
    ).toBe(true);
  });
});
