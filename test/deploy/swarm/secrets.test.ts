import { describe, expect, test } from 'vitest';
import { rememberSecret, secretsReadBy } from '../../../src/deploy/swarm/secrets.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { httpGet } from '../docker/docker-helpers.js';
import { deployedBeforeAll, destroyAndCount, ensureSwarm, NOTHING_LEFT, swarmObjectsOf } from './swarm-support.js';

/**
 * A generated password read by a web service, which serves the file Swarm gives it, and a named volume it mounts (its
 * DeletionPolicy Delete: a volume's default, Retain, is kept by destroy on either target).
 */
const TEMPLATE = `heat_template_version: 2018-08-31
resources:
  DbPassword:
    type: OS::Heat::RandomString
    properties: {length: 24}
  Data:
    type: Heatstack::Docker::Volume
    deletion_policy: Delete
  Web:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      env: [{list_join: ['=', [PASSWORD, {get_attr: [DbPassword, value]}]]}]
      mounts: [{volume: {get_resource: Data}, path: /www}]
      cmd: [sh, -c, 'cat /run/secrets/DbPassword > /www/index.html && exec httpd -f -p 80 -h /www']
outputs:
  password: {value: {get_attr: [DbPassword, value]}}
  url: {value: {list_join: ['', ['http://', {get_attr: [Web, network_ip]}, ':80/']]}}
`;

describeDocker('a generated secret and a named volume on a one-node swarm, read and mounted by a service', () => {
  const { stack, stateDir, result: deployed } = deployedBeforeAll('swarm-secret', TEMPLATE);

  test('the string is a Swarm secret of the stack, named as Heat names the resource', async () => {
    const result = deployed();
    expect(result.failure).toBeUndefined();
    expect(await swarmObjectsOf(stack)).toMatchObject({ services: 1, secrets: 1, volumes: 1 });
    const docker = await ensureSwarm();
    const [secret] = await docker.listSecrets({ filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }) });
    expect(secret?.Spec?.Name).toBe(result.record.resources.DbPassword?.physicalId);
    expect(secret?.Spec?.Name).toMatch(new RegExp(`^${stack}-DbPassword-[0-9a-f]{12}$`));
    expect(secret?.Spec?.Labels?.['io.heatstack.resource']).toBe('DbPassword');
  });

  test('the service reading it is given it as /run/secrets/DbPassword, holding the value its env holds (served from the volume)', async () => {
    const result = deployed();
    const password = result.record.outputs.password?.value as string;
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    const page = await httpGet(result.record.outputs.url?.value as string);
    expect(page.body).toBe(password);
  }, 60_000);

  test('destroy leaves no service, network, secret, volume or container', async () => {
    expect(await destroyAndCount(stack, stateDir)).toEqual({ status: 'DELETE_COMPLETE', left: NOTHING_LEFT });
  }, 120_000);
});

describe('which generated secrets a service reads', () => {
  test('a value in an env entry, after its name; too short a value is not matched by chance', () => {
    rememberSecret('s1', 'Xy7Qa9Lm2Np4', { name: 's1-Pw-1', logicalId: 'Pw' });
    rememberSecret('s1', 'abc', { name: 's1-Short-1', logicalId: 'Short' });
    rememberSecret('s1', 'Kk3Jd8Hs1Fq0', { name: 's1-Api-1', logicalId: 'Api' });
    expect(secretsReadBy('s1', ['PASSWORD=Xy7Qa9Lm2Np4', 'NAME=abc', 'URL=mysql://u:Kk3Jd8Hs1Fq0@db/'])).toEqual([
      { name: 's1-Api-1', logicalId: 'Api' },
      { name: 's1-Pw-1', logicalId: 'Pw' },
    ]);
    expect(secretsReadBy('s1', ['Xy7Qa9Lm2Np4=name'])).toEqual([]);
    expect(secretsReadBy('other', ['PASSWORD=Xy7Qa9Lm2Np4'])).toEqual([]);
    expect(secretsReadBy('s1', undefined)).toEqual([]);
  });
});
