import { synthesize } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import openstackServer from '../../examples/openstack-server.js';
import site from '../../examples/site.js';
import webCluster from '../../examples/web-cluster.js';
import wordpress from '../../examples/wordpress.js';
import wordpressSeed from '../../examples/wordpress-seed.js';
import { emitTemplate } from '../../src/template/emit/index.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { heatVerdicts, testWithHeat } from '../support/heat.js';

const examples = {
  wordpress,
  'wordpress-seed': wordpressSeed,
  site,
  'openstack-server': openstackServer,
  'web-cluster': webCluster,
};

describe.each(Object.entries(examples))('examples/%s.ts', (name, app) => {
  for (const dialect of ['cfn', 'hot'] as const) {
    for (const format of ['yaml', 'json'] as const) {
      test(`synthesizes to the committed ${dialect} ${format} template`, async () => {
        const [stack] = synthesize(app, { dialect });
        const text = emitTemplate(stack!.template, { dialect, format });
        await expect(text).toMatchFileSnapshot(`__snapshots__/${name}.${dialect}.${format}`);
      });
    }

    test(`its ${dialect} template text reads back as the same template, with no problem`, () => {
      const [stack] = synthesize(app, { dialect });
      for (const format of ['yaml', 'json'] as const) {
        const parsed = parseTemplate(emitTemplate(stack!.template, { dialect, format }));
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.template!.resources).toEqual(stack!.template.resources);
        expect(parsed.template!.outputs).toEqual(stack!.template.outputs);
        expect(parsed.template!.parameters).toEqual(stack!.template.parameters);
      }
    });

    test(`its ${dialect} template passes heatstack's template validation`, () => {
      const [stack] = synthesize(app, { dialect });
      expect(validateTemplate(stack!.template).filter((d) => d.severity === 'error')).toEqual([]);
    });
  }

  test('synthesizes to the same bytes every time', () => {
    const once = emitTemplate(synthesize(app)[0]!.template, { dialect: 'cfn', format: 'yaml' });
    const again = emitTemplate(synthesize(app)[0]!.template, { dialect: 'cfn', format: 'yaml' });
    expect(again).toBe(once);
  });
});

// Heat 19 has no Docker plugin: the examples of other types are put to Heat itself.
describe('examples/openstack-server.ts in a real Heat', () => {
  testWithHeat('Heat 19 accepts its template in both dialects', () => {
    const texts = (['cfn', 'hot'] as const).map((dialect) =>
      emitTemplate(synthesize(openstackServer, { dialect })[0]!.template, { dialect, format: 'yaml' }),
    );
    expect(heatVerdicts(texts)).toEqual([{ valid: true }, { valid: true }]);
  });
});
