import { App, DockerContainer, type DockerContainerProps, Fn, Output, Parameter, Stack, SynthError } from 'heatstack';
import { call } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import { DOCKER_CONTAINER } from '../../src/template/resource-types/docker-container.js';

function synthOne(props: DockerContainerProps, dialect: 'cfn' | 'hot' = 'cfn') {
  const app = new App();
  new DockerContainer(new Stack(app, 'S'), 'C', props);
  return app.synth({ dialect })[0]!.template.resources.C!;
}

/** The error `app.synth()` throws. */
function synthError(app: App): SynthError {
  try {
    app.synth();
  } catch (e) {
    if (e instanceof SynthError) return e;
    throw e;
  }
  throw new Error('synth did not fail');
}

const everyProp: Required<DockerContainerProps> = {
  image: 'busybox',
  cmd: ['sh'],
  env: ['A=1'],
  hostname: 'h',
  user: 'u',
  memory: 1,
  portSpecs: ['80'],
  portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: 8080 }] },
  links: { db: 'db' },
  name: 'n',
  privileged: false,
  tty: false,
  openStdin: false,
  stdinOnce: false,
  attachStdin: false,
  attachStdout: true,
  attachStderr: true,
  dns: ['1.1.1.1'],
  volumes: { '/data': '/data' },
  volumesFrom: ['x'],
  dockerEndpoint: 'unix:///x',
  restartPolicy: { name: 'always' },
  capAdd: ['NET_ADMIN'],
  capDrop: ['ALL'],
  readOnly: false,
  cpuShares: 2,
  devices: [{ pathOnHost: '/dev/null' }],
  cpuSet: '0',
  stopTimeout: 1,
  networks: [{ network: 'back', aliases: ['db'] }],
  healthcheck: { test: ['CMD', 'true'] },
  replicas: 3,
  mode: 'replicated',
  placement: { constraints: ['node.role==manager'] },
  endpointMode: 'dnsrr',
  updateConfig: { parallelism: 1, order: 'start-first' },
  rollbackConfig: { parallelism: 0 },
};

describe('DockerContainer props', () => {
  test('the props are exactly the properties of the schema, in camelCase (a list of volumes is `mounts`)', () => {
    const snake = Object.keys(everyProp).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    expect([...snake, 'mounts'].sort()).toEqual(Object.keys(DOCKER_CONTAINER.properties).sort());
  });

  test('in cfn a container with only seed properties is the seed type, with PascalCase names', () => {
    const r = synthOne({ image: 'mysql', portSpecs: ['3306'], env: ['A=1'] });
    expect(r.type).toBe('OS::Heat::Docker');
    expect(r.properties).toEqual({ Image: 'mysql', PortSpecs: ['3306'], Env: ['A=1'] });
  });

  test('in cfn a container using a property the seed type lacks is DockerInc::Docker::Container, in snake_case', () => {
    const r = synthOne({
      image: 'wp',
      portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: 8080 }], '443': 8443 },
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      devices: [{ pathOnHost: '/dev/fuse', permissions: 'rw' }],
    });
    expect(r.type).toBe('DockerInc::Docker::Container');
    expect(r.properties).toEqual({
      image: 'wp',
      port_bindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '443': 8443 },
      restart_policy: { Name: 'on-failure', MaximumRetryCount: 3 },
      devices: [{ path_on_host: '/dev/fuse', permissions: 'rw' }],
    });
  });

  test('a health check is written with the schema’s snake_case fields, and makes the container DockerInc', () => {
    const r = synthOne({
      image: 'web',
      healthcheck: { test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1/'], interval: 0.5, startPeriod: 2 },
    });
    expect(r.type).toBe('DockerInc::Docker::Container');
    expect(r.properties).toEqual({
      image: 'web',
      healthcheck: { test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1/'], interval: 0.5, start_period: 2 },
    });
  });

  test('in hot every container is DockerInc::Docker::Container, and attributes use its names', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const db = new DockerContainer(stack, 'Db', { image: 'mysql' });
    new Output(stack, 'Ip', { value: db.networkIp });
    const t = app.synth({ dialect: 'hot' })[0]!.template;
    expect(t.resources.Db!.type).toBe('DockerInc::Docker::Container');
    expect(t.outputs.Ip!.value).toEqual(call('get_attr', 'Db', 'network_ip'));
    expect(app.synth({ dialect: 'cfn' })[0]!.template.outputs.Ip!.value).toEqual(call('get_attr', 'Db', 'NetworkIp'));
  });

  test('reading networkGateway, which the seed type lacks, makes the container DockerInc in cfn', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const db = new DockerContainer(stack, 'Db', { image: 'mysql' });
    new Output(stack, 'Gw', { value: db.networkGateway });
    const t = app.synth()[0]!.template;
    expect(t.resources.Db!.type).toBe('DockerInc::Docker::Container');
    expect(t.outputs.Gw!.value).toEqual(call('get_attr', 'Db', 'network_gateway'));
  });

  test('a path into a map attribute is a get_attr with a path', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const db = new DockerContainer(stack, 'Db', { image: 'mysql' });
    new Output(stack, 'Ip', { value: db.attributePath('network_info', 'Networks', 'bridge', 'IPAddress') });
    expect(app.synth({ dialect: 'hot' })[0]!.template.outputs.Ip!.value).toEqual(
      call('get_attr', 'Db', 'network_info', 'Networks', 'bridge', 'IPAddress'),
    );
    // CFN's Fn::GetAtt has no path: each step is a Fn::Select
    expect(app.synth()[0]!.template.outputs.Ip!.value).toEqual(
      call(
        'select',
        'IPAddress',
        call('select', 'bridge', call('select', 'Networks', call('get_attr', 'Db', 'NetworkInfo'))),
      ),
    );
  });
});

describe('validation at synth', () => {
  test('every invalid property is reported with the construct path, the property path and where it was created', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'BlogStack');
    new DockerContainer(stack, 'Blog', {
      image: 'wp',
      restartPolicy: { name: 'sometimes' as 'always' },
      capAdd: ['NET_ADMIN', 'FLY' as 'ALL'],
      devices: [{ pathOnHost: '/tmp/x', permissions: 'x' as 'r' }],
    });
    // WHEN
    const e = synthError(app);
    // THEN
    expect(e.problems.map((p) => p.path)).toEqual(Array(e.problems.length).fill('BlogStack/Blog'));
    expect(e.problems.every((p) => /^test\/constructs\/docker-container\.test\.ts:\d+:\d+$/.test(p.source ?? ''))).toBe(
      true,
    );
    const messages = e.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/Properties\.restart_policy\.Name: .*sometimes/);
    expect(messages).toMatch(/Properties\.cap_add\[1\]: .*FLY/);
    expect(messages).toMatch(/Properties\.devices\[0\]\.path_on_host: /);
    expect(messages).toMatch(/Properties\.devices\[0\]\.permissions: /);
    expect(e.message).toMatch(
      /^\d+ problems:\n {2}BlogStack\/Blog \(created at test\/constructs\/docker-container\.test\.ts:\d+:\d+\): /,
    );
  });

  test('a missing image is reported (JavaScript users have no type checker)', () => {
    const app = new App();
    new DockerContainer(new Stack(app, 'S'), 'C', {} as DockerContainerProps);
    expect(() => app.synth()).toThrow(/S\/C \(created at .*\): the image is required/);
  });

  test('a property of the wrong type is reported', () => {
    const app = new App();
    new DockerContainer(new Stack(app, 'S'), 'C', { image: 'x', memory: 'lots' as unknown as number });
    expect(() => app.synth()).toThrow(/S\/C .*Properties\.Memory: /);
  });

  test('token values are not judged at synth', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new DockerContainer(stack, 'C', { image: 'x', restartPolicy: { name: db.logsHead as 'always' } });
    expect(app.synth()[0]!.template.resources.C!.properties.restart_policy).toEqual({
      Name: call('get_attr', 'Db', 'LogsHead'),
    });
  });

  test('properties of both types at once are refused, naming them', () => {
    const app = new App();
    new DockerContainer(new Stack(app, 'S'), 'C', { image: 'x', attachStdin: true, name: 'c' });
    expect(() => app.synth()).toThrow(/S\/C .*no Docker container type has all of image, attachStdin, name/);
  });
});

describe('dependencies', () => {
  test('addDependency adds a sorted DependsOn; references add none (Heat infers them)', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const b = new DockerContainer(stack, 'B', { image: 'x' });
    const a = new DockerContainer(stack, 'A', { image: 'x' });
    const c = new DockerContainer(stack, 'C', { image: 'x', env: [`IP=${a.networkIp}`] });
    c.addDependency(b, a);
    expect(app.synth()[0]!.template.resources.C!.dependsOn).toEqual(['A', 'B']);
  });

  test('a reference cycle is an error naming the constructs on it', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const a = new DockerContainer(stack, 'A', { image: 'x' });
    const b = new DockerContainer(stack, 'B', { image: 'x', env: [`A=${a.networkIp}`] });
    a.addDependency(b);
    expect(() => app.synth()).toThrow(/S\/A: reference cycle: S\/A → S\/B → S\/A/);
  });

  test('a container referring to itself is an error', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const a: DockerContainer = new DockerContainer(stack, 'A', { image: 'x', env: [] });
    (a.props as unknown as { env: string[] }).env.push(`ME=${a.networkIp}`);
    expect(() => app.synth()).toThrow(/S\/A: refers to itself/);
  });

  test('a reference to another stack is an error naming both constructs', () => {
    const app = new App();
    const db = new DockerContainer(new Stack(app, 'Data'), 'Database', { image: 'mysql' });
    new DockerContainer(new Stack(app, 'Web'), 'Blog', { image: 'wp', env: [`DB=${db.networkIp}`] });
    expect(() => app.synth()).toThrow(
      /Web\/Blog: refers to Data\/Database \(network_ip\), which is in another stack \(Data\)/,
    );
  });

  test('a chain of 10,000 containers, each referring to the previous one, synthesizes', () => {
    const app = new App();
    const stack = new Stack(app, 'Chain');
    let prev = new DockerContainer(stack, 'C0', { image: 'x' });
    for (let i = 1; i < 10_000; i++) {
      prev = new DockerContainer(stack, `C${i}`, {
        image: 'x',
        env: [`PREV=${prev.networkIp}:${prev.networkTcpPorts}`],
      });
    }
    const t = app.synth()[0]!.template;
    expect(Object.keys(t.resources)).toHaveLength(10_000);
    expect(t.resources.C9999!.properties.Env).toEqual([
      call('join', '', [
        'PREV=',
        call('get_attr', 'C9998', 'NetworkIp'),
        ':',
        call('get_attr', 'C9998', 'NetworkTcpPorts'),
      ]),
    ]);
  });
});

describe('volumesFrom (the 2013 OS::Heat::Docker plugin takes VolumesFrom as one name)', () => {
  test('one entry in cfn stays OS::Heat::Docker, written as a string', () => {
    const resource = synthOne({ image: 'busybox', volumesFrom: ['data'] });
    expect(resource.type).toBe('OS::Heat::Docker');
    expect(resource.properties).toEqual({ Image: 'busybox', VolumesFrom: 'data' });
  });

  test('one entry holding a token is the token as a string', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S');
    const data = new DockerContainer(stack, 'Data', { image: 'busybox' });
    new DockerContainer(stack, 'C', { image: 'busybox', volumesFrom: [data.containerId] });
    // THEN
    const resource = app.synth()[0]!.template.resources.C!;
    expect(resource.type).toBe('OS::Heat::Docker');
    expect(resource.properties.VolumesFrom).toEqual(call('get_resource', 'Data'));
  });

  test('no entry in cfn leaves the property out', () => {
    const resource = synthOne({ image: 'busybox', volumesFrom: [] });
    expect(resource).toMatchObject({ type: 'OS::Heat::Docker', properties: { Image: 'busybox' } });
    expect(resource.properties).not.toHaveProperty('VolumesFrom');
  });

  test('more than one entry in cfn makes the container a DockerInc::Docker::Container, where it is a list', () => {
    const resource = synthOne({ image: 'busybox', volumesFrom: ['data', 'logs'] });
    expect(resource.type).toBe('DockerInc::Docker::Container');
    expect(resource.properties).toEqual({ image: 'busybox', volumes_from: ['data', 'logs'] });
  });

  test('hot keeps it a list (DockerInc::Docker::Container)', () => {
    const resource = synthOne({ image: 'busybox', volumesFrom: ['data'] }, 'hot');
    expect(resource.type).toBe('DockerInc::Docker::Container');
    expect(resource.properties).toEqual({ image: 'busybox', volumes_from: ['data'] });
  });

  test('more than one entry with a property only OS::Heat::Docker has is an error naming both', () => {
    const app = new App();
    new DockerContainer(new Stack(app, 'S'), 'C', { image: 'busybox', volumesFrom: ['a', 'b'], attachStdin: true });
    expect(synthError(app).message).toMatch(
      /S\/C .*no Docker container type has all of .*OS::Heat::Docker has no volumesFrom of more than one container.*DockerInc::Docker::Container has no attachStdin/,
    );
  });
});

test('volumesFrom given as a list token (of unknown length) makes the container a DockerInc::Docker::Container', () => {
  const app = new App();
  const stack = new Stack(app, 'S');
  new DockerContainer(stack, 'C', {
    image: 'busybox',
    volumesFrom: Fn.split(',', new Parameter(stack, 'From').valueAsString),
  });
  const resource = app.synth()[0]!.template.resources.C!;
  expect(resource.type).toBe('DockerInc::Docker::Container');
  expect(resource.properties.volumes_from).toEqual(call('split', ',', call('get_param', 'From')));
});

test('a list of volumes is `mounts` in the place the props give it, as every other property', () => {
  const resource = synthOne({ image: 'busybox', volumes: [{ volume: 'data', path: '/data' }], env: ['A=1'] }, 'hot');
  expect(Object.keys(resource.properties)).toEqual(['image', 'mounts', 'env']);
});
