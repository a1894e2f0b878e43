import type Docker from 'dockerode';
import { stackNetworkName } from '../../../src/deploy/docker/network.js';
import { testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';

/**
 * What a person does to "edit" a container outside heatstack: removes it and runs another in its place with the same
 * name, labels and network, from `image` with `env`. Resolves to the new container (started).
 */
export async function recreateByHand(
  container: Docker.Container,
  image: string,
  env: string[],
): Promise<Docker.Container> {
  const old = await container.inspect();
  await container.remove({ force: true });
  const byHand = await (await testDocker()).createContainer({
    name: old.Name.replace(/^\//, ''),
    Image: image,
    Cmd: ['sleep', '3600'],
    Env: env,
    Labels: old.Config.Labels,
    HostConfig: { NetworkMode: old.HostConfig.NetworkMode },
  });
  await byHand.start();
  return byHand;
}

/** Its address on its stack network. */
export async function addressOf(container: Docker.Container, stack: string): Promise<string> {
  return (await container.inspect()).NetworkSettings.Networks[stackNetworkName(stack)]?.IPAddress ?? '';
}

/**
 * Stops `container` and runs sleepers on its stack network until one has been given its address (each one the next
 * free address), so that when it starts again Docker gives it another. Resolves to the sleepers, to remove.
 */
export async function takeAddressOf(container: Docker.Container, stack: string): Promise<Docker.Container[]> {
  const old = await addressOf(container, stack);
  await container.stop({ t: 1 });
  const docker = await testDocker();
  const sleepers: Docker.Container[] = [];
  for (let i = 0; i < 20; i++) {
    const sleeper = await docker.createContainer({
      Image: TEST_IMAGES.busybox,
      Cmd: ['sleep', '3600'],
      Labels: { 'io.heatstack.test': 'address-taker' },
      HostConfig: { NetworkMode: stackNetworkName(stack) },
    });
    sleepers.push(sleeper);
    await sleeper.start();
    if ((await addressOf(sleeper, stack)) === old) return sleepers;
  }
  throw new Error(`no sleeper on ${stackNetworkName(stack)} was given ${old}`);
}

export async function removeAll(containers: readonly Docker.Container[]): Promise<void> {
  await Promise.all(containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
}
