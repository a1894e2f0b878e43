import type { Construct } from 'constructs';
import { DOCKER_VOLUME_TYPE } from '../template/resource-types/docker-volume.js';
import type { ResourceOptions } from './resource.js';
import { TypedResource } from './typed-resource.js';

/** What every Docker object construct of heatstack's own takes (`dockerObjectProperties` in the schemas). */
export interface DockerObjectProps {
  /** Its name. @default - `<stack>-<logical id>-<6 hex digits>` */
  readonly name?: string;
  /** Options of the driver. @default - none */
  readonly driverOpts?: Readonly<Record<string, string>>;
  /** Its labels, besides heatstack's own. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The Docker daemon. @default - the local one */
  readonly dockerEndpoint?: string;
}

export interface DockerVolumeProps extends DockerObjectProps {
  /** The volume driver (its options: `driverOpts`, such as `{ type: 'tmpfs', device: 'tmpfs' }`). @default 'local' */
  readonly driver?: string;
}

/**
 * A named Docker volume (`Heatstack::Docker::Volume`). A container mounts it by reference: `volumes: [{ volume:
 * data.ref, path: '/var/lib/mysql' }]`. Its deletion policy is `Retain` unless set: destroy and a replace keep it and
 * its data, and the stack's next deploy uses it again (`deletionPolicy: 'Delete'` in the options, or `heatstack
 * destroy --delete-volumes`, removes it).
 */
export class DockerVolume extends TypedResource<DockerVolumeProps> {
  constructor(scope: Construct, id: string, props: DockerVolumeProps = {}, options?: ResourceOptions) {
    super(scope, id, DOCKER_VOLUME_TYPE, props, options);
  }
  /** Its name, as Docker knows it (also `ref`). A token. */
  get volumeName(): string {
    return this.attribute('name');
  }
  /** Where it is on the daemon's host. A token. */
  get mountpoint(): string {
    return this.attribute('mountpoint');
  }
}
