import type Docker from 'dockerode';
import { testDocker } from '../../support/docker.js';

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
