import { describe, expect, test } from 'vitest';
import { call } from '../../../src/template/model.js';
import {
  checkResourceProperties,
  normalizeProperties,
  PropertyValueError,
} from '../../../src/template/validate/properties.js';

const SEED = 'OS::Heat::Docker';
const INC = 'DockerInc::Docker::Container';

describe('checkResourceProperties', () => {
  test('the seed’s properties are clean, function calls are skipped', () => {
    const problems = checkResourceProperties(SEED, {
      Image: 'samalba/wordpress',
      Env: [call('join', '=', ['DB_HOSTNAME', call('get_attr', 'Database', 'NetworkIp')])],
    });
    expect(problems).toEqual([]);
  });

  test('an unknown property is reported with a suggestion in the type’s own spelling', () => {
    expect(checkResourceProperties(SEED, { Image: 'x', Envv: [] })).toEqual([
      { path: 'Envv', message: "Unknown Property Envv (did you mean 'Env'?)" },
    ]);
    expect(checkResourceProperties(SEED, { image: 'x' })).toEqual([
      { path: 'image', message: "Unknown Property image (did you mean 'Image'?)" },
      { path: 'Image', message: 'Property Image not assigned' },
    ]);
  });

  test('a property the other spelling has is unknown to OS::Heat::Docker', () => {
    const problems = checkResourceProperties(SEED, { Image: 'x', restart_policy: {} });
    expect(problems.map((p) => p.path)).toEqual(['restart_policy']);
  });

  test('a name far from every property gets no suggestion', () => {
    expect(checkResourceProperties(INC, { image: 'x', zzzzzzzzzzzz: 1 })).toEqual([
      { path: 'zzzzzzzzzzzz', message: 'Unknown Property zzzzzzzzzzzz' },
    ]);
  });

  test('a missing required property is reported', () => {
    expect(checkResourceProperties(SEED, {})).toEqual([{ path: 'Image', message: 'Property Image not assigned' }]);
  });

  test('what Heat’s plugin accepts but heatstack cannot deploy is a warning (DockerInc has no required image)', () => {
    expect(checkResourceProperties(INC, { memory: -1 })).toEqual([
      {
        path: 'image',
        message: "Property image not assigned (Heat's plugin accepts this; heatstack cannot deploy it)",
        severity: 'warning',
      },
      {
        path: 'memory',
        message: "-1 is out of range (min: 0) (Heat's plugin accepts this; heatstack cannot deploy it)",
        severity: 'warning',
      },
    ]);
  });

  test('the 2013 plugin’s VolumesFrom is one container name, read as a list of one', () => {
    expect(checkResourceProperties(SEED, { Image: 'x', VolumesFrom: 'data' })).toEqual([]);
    expect(normalizeProperties(SEED, { Image: 'x', VolumesFrom: 'data' }).volumes_from).toEqual(['data']);
    expect(normalizeProperties(SEED, { Image: 'x', VolumesFrom: '' }).volumes_from).toEqual([]);
  });

  test('Heat’s coercions are accepted: integral strings for integers, integers and booleans for strings', () => {
    expect(
      checkResourceProperties(INC, { image: 5, memory: '512', cpu_shares: ' +2 ', privileged: 'TRUE', tty: false }),
    ).toEqual([]);
  });

  test('type errors name the item path', () => {
    expect(
      checkResourceProperties(INC, {
        image: 'x',
        env: ['A=1', ['nested']],
        memory: '5.5',
        privileged: 1,
        cmd: 'echo hi',
        links: ['a'],
        name: 1.5,
      }),
    ).toEqual([
      { path: 'cmd', message: "'echo hi' is not a list" },
      {
        path: 'env[1]',
        message: `Value must be a string; got ["nested"] (Heat's plugin accepts this; heatstack cannot deploy it)`,
        severity: 'warning',
      },
      { path: 'memory', message: "Value '5.5' is not an integer" },
      { path: 'links', message: '["a"] is not a map' },
      { path: 'name', message: 'Value must be a string; got 1.5' },
      { path: 'privileged', message: '"1" is not a valid boolean' },
    ]);
  });

  test('allowed values, ranges, patterns and lengths are checked inside nested fields and items', () => {
    const long = `/dev/${'a'.repeat(260)}`;
    const problems = checkResourceProperties(INC, {
      image: 'x',
      memory: -1,
      restart_policy: { Name: 'sometimes', MaximumRetryCount: 3, Extra: 1 },
      cap_add: ['NET_ADMIN', 'FLY'],
      devices: [{ path_on_host: '/dev/sda' }, { path_on_host: 'sda', permissions: 'x' }, { path_on_host: long }, {}],
    });
    expect(problems).toEqual([
      {
        path: 'memory',
        message: "-1 is out of range (min: 0) (Heat's plugin accepts this; heatstack cannot deploy it)",
        severity: 'warning',
      },
      {
        path: 'restart_policy.Extra',
        message: 'Unknown Property Extra',
      },
      { path: 'restart_policy.Name', message: '"sometimes" is not an allowed value ["no", "on-failure", "always"]' },
      { path: 'cap_add[1]', message: expect.stringMatching(/^"FLY" is not an allowed value \["SETPCAP", /) },
      { path: 'devices[1].path_on_host', message: '"sda" does not match pattern "^/dev/[/_\\-a-zA-Z0-9]+$"' },
      { path: 'devices[1].permissions', message: expect.stringMatching(/^"x" is not an allowed value/) },
      { path: 'devices[2].path_on_host', message: 'length (265) is out of range (max: 255)' },
      { path: 'devices[3].path_on_host', message: 'Property path_on_host not assigned' },
    ]);
  });

  test('a null value means "not given", as in Heat', () => {
    expect(checkResourceProperties(INC, { image: 'x', memory: null, env: null })).toEqual([]);
  });

  test('an unknown resource type is one problem', () => {
    expect(checkResourceProperties('Acme::Cloud::Server', {})).toEqual([
      { path: '', message: 'The Resource Type (Acme::Cloud::Server) could not be found.' },
    ]);
  });
});

describe('normalizeProperties', () => {
  test('spelled names become canonical, values are converted and defaults applied', () => {
    const props = normalizeProperties(SEED, { Image: 'busybox', Memory: '64', Tty: 'true', Env: ['A=1'] });
    expect(props).toEqual({
      image: 'busybox',
      cmd: [],
      env: ['A=1'],
      hostname: '',
      user: '',
      memory: 64,
      privileged: false,
      tty: true,
      open_stdin: false,
      stdin_once: false,
      attach_stdin: false,
      attach_stdout: true,
      attach_stderr: true,
      volumes: {},
      volumes_from: [],
    });
  });

  test('nested defaults are applied (restart policy, device permissions)', () => {
    const props = normalizeProperties(INC, { image: 'x', devices: [{ path_on_host: '/dev/fuse' }] });
    expect(props.restart_policy).toEqual({ Name: 'no', MaximumRetryCount: 0 });
    expect(props.devices).toEqual([{ path_on_host: '/dev/fuse', permissions: 'rwm' }]);
  });

  test('a resolved value that breaks the schema throws every problem with its path', () => {
    const attempt = () => normalizeProperties(INC, { image: 'x', memory: 'lots', restart_policy: { Name: 'never' } });
    expect(attempt).toThrow(PropertyValueError);
    expect(attempt).toThrow(
      /memory: Value 'lots' is not an integer\n {2}restart_policy.Name: "never" is not an allowed/,
    );
  });
});
