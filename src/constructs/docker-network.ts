import type { Construct } from 'constructs';
import { DOCKER_NETWORK_TYPE } from '../template/resource-types/docker-network.js';
import type { DockerObjectProps } from './docker-volume.js';
import type { ResourceOptions } from './resource.js';
import { TypedResource } from './typed-resource.js';

export interface DockerNetworkProps extends DockerObjectProps {
  /** The network driver. @default 'bridge' */
  readonly driver?: string;
  /** Cut it off from the outside world. @default false */
  readonly internal?: boolean;
  /** Its subnet in CIDR form (`10.20.0.0/24`). @default - one Docker picks */
  readonly subnet?: string;
  /** Its gateway address, inside `subnet`. @default - Docker's choice */
  readonly gateway?: string;
}

/**
 * A user-defined Docker network (`Heatstack::Docker::Network`). Containers join it by reference, besides their
 * stack's own network: `networks: [{ network: back.ref, aliases: ['db'] }]`.
 */
export class DockerNetwork extends TypedResource<DockerNetworkProps> {
  constructor(scope: Construct, id: string, props: DockerNetworkProps = {}, options?: ResourceOptions) {
    super(scope, id, DOCKER_NETWORK_TYPE, props, options);
  }
  /** Its name. A token. */
  get networkName(): string {
    return this.attribute('name');
  }
  /** Its subnet (CIDR). A token. */
  get subnet(): string {
    return this.attribute('subnet');
  }
  /** Its gateway address. A token. */
  get gateway(): string {
    return this.attribute('gateway');
  }
}
