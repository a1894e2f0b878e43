import { App, DockerContainer, Fn, Output, RandomString, ResourceGroup, Stack } from 'heatstack';
import { call, emitTemplate, validateTemplate } from 'heatstack/template';
import { describe, expect, test } from 'vitest';

function synth(build: (stack: Stack) => void, dialect: 'cfn' | 'hot' = 'hot') {
  const app = new App();
  build(new Stack(app, 'S'));
  return app.synth({ dialect })[0]!.template;
}

describe('RandomString', () => {
  test('writes OS::Heat::RandomString with Heat’s property names; `value` is its value attribute', () => {
    const t = synth((s) => {
      const pw = new RandomString(s, 'Password', {
        length: 20,
        characterClasses: [{ class: 'digits', min: 2 }],
        characterSequences: [{ sequence: '!@#' }],
        salt: 'one',
      });
      new DockerContainer(s, 'Db', { image: 'mysql', env: [`MYSQL_ROOT_PASSWORD=${pw.value}`] });
    });
    expect(t.resources.Password).toMatchObject({
      type: 'OS::Heat::RandomString',
      properties: {
        length: 20,
        character_classes: [{ class: 'digits', min: 2 }],
        character_sequences: [{ sequence: '!@#' }],
        salt: 'one',
      },
    });
    expect(t.resources.Db?.properties.env).toEqual([
      call('join', '', ['MYSQL_ROOT_PASSWORD=', call('get_attr', 'Password', 'value')]),
    ]);
  });

  test('a length out of range is a synth error naming the construct', () => {
    expect(() => synth((s) => new RandomString(s, 'Password', { length: 0 }))).toThrow(/S\/Password/);
  });
});

describe('ResourceGroup', () => {
  const build = (s: Stack) => {
    const web = new ResourceGroup(s, 'Web', {
      count: 3,
      resourceDef: {
        type: 'DockerInc::Docker::Container',
        properties: { image: 'busybox', env: ['MEMBER=%index%'] },
      },
    });
    new DockerContainer(s, 'Proxy', {
      image: 'nginx',
      env: [`BACKENDS=${Fn.join(',', web.attributeOfEach('network_ip'))}`],
    });
    new Output(s, 'First', { value: web.memberAttribute(0, 'network_ip') });
    new Output(s, 'Refs', { value: web.refs });
  };

  test('writes count and resource_def as Heat spells them, and its attributes as get_attr', () => {
    const t = synth(build);
    expect(t.resources.Web).toMatchObject({
      type: 'OS::Heat::ResourceGroup',
      properties: {
        count: 3,
        resource_def: {
          type: 'DockerInc::Docker::Container',
          properties: { image: 'busybox', env: ['MEMBER=%index%'] },
        },
      },
    });
    expect(t.outputs.First?.value).toEqual(call('get_attr', 'Web', 'resource.0.network_ip'));
    expect(t.outputs.Refs?.value).toEqual(call('get_attr', 'Web', 'refs'));
  });

  test('the synthesized template validates, in either dialect', () => {
    for (const dialect of ['hot', 'cfn'] as const) {
      const t = synth(build, dialect);
      const errors = validateTemplate(t).filter((d) => d.severity === 'error');
      expect(errors).toEqual([]);
      expect(emitTemplate(t, { format: 'yaml', dialect })).toContain('OS::Heat::ResourceGroup');
    }
  });
});
