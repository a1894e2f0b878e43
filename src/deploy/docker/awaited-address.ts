import type Docker from 'dockerode';

/**
 * Whether a running container lacks the address its network should give it. A container on a bridge network (its
 * stack network, the default bridge) has one while it runs — except while the daemon has not attached it again,
 * as after a `kill -9` of the daemon (issue 17's restart trials: readers were created with `UPSTREAM=`), or once
 * it was disconnected by hand. `host`, `none` and `container:…` give no address of its own, so none is awaited.
 *
 * @internal
 */
export function awaitsAddress(info: Docker.ContainerInspectInfo): boolean {
  const mode = info.HostConfig?.NetworkMode ?? '';
  return info.State.Running && !info.State.Paused && !NO_ADDRESS_MODES.test(mode);
}

const NO_ADDRESS_MODES = /^(host|none|container:.*)$/;
