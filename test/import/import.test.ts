// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected code holds template literals
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/import/generate.js';
import { ImportError, importTemplate } from '../../src/import/index.js';
import { parseTemplate } from '../../src/template/parse/index.js';

/** What `heatstack import` writes: the code a person would have written for the template. */

const SEED = readFileSync(new URL('../fixtures/seed/wordpress_mysql.yml', import.meta.url), 'utf8');

function imported(template: string): string {
  return importTemplate(template, { file: 'stack.yaml' }).source;
}

describe('heatstack import', () => {
  it('writes the seed as the README writes it: containers, template literals of their getters, an output', () => {
    const { source, report } = importTemplate(SEED, { file: 'wordpress_mysql.yml' });
    expect(source).toContain("import { App, DockerContainer, Output, Stack } from 'heatstack';");
    expect(source).toContain('export class WordpressMysqlStack extends Stack {');
    expect(source).toContain("const database = new DockerContainer(this, 'Database', { image: 'samalba/mysql' });");
    expect(source).toContain('`DB_HOSTNAME=${database.networkIp}`');
    expect(source).toContain('`DB_PASSWORD=${database.logsHead}`');
    expect(source).toContain('value: `http://${blog.networkIp}:${blog.networkTcpPorts}/`');
    expect(source).toContain(
      "}\n\nconst app = new App();\nnew WordpressMysqlStack(app, 'WordpressMysql');\nexport default app;",
    );
    // Blog refers to Database: Database is declared first, though the template lists it second.
    expect(source.indexOf("'Database'")).toBeLessThan(source.indexOf("'Blog'"));
    expect(report.reordered).toBe(true);
    expect(report.raw).toEqual([]);
  });

  it('without biome (a new project), writes one blank line before the app and one newline at the end', () => {
    const { text } = generate(parseTemplate(SEED).template!, { file: 'wordpress_mysql.yml', comments: new Map() });
    expect(text).toMatch(/\n {2}\}\n\}\n\nconst app = new App\(\);\n/);
    expect(text.endsWith('export default app;\n')).toBe(true);
  });

  it('uses the generated class of a stock Heat type, props in camelCase, attributes through typed getters', () => {
    const source = imported(`heat_template_version: 2021-04-16
resources:
  password: {type: OS::Heat::RandomString, properties: {length: 20, character_classes: [{class: digits, min: 2}]}}
  server:
    type: OS::Nova::Server
    properties: {flavor: m1.small, image: cirros, admin_pass: {get_attr: [password, value]}}
outputs:
  addresses: {value: {get_attr: [server, addresses]}}
  id: {value: {get_resource: server}}
`);
    // (Heat's RandomString is the SDK's own class: see sdk-idioms.test.ts.)
    expect(source).toContain("import { App, Output, RandomString, Stack } from 'heatstack';");
    expect(source).toContain("import { NovaServer } from 'heatstack/openstack/nova';");
    expect(source).toContain("characterClasses: [{ class: 'digits', min: 2 }]");
    expect(source).toContain('adminPass: password.value');
    expect(source).toContain('value: server.attrAddresses');
    expect(source).toContain('value: server.ref');
  });

  it('uses a parameter as the place takes it: valueAsString, valueAsNumber, valueAsList', () => {
    const source = imported(`heat_template_version: 2021-04-16
parameters:
  tag: {type: string, default: latest}
  memory: {type: number}
  servers: {type: comma_delimited_list}
resources:
  web:
    type: DockerInc::Docker::Container
    properties: {image: {list_join: ['', ['nginx:', {get_param: tag}]]}, memory: {get_param: memory}, dns: {get_param: servers}}
`);
    expect(source).toContain('image: `nginx:${tag.valueAsString}`');
    expect(source).toContain('memory: memory.valueAsNumber');
    expect(source).toContain('dns: servers.valueAsList');
  });

  it('keeps a function with no idiom as Fn.call, and reports its template path', () => {
    const { source, report } = importTemplate(
      `heat_template_version: 2021-04-16
parameters:
  names: {type: comma_delimited_list, default: 'a,b'}
resources:
  web:
    type: DockerInc::Docker::Container
    properties:
      image: busybox
      env: {repeat: {for_each: {'%n%': {get_param: names}}, template: 'N=%n%'}}
`,
      { file: 'stack.yaml' },
    );
    // A list prop: the call as a list token.
    expect(source).toContain(
      "env: Token.asList(Fn.call('repeat', { for_each: { '%n%': names.valueAsList }, template: 'N=%n%' }))",
    );
    expect(report.raw).toEqual([{ path: 'resources.web.properties.env', fn: 'repeat' }]);
  });

  it('writes an unknown type as a HeatResource, and a container the construct cannot type as one too', () => {
    const source = imported(`HeatTemplateFormatVersion: '2012-12-12'
Resources:
  Custom: {Type: 'My::Custom::Thing', Properties: {size: 3}}
  Web: {Type: OS::Heat::Docker, Properties: {Image: busybox, Memory: '512'}}
`);
    expect(source).toContain(
      "new HeatResource(this, 'Custom', { type: 'My::Custom::Thing', properties: { size: 3 } });",
    );
    // Memory is a number prop of DockerContainer; Heat reads the string '512' as one, TypeScript would not.
    expect(source).toContain(
      "new HeatResource(this, 'Web', { type: 'OS::Heat::Docker', properties: { Image: 'busybox', Memory: '512' } });",
    );
  });

  it("writes heatstack's own Docker objects as their constructs, and a container's mounts, networks and health check as props", () => {
    const text = readFileSync(new URL('../fixtures/templates/import/hot-docker-objects.yaml', import.meta.url));
    const { source, report } = importTemplate(text, { file: 'objects.yaml' });
    expect(source).toContain(
      "const data = new DockerVolume(this, 'data', { driver: 'local', labels: { tier: 'db' } });",
    );
    expect(source).toContain(
      "const back = new DockerNetwork(this, 'back', { internal: true, subnet: '10.31.0.0/24' });",
    );
    expect(source).toContain(
      "const appImage = new DockerImage(this, 'app_image', { context: 'app', buildArgs: { BASE: base.valueAsString } });",
    );
    expect(source).toContain("volumes: [{ volume: data.ref, path: '/var/lib/mysql' }],");
    expect(source).toContain("networks: [{ network: back.ref, aliases: ['database'] }],");
    expect(source).toContain(
      "healthcheck: { test: ['CMD', 'wget', '-q', 'http://127.0.0.1/'], interval: 2, startPeriod: 5 },",
    );
    // Their attributes through their getters.
    expect(source).toContain('`DATA=${data.mountpoint}`');
    expect(source).toContain("new Output(this, 'tag', { value: appImage.tag });");
    expect(source).toContain("new Output(this, 'subnet', { value: back.subnet });");
    expect(report.constructs.map((c) => c.construct)).not.toContain('HeatResource');
    expect(report.raw).toEqual([]);
  });

  it('drops a DependsOn that a reference implies, and writes the others with addDependency', () => {
    const source = imported(`HeatTemplateFormatVersion: '2012-12-12'
Resources:
  Db: {Type: OS::Heat::Docker, Properties: {Image: mysql}}
  Cache: {Type: OS::Heat::Docker, Properties: {Image: redis}}
  Web:
    Type: OS::Heat::Docker
    Properties: {Image: web, Env: [{'Fn::Join': ['', ['DB=', {'Fn::GetAtt': [Db, NetworkIp]}]]}]}
    DependsOn: [Db, Cache]
`);
    expect(source).toContain('web.addDependency(cache);');
    expect(source).not.toContain('addDependency(db');
  });

  it('refuses a reference cycle, naming it', () => {
    expect(() =>
      imported(`heat_template_version: 2021-04-16
resources:
  a: {type: DockerInc::Docker::Container, properties: {image: {get_attr: [b, network_ip]}}}
  b: {type: DockerInc::Docker::Container, properties: {image: {get_attr: [a, network_ip]}}}
`),
    ).toThrow(new ImportError('stack.yaml:3:3: Circular Dependency Found: a -> b -> a (at resources.a)'));
  });

  it('refuses a template with errors, listing them as validate prints them', () => {
    expect(() => importTemplate('heat_template_version: 2021-04-16\nresources: [1]\n', { file: 'bad.yaml' })).toThrow(
      /^bad\.yaml:2:\d+: /,
    );
  });

  it('refuses what validate refuses, but not an attribute name Heat takes though no schema lists it', () => {
    expect(() =>
      imported(`heat_template_version: 2021-04-16
resources:
  secret: {type: OS::Heat::RandomString, properties: {length: 513}}
`),
    ).toThrow(
      /^stack\.yaml:3:\d+: 513 is out of range \(min: 1, max: 512\) \(at resources\.secret\.properties\.length\)$/,
    );
    // A deployment's outputs are its config's: Heat takes any name (its own test of the example templates passes).
    const source = imported(`heat_template_version: 2021-04-16
resources:
  config: {type: OS::Heat::SoftwareConfig, properties: {config: echo hi}}
  deployment: {type: OS::Heat::SoftwareDeployment, properties: {config: {get_resource: config}, server: abc}}
outputs:
  result: {value: {get_attr: [deployment, result]}}
`);
    expect(source).toContain("new Output(this, 'result', { value: deployment.getAtt('result') });");
  });

  it('names variables in camelCase, never a reserved word, never twice', () => {
    const source = imported(`heat_template_version: 2021-04-16
parameters:
  default: {type: string}
  db_port: {type: string}
  db-port: {type: string}
resources:
  class:
    type: DockerInc::Docker::Container
    properties: {image: busybox, env: [{get_param: default}, {get_param: db_port}, {get_param: db-port}]}
outputs:
  o: {value: {get_attr: [class, network_ip]}}
  p: {value: {get_resource: class}}
`);
    expect(source).toContain("const defaultParam = new Parameter(this, 'default');");
    expect(source).toContain("const dbPort = new Parameter(this, 'db_port');");
    expect(source).toContain("const dbPortParam = new Parameter(this, 'db-port');");
    expect(source).toContain("const classResource = new DockerContainer(this, 'class'");
    expect(source).toContain('value: classResource.networkIp');
    expect(source).toContain('value: classResource.ref');
  });

  it('carries YAML comments over where they sit on a parameter, resource or output', () => {
    const source = imported(`heat_template_version: 2021-04-16
parameters:
  # The image to run
  image: {type: string}
resources:
  web: # the front end
    type: DockerInc::Docker::Container
    properties: {image: {get_param: image}}
outputs:
  # where it listens
  ip: {value: {get_attr: [web, network_ip]}}
`);
    expect(source).toContain("    // The image to run\n    const image = new Parameter(this, 'image');");
    expect(source).toContain("    // the front end\n    const web = new DockerContainer(this, 'web'");
    expect(source).toContain("    // where it listens\n    new Output(this, 'ip'");
  });

  it('writes every constraint: the shorthand props where exact, else the constraints as Heat lists them', () => {
    const source = imported(`heat_template_version: 2021-04-16
parameters:
  port: {type: number, constraints: [{range: {min: 1, max: 9}, description: small}]}
  password:
    type: string
    hidden: true
    constraints: [{length: {min: 8}}, {allowed_pattern: '[a-z]+', description: letters}]
`);
    expect(source).toContain("{ type: 'number', minValue: 1, maxValue: 9, constraintDescription: 'small' }");
    expect(source).toContain(
      "hidden: true,\n      constraints: [\n        { kind: 'length', min: 8 },\n        { kind: 'allowed_pattern', pattern: '[a-z]+', description: 'letters' },\n      ],",
    );
  });

  it('keeps a CFN ConstraintDescription that describes no constraint', () => {
    const source = imported(
      "HeatTemplateFormatVersion: '2012-12-12'\nParameters:\n  Name: {Type: String, ConstraintDescription: letters}\n",
    );
    expect(source).toContain("constraintDescription: 'letters'");
  });

  it('keeps a list default of numbers as Heat keeps it', () => {
    const { source, report } = importTemplate(
      'heat_template_version: 2021-04-16\nparameters:\n  ports: {type: comma_delimited_list, default: [1, 2]}\n',
      { file: 'stack.yaml' },
    );
    expect(source).toContain("new Parameter(this, 'ports', { type: 'comma_delimited_list', default: [1, 2] });");
    expect(report.dropped).toEqual([]);
  });
});
