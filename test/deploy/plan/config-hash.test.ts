import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { configHash } from '../../../src/deploy/plan/config-hash.js';
import { type HiddenValues, resourceMeaning } from '../../../src/deploy/plan/meaning.js';
import { App, DockerContainer, Fn, Parameter, Stack } from '../../../src/index.js';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { call, type Dialect, type Format, type Template } from '../../../src/template/model.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { things } from '../support/templates.js';

/** What a generated container stack declares: the database and a web container reading its address. */
interface Spec {
  readonly image: string;
  readonly env: readonly string[];
  readonly memory?: number;
  readonly hostname?: string;
  readonly cmd?: readonly string[];
  readonly greeting: string;
  readonly password: string;
  readonly joinAddress: boolean;
}

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const text = fc.string({ maxLength: 12 });
const specArb: fc.Arbitrary<Spec> = fc.record(
  {
    image: word,
    env: fc.array(text, { maxLength: 3 }),
    memory: fc.nat(1 << 20),
    hostname: text,
    cmd: fc.array(text, { maxLength: 3 }),
    greeting: text,
    password: fc.string({ minLength: 1, maxLength: 12 }),
    joinAddress: fc.boolean(),
  },
  { requiredKeys: ['image', 'env', 'greeting', 'password', 'joinAddress'] },
);

/** The spec as an app: what `deploy app.ts` synthesizes (HOT) and what `synth` writes (CFN by default). */
function app(spec: Spec): App {
  const a = new App();
  const stack = new Stack(a, 'Blog');
  const greeting = new Parameter(stack, 'Greeting', { default: 'hello' });
  const password = new Parameter(stack, 'Password', { hidden: true });
  const db = new DockerContainer(stack, 'Database', {
    image: spec.image,
    env: [`PW=${password.valueAsString}`],
  });
  new DockerContainer(stack, 'Web', {
    image: `${spec.image}-web`,
    env: [
      ...spec.env,
      `GREETING=${greeting.valueAsString}`,
      spec.joinAddress ? `DB=${db.networkIp}` : Fn.join(':', ['DB', db.networkIp]),
    ],
    ...(spec.memory !== undefined ? { memory: spec.memory } : {}),
    ...(spec.hostname !== undefined ? { hostname: spec.hostname } : {}),
    ...(spec.cmd !== undefined ? { cmd: [...spec.cmd] } : {}),
  });
  return a;
}

function synth(spec: Spec, dialect: Dialect): Template {
  return (app(spec).synth({ dialect })[0] as { template: Template }).template;
}

function convert(template: Template, dialect: Dialect, format: Format): Template {
  return parse(emitTemplate(template, { dialect, format }));
}

/** A two-container template in CFN: `Db`, and `Web` with `lines` (indented) as its properties after `Image: web`. */
function cfnWeb(lines: string): Template {
  return parse(`HeatTemplateFormatVersion: '2012-12-12'
Resources:
  Db: {Type: 'OS::Heat::Docker', Properties: {Image: mysql}}
  Web:
    Type: OS::Heat::Docker
    Properties:
      Image: web
${lines}`);
}

/** The same in HOT, with `db` as the database's type and properties, and `lines` as `Web`'s after its image. */
function hotWeb(type: string, db: string, image: string, lines: string): Template {
  return parse(`heat_template_version: 2021-04-16
resources:
  Db: {type: '${type}', properties: ${db}}
  Web:
    type: ${type}
    properties:
      ${image}: web
${lines}`);
}

function parse(text: string): Template {
  const parsed = parseTemplate(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.template as Template;
}

const SECRETS: HiddenValues = { names: new Set(['Password']), salt: 'the-stack-salt' };

/** The hash of every resource of a template, with the spec's values resolved as deploy resolves them. */
function hashes(template: Template, spec: Spec): Record<string, string> {
  const given = { Greeting: spec.greeting, Password: spec.password };
  const parameters = resolveParameters(template, given, { stackName: 'blog', stackId: 'id-1' });
  return Object.fromEntries(
    Object.keys(template.resources).map((name) => [name, configHash(template, name, parameters, SECRETS)]),
  );
}

const FORMS: readonly [Dialect, Format][] = [
  ['cfn', 'yaml'],
  ['cfn', 'json'],
  ['hot', 'yaml'],
  ['hot', 'json'],
];

describe('the configuration hash is of the meaning', () => {
  test('an app synthesized in either dialect, and each template converted to every dialect and format, hash alike', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const fromApp = hashes(synth(spec, 'hot'), spec);
        for (const dialect of ['cfn', 'hot'] as const) {
          const synthesized = synth(spec, dialect);
          expect(hashes(synthesized, spec)).toEqual(fromApp);
          for (const [d, f] of FORMS) expect(hashes(convert(synthesized, d, f), spec)).toEqual(fromApp);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('it changes when what a property means changes', () => {
    const changes: fc.Arbitrary<(s: Spec) => Spec> = fc.constantFrom(
      (s: Spec) => ({ ...s, image: `${s.image}x` }),
      (s: Spec) => ({ ...s, env: [...s.env, 'EXTRA=1'] }),
      (s: Spec) => ({ ...s, greeting: `${s.greeting}!` }),
      (s: Spec) => ({ ...s, memory: (s.memory ?? 0) + 1 }),
      (s: Spec) => ({ ...s, hostname: `${s.hostname ?? ''}h` }),
      (s: Spec) => ({ ...s, cmd: [...(s.cmd ?? []), 'x'] }),
      (s: Spec) => ({ ...s, password: `${s.password}?` }),
    );
    fc.assert(
      fc.property(specArb, changes, fc.constantFrom<Dialect>('cfn', 'hot'), (spec, change, dialect) => {
        const before = hashes(synth(spec, dialect), spec);
        const changed = change(spec);
        const after = hashes(synth(changed, dialect), changed);
        // The password is the database's; everything else is the web container's.
        const which = changed.password !== spec.password ? 'Database' : 'Web';
        expect(after[which]).not.toBe(before[which]);
      }),
      { numRuns: 100 },
    );
  });

  test('the two type names and their spellings are one: OS::Heat::Docker {Image} is DockerInc::Docker::Container {image}', () => {
    const seed = cfnWeb(`      Memory: '512'
      Privileged: 'false'
      Env: [{'Fn::Join': ['', ['DB=', {'Fn::GetAtt': [Db, NetworkIp]}]]}]
`);
    const merged = hotWeb(
      'DockerInc::Docker::Container',
      "{image: mysql, cmd: [], name: ''}",
      'image',
      `      memory: 512
      env: [{list_join: ['', ['DB=', {get_attr: [Db, network_ip]}]]}]
`,
    );
    for (const name of ['Db', 'Web']) expect(configHash(seed, name, {})).toBe(configHash(merged, name, {}));
    expect(resourceMeaning(merged, 'Web', {}).properties).toEqual({
      env: [call('join', '', ['DB=', call('get_attr', 'Db', 'network_ip')])],
      image: 'web',
      memory: 512,
    });
  });

  test("Heat's effective defaults (memory unset is None, the 2013 VolumesFrom '') mean what heatstack's 0 and none mean", () => {
    // Docker takes a Memory of 0 as no limit, as docker-py sends it for None; '' names no container. Reading them
    // as Heat's values would change the hash of every container deployed with an explicit `memory: 0`.
    const unset = cfnWeb('');
    const written = cfnWeb("      Memory: 0\n      VolumesFrom: ''\n");
    expect(resourceMeaning(written, 'Web', {}).properties).toEqual({ image: 'web' });
    expect(configHash(written, 'Web', {})).toBe(configHash(unset, 'Web', {}));
  });

  test('a hidden value is in the meaning only as an HMAC keyed with the stack salt', () => {
    const template = things(
      { Db: { image: 'db', env: [call('join', '=', ['PW', call('get_param', 'pw')])] } },
      { parameters: { pw: { type: 'string', hidden: true, constraints: [] } } },
    );
    const meaning = (pw: string, salt = 's1') =>
      resourceMeaning(template, 'Db', { pw }, { names: new Set(['pw']), salt });
    expect(JSON.stringify(meaning('swordfish'))).not.toContain('swordfish');
    expect(meaning('swordfish')).toEqual(meaning('swordfish'));
    expect(meaning('swordfish')).not.toEqual(meaning('trout'));
    expect(meaning('swordfish', 's2')).not.toEqual(meaning('swordfish', 's1'));
  });

  test('Fn::Base64 and Fn::Select of Fn::Split mean what their HOT conversions mean', () => {
    const cfn = cfnWeb(`      Env:
        - {'Fn::Base64': {'Fn::Join': ['', ['DB=', {'Fn::GetAtt': [Db, NetworkIp]}]]}}
        - {'Fn::Select': ['0', {'Fn::Split': ['.', {'Fn::Join': ['', [{'Fn::GetAtt': [Db, NetworkIp]}]]}]}]}
`);
    // What `heatstack convert --dialect hot` writes for it.
    const hot = hotWeb(
      'OS::Heat::Docker',
      '{Image: mysql}',
      'Image',
      `      Env:
        - list_join: ['', ['DB=', {get_attr: [Db, NetworkIp]}]]
        - str_split: ['.', {list_join: ['', [{get_attr: [Db, NetworkIp]}]]}, 0]
`,
    );
    expect(configHash(hot, 'Web', {})).toBe(configHash(cfn, 'Web', {}));
  });
});
