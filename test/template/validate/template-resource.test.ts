import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'heatstack-template-resource-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'db.yaml'),
  'heat_template_version: 2018-08-31\nparameters:\n  password: {type: string}\n  port: {type: number, default: 1}\n',
);

function errors(yaml: string, templateDir: string | undefined = dir): string[] {
  const parsed = parseTemplate(`heat_template_version: 2018-08-31\n${yaml}`);
  if (parsed.template === undefined) throw new Error('not a template');
  return validateTemplate(parsed.template, { templateDir })
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.path}: ${d.message}`);
}

describe('a template file used as a resource type', () => {
  test('is valid when its properties are the nested template’s parameters', () => {
    expect(errors('resources:\n  Db: {type: db.yaml, properties: {password: x}}\n')).toEqual([]);
  });

  test('an unknown property and a parameter without a default left out are errors, as in Heat', () => {
    expect(errors('resources:\n  Db: {type: db.yaml, properties: {size: 1}}\n')).toEqual([
      'resources.Db.properties.size: Unknown Property size',
      'resources.Db.properties: Property password not assigned',
    ]);
  });

  test('a file that cannot be read is an error at the type', () => {
    const [problem] = errors('resources:\n  Db: {type: nothere.yaml}\n');
    expect(problem).toMatch(/^resources\.Db\.type: cannot read the nested template nothere\.yaml/);
  });

  test('its attributes (the nested outputs) and a group’s member attributes are not refused', () => {
    expect(
      errors(`resources:
  Db: {type: db.yaml, properties: {password: x}}
  G: {type: OS::Heat::ResourceGroup, properties: {resource_def: {type: OS::Heat::None}}}
outputs:
  a: {value: {get_attr: [Db, address]}}
  b: {value: {get_attr: [G, resource.0.name]}}
  c: {value: {get_attr: [G, anything]}}
`),
    ).toEqual([]);
  });
});
