import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { App, DockerContainer, HeatResource, Output, Parameter, Stack } from '../../src/constructs/index.js';
import { NeutronNet } from '../../src/constructs/openstack/neutron.js';
import { checkRoundTrip } from '../../src/import/check.js';
import { ImportError } from '../../src/import/index.js';
import { loadAppFile, synthesize } from '../../src/synth/index.js';
import { emitTemplate } from '../../src/template/emit/index.js';

/**
 * `synth(import(T))` is T: byte for byte for every template heatstack writes (the examples, in both dialects and
 * formats), the same model as Heat reads it for the hand-written templates of the test corpus.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'));
const CORPUS = [
  'test/fixtures/seed/wordpress_mysql.yml',
  'test/fixtures/templates/import/hot-docker-objects.yaml',
  'test/fixtures/templates/import/hot-adopted.yaml',
  ...readdirSync(join(ROOT, 'test/fixtures/templates/valid')).map((f) => `test/fixtures/templates/valid/${f}`),
];

describe('a template heatstack wrote', () => {
  it.each(EXAMPLES)(
    'examples/%s comes back byte for byte, in both dialects and formats, either style',
    async (example) => {
      const app = await loadAppFile(join(ROOT, 'examples', example));
      for (const dialect of ['cfn', 'hot'] as const) {
        for (const { template } of synthesize(app, { dialect })) {
          for (const format of ['yaml', 'json'] as const) {
            const text = emitTemplate(template, { dialect, format });
            const decorators = format === 'json';
            const result = await checkRoundTrip(text, { file: `${example}.${dialect}.${format}`, decorators });
            expect(result.differences, `${example} ${dialect} ${format}`).toEqual([]);
            expect(result.synthesized).toBe(text);
            if (decorators && Object.keys(template.parameters).length > 0) {
              expect(result.imported.source).toContain('@parameter(');
            }
          }
        }
      }
    },
  );
});

describe('a hand-written template', () => {
  it.each(CORPUS)('%s comes back as the same model', async (file) => {
    const result = await checkRoundTrip(readFileSync(join(ROOT, file)), { file });
    expect(result.differences).toEqual([]);
  });

  it('an output named as a resource, a join of literals in metadata: the same model', async () => {
    const text = `heat_template_version: 2021-04-16
resources:
  web:
    type: DockerInc::Docker::Container
    properties: {image: busybox}
    metadata: {motd: {list_join: [' ', [hello, world]]}}
outputs:
  web: {value: {get_attr: [web, network_ip]}}
`;
    for (const decorators of [false, true]) {
      const result = await checkRoundTrip(text, { file: 'same-name.yaml', decorators });
      expect(result.differences).toEqual([]);
      expect(result.imported.source).toContain(".overrideLogicalId('web')");
    }
  });

  it('a template Heat refuses is an import error listing its errors, as validate prints them, not a difference', async () => {
    const text = `HeatTemplateFormatVersion: '2012-12-12'
Parameters: {foo: {Type: String}}
Resources: {foo: {Type: OS::Heat::None}, bar: {Type: OS::Heat::RandomString, Properties: {length: 513}}}
`;
    await expect(checkRoundTrip(text, { file: 'twice.yaml' })).rejects.toThrow(
      new ImportError(
        'twice.yaml:3:91: 513 is out of range (min: 1, max: 512) (at Resources.bar.Properties.length)\n' +
          'twice.yaml:3:13: Duplicate names: "foo" is both a parameter and a resource (at Resources.foo)',
      ),
    );
  });

  it('a parameter group is a ParameterGroup of the parameters (their logical ids with --decorators)', async () => {
    const file = 'test/fixtures/templates/valid/hot-wordpress.yaml';
    for (const decorators of [false, true]) {
      const result = await checkRoundTrip(readFileSync(join(ROOT, file)), { file, decorators });
      expect(result.differences).toEqual([]);
      expect(result.imported.report.dropped).toEqual([]);
      expect(result.imported.report.constructs).toContainEqual({
        path: 'parameter_groups[0]',
        construct: 'ParameterGroup',
      });
      expect(result.imported.source).toContain(
        decorators
          ? "new ParameterGroup(this, 'Images', { label: 'Images', parameters: ['wordpress_image', 'mysql_image'] });"
          : "new ParameterGroup(this, 'Images', { label: 'Images', parameters: [wordpressImage, mysqlImage] });",
      );
    }
  });

  it('a group whose label names an element, or with none, gets a construct id of its own; the bytes come back', async () => {
    const text = `heat_template_version: '2021-04-16'

parameter_groups:
  - label: web
    description: The site
    parameters: [port]
  - parameters: [port2]

parameters:
  port:
    type: number
    default: 80
  port2:
    type: number
    default: 81

resources:
  web:
    type: OS::Heat::None
`;
    const result = await checkRoundTrip(text, { file: 'groups.yaml' });
    expect(result.synthesized).toBe(text);
    expect(result.imported.source).toContain("new ParameterGroup(this, 'web2', {");
    expect(result.imported.source).toContain("new ParameterGroup(this, 'ParameterGroup', { parameters: [port2] });");
  });
});

describe('a condition written in place', () => {
  it('on an output or a resource is the Fn.condition* call or boolean in its condition prop; the model comes back', async () => {
    const hot = `heat_template_version: 2016-10-14
parameters:
  env: {type: string, default: dev}
conditions:
  is_prod: {equals: [{get_param: env}, prod]}
resources:
  extra: {type: OS::Heat::None, condition: {and: [is_prod, {not: {equals: [{get_param: env}, qa]}}]}}
  never: {type: OS::Heat::None, condition: false}
outputs:
  dev: {value: dev, condition: {not: is_prod}}
  always: {value: 'on', condition: true}
`;
    const cfn = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { R: { Type: 'OS::Heat::None', Condition: { 'Fn::Not': ['IsProd'] } } },
      Outputs: { A: { Value: 'x', Condition: { 'Fn::Or': ['IsProd', { 'Fn::Equals': [{ Ref: 'Env' }, 'qa'] }] } } },
    });
    const fromHot = await checkRoundTrip(hot, { file: 'inline.yaml' });
    expect(fromHot.differences).toEqual([]);
    expect(fromHot.imported.source).toContain(
      "{ condition: Fn.conditionAnd(isProd, Fn.conditionNot(Fn.conditionEquals(env.valueAsString, 'qa'))) }",
    );
    expect(fromHot.imported.source).toContain("new HeatNone(this, 'never', {}, { condition: false });");
    expect(fromHot.imported.source).toContain(
      "new Output(this, 'dev', { value: 'dev', condition: Fn.conditionNot(isProd) });",
    );
    expect(fromHot.imported.source).toContain("new Output(this, 'always', { value: 'on', condition: true });");
    const fromCfn = await checkRoundTrip(cfn, { file: 'inline.json' });
    expect(fromCfn.differences).toEqual([]);
    expect(fromCfn.imported.source).toContain(
      "condition: Fn.conditionOr(isProd, Fn.conditionEquals(env.valueAsString, 'qa'))",
    );
    for (const { imported } of [fromHot, fromCfn]) {
      expect(imported.report.raw).toEqual([]);
      expect(imported.report.dropped).toEqual([]);
    }
  });
});

describe('an adopted resource (external_id)', () => {
  it('is its construct with externalId, unchecked as Heat leaves it; the model comes back', async () => {
    const text = `heat_template_version: newton
parameters:
  server_id: {type: string, default: da5b940a-14ff-4884-8e95-5cf6a3a1028f}
resources:
  server:
    type: OS::Nova::Server
    external_id: {get_param: server_id}
  network:
    type: OS::Neutron::Net
    external_id: 6c2f6e5c
    properties: {name: private}
outputs:
  address: {value: {get_attr: [server, networks, private, 0]}}
`;
    const result = await checkRoundTrip(text, { file: 'adopted.yaml' });
    expect(result.differences).toEqual([]);
    const source = result.imported.source;
    // No flavor: the typed NovaServer would need one, so it is a HeatResource; a net needs nothing, so it stays typed.
    expect(source).toContain(
      "new HeatResource(this, 'server', { type: 'OS::Nova::Server', externalId: serverId.valueAsString });",
    );
    expect(source).toContain("new NeutronNet(this, 'network', { name: 'private' }, { externalId: '6c2f6e5c' });");
    expect(result.imported.report.raw).toEqual([]);
  });

  it('a Docker container with no image is DockerContainer.fromExternalId (its constructor needs an image)', async () => {
    const result = await checkRoundTrip(readFileSync(join(ROOT, 'test/fixtures/templates/import/hot-adopted.yaml')), {
      file: 'hot-adopted.yaml',
    });
    expect(result.differences).toEqual([]);
    expect(result.imported.source).toContain(
      "const db = DockerContainer.fromExternalId(this, 'db', dbId.valueAsString);",
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the expected code holds a template literal
    expect(result.imported.source).toContain('env: [`DB=${db.networkIp}`]');
  });
});

describe("an app's own choices come back as they were", () => {
  it('an addDependency a reference already implies (a hand-written DependsOn like it is dropped)', async () => {
    const app = new App();
    const stack = new Stack(app, 'Deps');
    const db = new DockerContainer(stack, 'Db', { image: 'samalba/mysql' });
    new DockerContainer(stack, 'Web', { image: 'busybox', env: [`DB=${db.networkIp}`] }).addDependency(db);
    for (const dialect of ['cfn', 'hot'] as const) {
      const text = emitTemplate(synthesize(app, { dialect })[0]!.template, { dialect, format: 'yaml' });
      expect(text).toMatch(/[Dd]epends_?[Oo]n/);
      const result = await checkRoundTrip(text, { file: 'deps.yaml' });
      expect(result.synthesized).toBe(text);
      expect(result.imported.source).toContain('web.addDependency(db);');
      // The same template as a person writes it (another layout): the implied DependsOn is dropped, same model.
      const handWritten = `# by hand\n${text}`;
      const idiom = await checkRoundTrip(handWritten, { file: 'deps.yaml' });
      expect(idiom.differences).toEqual([]);
      expect(idiom.imported.source).not.toContain('addDependency');
    }
  });

  it("a property under its deprecated name, in an app's HeatResource (a hand-written one gets the typed replacement)", async () => {
    const app = new App();
    const stack = new Stack(app, 'Net');
    const net = new NeutronNet(stack, 'net');
    new HeatResource(stack, 'sub', {
      type: 'OS::Neutron::Subnet',
      properties: { network_id: net.ref, cidr: '10.0.0.0/24' },
    });
    const text = emitTemplate(synthesize(app, { dialect: 'hot' })[0]!.template, { dialect: 'hot', format: 'yaml' });
    const result = await checkRoundTrip(text, { file: 'net.yaml' });
    expect(result.synthesized).toBe(text);
    expect(result.imported.source).toContain('network_id: net.ref');
    const idiom = await checkRoundTrip(`# by hand\n${text}`, { file: 'net.yaml' });
    expect(idiom.differences).toEqual([]);
    expect(idiom.imported.source).toContain(
      "new NeutronSubnet(this, 'sub', { network: net.ref, cidr: '10.0.0.0/24' });",
    );
  });
});

describe('any app of containers, parameters and outputs', () => {
  it('synthesizes, imports and synthesizes again to the same bytes (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomApp(),
        fc.constantFrom('cfn', 'hot'),
        fc.constantFrom('yaml', 'json'),
        async (build, dialect, format) => {
          const app = new App();
          build(new Stack(app, 'Random'));
          const { template } = synthesize(app, { dialect })[0]!;
          const text = emitTemplate(template, { dialect, format });
          const result = await checkRoundTrip(text, { file: 'random.yaml' });
          expect(result.differences).toEqual([]);
          expect(result.synthesized).toBe(text);
        },
      ),
      { numRuns: 12 },
    );
  });
});

type Piece = { readonly text: string } | { readonly ref: number };

/** A stack of up to three parameters, four containers referring to earlier ones and parameters, and outputs. */
function randomApp(): fc.Arbitrary<(stack: Stack) => void> {
  const text = fc.string({ maxLength: 6 });
  const piece: fc.Arbitrary<Piece> = fc.oneof(
    text.map((t) => ({ text: t })),
    fc.nat(20).map((ref) => ({ ref })),
  );
  const container = fc.record({
    image: fc.constantFrom('busybox', 'samalba/mysql:5.7', 'registry.local:5000/app'),
    env: fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
    named: fc.boolean(),
    memory: fc.option(fc.nat(1 << 30), { nil: undefined }),
    dependsOnFirst: fc.boolean(),
  });
  const parameter = fc.record({
    type: fc.constantFrom('string' as const, 'number' as const),
    hidden: fc.boolean(),
    description: fc.option(text, { nil: undefined }),
  });
  return fc
    .record({
      parameters: fc.array(parameter, { maxLength: 3 }),
      containers: fc.array(container, { minLength: 1, maxLength: 4 }),
      outputs: fc.array(fc.array(piece, { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
    })
    .map(({ parameters, containers, outputs }) => (stack: Stack) => {
      const params = parameters.map((p, i) => new Parameter(stack, `Param${i}`, { ...p }));
      const made: DockerContainer[] = [];
      // A reference: a string parameter's value or an earlier container's address; numbers stay out of strings.
      const refs = (): string[] => [
        ...params.filter((p) => p.type === 'string').map((p) => p.valueAsString),
        ...made.map((c) => c.networkIp),
      ];
      const join = (pieces: readonly Piece[]): string =>
        pieces.map((p) => ('text' in p ? p.text : (refs()[p.ref % Math.max(1, refs().length)] ?? ''))).join('');
      for (const [i, c] of containers.entries()) {
        const env = c.env.map(join);
        const created = new DockerContainer(stack, `Container${i}`, {
          image: c.image,
          ...(env.length > 0 && { env }),
          ...(c.named && { name: `c${i}` }),
          ...(c.memory !== undefined && { memory: c.memory }),
        });
        // Also where a reference implies it: the import keeps an app's addDependency (its bytes come back).
        const first = made[0];
        if (c.dependsOnFirst && first !== undefined) created.addDependency(first);
        made.push(created);
      }
      for (const [i, pieces] of outputs.entries()) new Output(stack, `Output${i}`, { value: join(pieces) });
    });
}
