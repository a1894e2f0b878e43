import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateConstructModules, OUT_DIR } from '../../scripts/gen/constructs.js';
import { camelName, classNameOf, moduleOf } from '../../scripts/gen/names.js';
import { readSpec } from '../../scripts/gen/spec.js';

/** The typed classes of every Heat type are generated from the committed spec, and never edited by hand. */

describe('the generated resource classes', () => {
  test('are exactly what `npm run gen` makes from spec/heat-resource-types.json today', () => {
    const generated = generateConstructModules(readSpec());
    const committed = readdirSync(OUT_DIR).sort();
    expect(committed, 'a module was added or removed by hand: run npm run gen').toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) {
      const same = readFileSync(join(OUT_DIR, file), 'utf8') === text;
      expect(same, `src/constructs/openstack/${file} differs from what the generator makes: run npm run gen`).toBe(
        true,
      );
    }
    // The generator formats each module with the repository's formatter, a process per module: slow on a busy machine.
  }, 300_000);
});

describe('the naming rule', () => {
  test.each([
    ['OS::Heat::RandomString', 'heat', 'HeatRandomString'],
    ['OS::Nova::Server', 'nova', 'NovaServer'],
    ['OS::Neutron::LBaaS::Pool', 'neutron', 'NeutronLBaaSPool'],
    ['AWS::EC2::Instance', 'aws', 'AwsEc2Instance'],
    ['AWS::S3::Bucket', 'aws', 'AwsS3Bucket'],
  ])('%s is %s.%s', (type, module, className) => {
    expect(moduleOf(type)).toBe(module);
    expect(classNameOf(type)).toBe(className);
  });

  test.each([
    ['character_classes', 'characterClasses'],
    ['ImageId', 'imageId'],
    ['VPCZoneIdentifier', 'vpcZoneIdentifier'],
    ['IOPS', 'iops'],
    ['binding:vnic_type', 'bindingVnicType'],
    ['X-Container-Read', 'xContainerRead'],
    ['block_device_mapping_v2', 'blockDeviceMappingV2'],
  ])('the property %s is %s', (name, camel) => {
    expect(camelName(name)).toBe(camel);
  });

  test('no two properties of a type, at any depth, get one name', () => {
    const spec = readSpec();
    const clashes: string[] = [];
    const visit = (props: Readonly<Record<string, { schema?: Readonly<Record<string, unknown>> }>>, at: string) => {
      const seen = new Map<string, string>();
      for (const [name, prop] of Object.entries(props)) {
        if (name === '*') {
          if (prop.schema) visit(prop.schema as never, at);
          continue;
        }
        const other = seen.get(camelName(name));
        if (other !== undefined) clashes.push(`${at}: ${other} and ${name}`);
        seen.set(camelName(name), name);
        if (prop.schema) visit(prop.schema as never, `${at}.${name}`);
      }
    };
    for (const [type, spec1] of Object.entries(spec.resource_types)) visit(spec1.properties as never, type);
    expect(clashes).toEqual([]);
  });
});
