import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { emitTemplate, TemplateEmitError } from '../../../src/template/emit/index.js';
import { call, emptyTemplate, type Template } from '../../../src/template/model.js';

/** The seed's Wordpress + MySQL template, as the model holds it. */
function wordpress(): Template {
  const attr = (r: string, a: string) => call('get_attr', r, a);
  return {
    ...emptyTemplate('cfn'),
    resources: {
      Blog: {
        type: 'OS::Heat::Docker',
        dependsOn: [],
        properties: {
          Image: 'samalba/wordpress',
          Env: [
            call('join', '=', ['DB_HOSTNAME', attr('Database', 'NetworkIp')]),
            call('join', '=', ['DB_PORT', attr('Database', 'NetworkTcpPorts')]),
            call('join', '=', ['DB_PASSWORD', attr('Database', 'LogsHead')]),
          ],
        },
      },
      Database: { type: 'OS::Heat::Docker', dependsOn: [], properties: { Image: 'samalba/mysql' } },
    },
    outputs: {
      BlogURL: {
        value: call('join', '', ['http://', attr('Blog', 'NetworkIp'), ':', attr('Blog', 'NetworkTcpPorts'), '/']),
        description: 'Blog URL',
      },
    },
  };
}

describe('emitTemplate', () => {
  test('the seed template in CFN YAML', async () => {
    await expect(emitTemplate(wordpress(), { dialect: 'cfn', format: 'yaml' })).toMatchFileSnapshot(
      '__snapshots__/wordpress.cfn.yaml',
    );
  });

  test('the seed template in HOT YAML', async () => {
    await expect(emitTemplate(wordpress(), { dialect: 'hot', format: 'yaml' })).toMatchFileSnapshot(
      '__snapshots__/wordpress.hot.yaml',
    );
  });

  test('JSON and YAML carry the same data', () => {
    for (const dialect of ['cfn', 'hot'] as const) {
      const json = JSON.parse(emitTemplate(wordpress(), { dialect, format: 'json' }));
      expect(parse(emitTemplate(wordpress(), { dialect, format: 'yaml' }))).toEqual(json);
    }
  });

  test('the same template gives the same bytes', () => {
    expect(emitTemplate(wordpress(), { dialect: 'hot', format: 'yaml' })).toBe(
      emitTemplate(wordpress(), { dialect: 'hot', format: 'yaml' }),
    );
  });

  test('get_param and get_resource become Ref in CFN, and pseudo parameters take CFN names', () => {
    const t: Template = {
      ...emptyTemplate('hot'),
      parameters: { Image: { type: 'string', constraints: [] } },
      resources: {
        A: {
          type: 'T',
          dependsOn: [],
          properties: { image: call('get_param', 'Image'), peer: call('get_resource', 'B') },
        },
        B: { type: 'T', dependsOn: ['A'], properties: { stack: call('get_param', 'OS::stack_name') } },
      },
    };
    const data = parse(emitTemplate(t, { dialect: 'cfn', format: 'yaml' }));
    expect(data.HeatTemplateFormatVersion).toBe('2012-12-12');
    expect(data.Resources.A.Properties).toEqual({ image: { Ref: 'Image' }, peer: { Ref: 'B' } });
    expect(data.Resources.B).toEqual({ Type: 'T', Properties: { stack: { Ref: 'AWS::StackName' } }, DependsOn: 'A' });
  });

  test('str_replace takes its map form in HOT and its list form in CFN', () => {
    const t: Template = {
      ...emptyTemplate('cfn'),
      outputs: { O: { value: call('replace', { $x: 'y' }, 'a $x') } },
    };
    expect(parse(emitTemplate(t, { dialect: 'hot', format: 'yaml' })).outputs.O.value).toEqual({
      str_replace: { template: 'a $x', params: { $x: 'y' } },
    });
    expect(parse(emitTemplate(t, { dialect: 'cfn', format: 'yaml' })).Outputs.O.Value).toEqual({
      'Fn::Replace': [{ $x: 'y' }, 'a $x'],
    });
  });

  test('a get_attr path cannot be written in CFN: the error names the template path', () => {
    const t: Template = {
      ...emptyTemplate('hot'),
      resources: { A: { type: 'T', dependsOn: [], properties: { env: [call('get_attr', 'B', 'info', 'Id')] } } },
    };
    expect(() => emitTemplate(t, { dialect: 'cfn', format: 'yaml' })).toThrow(TemplateEmitError);
    expect(() => emitTemplate(t, { dialect: 'cfn', format: 'yaml' })).toThrow(/^Resources\.A\.Properties\.env\[0\]: /);
  });

  test('a HOT-only function cannot be written in CFN', () => {
    const t: Template = { ...emptyTemplate('hot'), outputs: { O: { value: call('list_concat', [['a'], ['b']]) } } };
    expect(() => emitTemplate(t, { dialect: 'cfn', format: 'json' })).toThrow(/Outputs\.O\.Value: .*list_concat/);
  });

  test('converting to HOT picks the newest version that has every function used', () => {
    const t: Template = { ...emptyTemplate('cfn'), outputs: { O: { value: call('select', 1, ['a', 'b']) } } };
    const data = parse(emitTemplate(t, { dialect: 'hot', format: 'yaml' }));
    expect(data.heat_template_version).toBe('2015-04-30');
    expect(data.outputs.O.value).toEqual({ 'Fn::Select': [1, ['a', 'b']] });
  });

  test('a HOT template keeps its own version and release name', () => {
    const t: Template = { ...emptyTemplate('hot'), version: { dialect: 'hot', value: '2018-08-31', alias: 'rocky' } };
    expect(emitTemplate(t, { dialect: 'hot', format: 'yaml' })).toBe('heat_template_version: rocky\n\nresources: {}\n');
  });

  test('conditions in CFN need AWSTemplateFormatVersion', () => {
    const t: Template = {
      ...emptyTemplate('hot'),
      parameters: { Env: { type: 'string', constraints: [] } },
      conditions: { Prod: call('equals', call('get_param', 'Env'), 'prod') },
      outputs: { O: { value: call('if', call('condition', 'Prod'), 'big', 'small') } },
    };
    const data = parse(emitTemplate(t, { dialect: 'cfn', format: 'yaml' }));
    expect(data.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(data.Conditions).toEqual({ Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } });
    expect(data.Outputs.O.Value).toEqual({ 'Fn::If': ['Prod', 'big', 'small'] });
  });

  test('a HOT lower-case deletion policy is written capitalized where the version lacks lower case (found by a property test)', () => {
    // GIVEN a HOT 2021-04-16 template with `deletion_policy: retain`
    const t: Template = {
      ...emptyTemplate('hot'),
      resources: {
        Db: { type: 'DockerInc::Docker::Container', dependsOn: [], properties: {}, deletionPolicy: 'retain' },
      },
    };
    // WHEN it is written in CFN (JSON and YAML) and in its own HOT version
    const cfnJson = JSON.parse(emitTemplate(t, { dialect: 'cfn', format: 'json' }));
    const cfnYaml = parse(emitTemplate(t, { dialect: 'cfn', format: 'yaml' }));
    const hot = parse(emitTemplate(t, { dialect: 'hot', format: 'yaml' }));
    // THEN CFN gets Heat's only spelling, and HOT keeps the author's
    expect(cfnJson.Resources.Db.DeletionPolicy).toBe('Retain');
    expect(cfnYaml.Resources.Db.DeletionPolicy).toBe('Retain');
    expect(hot.resources.Db.deletion_policy).toBe('retain');
  });
});
