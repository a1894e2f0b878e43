import { rmSync } from 'node:fs';
import { App, DockerContainer, Output, Stack } from 'heatstack';
import { synthesize } from 'heatstack/template';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { deployStack, destroyStack, type RunResult, stackIdOf } from '../../src/deploy/engine/stack-engine.js';
import { resolveParameters } from '../../src/template/parameter-values.js';
import { session, tempStateDir, uniqueStack } from '../deploy/support/e2e.js';
import { describeDocker } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';

/** The container attributes the README and the getters' docs describe, read back from a real deploy. */
describeDocker('a container’s network attributes, deployed', () => {
  const stackName = uniqueStack('attrs');
  const stateDir = tempStateDir();
  let result: RunResult;

  beforeAll(async () => {
    await ensureTestImages();
    // GIVEN a container exposing 80 and 8080, and outputs reading its address every way the docs show
    const app = new App();
    const stack = new Stack(app, 'Site');
    const web = new DockerContainer(stack, 'Web', {
      image: 'heatstack-test/busybox',
      cmd: ['sleep', '3600'],
      portSpecs: ['8080', '80'],
    });
    const outputs = {
      Ip: web.networkIp,
      Ports: web.networkTcpPorts,
      TopLevelIp: web.attributePath('network_info', 'IPAddress'),
      StackNetworkIp: web.attributePath('network_info', 'Networks', `heatstack-${stackName}`, 'IPAddress'),
      BridgeIp: web.attributePath('network_info', 'Networks', 'bridge', 'IPAddress'),
    };
    for (const [id, value] of Object.entries(outputs)) new Output(stack, id, { value });
    const { template } = synthesize(app, { dialect: 'hot' })[0]!;
    // WHEN it is deployed as `stackName`
    const options = session(stateDir);
    const stackId = await stackIdOf(options.store, stackName);
    const parameters = resolveParameters(template, {}, { stackName, stackId });
    result = await deployStack(
      { stackName, stackId, template, parameters, hiddenParameters: new Set(), rollback: true },
      options,
    );
  }, 120_000);

  afterAll(async () => {
    await destroyStack(stackName, session(stateDir)).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  const output = (name: string): unknown => result.record.outputs[name]?.value;

  test('networkIp is its address on the stack network, heatstack-<stack name>, also read by path', () => {
    expect(result.failure).toBeUndefined();
    expect(output('Ip')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(output('StackNetworkIp')).toBe(output('Ip'));
    expect(output('TopLevelIp')).toBe(output('Ip'));
  });

  test('the default bridge holds no address: the container is not on it', () => {
    expect(output('BridgeIp') ?? '').toBe('');
  });

  test('networkTcpPorts are its own ports, sorted, not host ports', () => {
    expect(output('Ports')).toBe('80,8080');
  });
});
