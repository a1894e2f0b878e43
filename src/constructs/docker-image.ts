import type { Construct } from 'constructs';
import { DOCKER_IMAGE_TYPE } from '../template/resource-types/docker-image.js';
import type { ResourceOptions } from './resource.js';
import { TypedResource } from './typed-resource.js';

/** The properties of a Docker image built by the deploy (`Heatstack::Docker::Image`). */
export interface DockerImageProps {
  /**
   * The build context: a directory, relative to the app (or template) file deployed. Its files, `.dockerignore`
   * respected, are hashed before each deploy: an unchanged context is not built again.
   */
  readonly context: string;
  /** The Dockerfile, relative to the context. @default 'Dockerfile' */
  readonly dockerfile?: string;
  /** Values of the Dockerfile's `ARG`s. @default - none */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The stage of a multi-stage Dockerfile to build. @default - the last */
  readonly target?: string;
  /** Labels of the image, besides heatstack's own. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The network the Dockerfile's `RUN` steps use: `none`, `host`, or a network's name. @default - Docker's bridge */
  readonly network?: string;
  /** The Docker daemon to build on; the containers using the image must run there too. @default - the local one */
  readonly dockerEndpoint?: string;
}

/**
 * A Docker image built from a local directory at deploy. A container uses it by reference (`image: web.ref`), and is
 * replaced when the image is: when the context's files or the build's settings change.
 */
export class DockerImage extends TypedResource<DockerImageProps> {
  constructor(scope: Construct, id: string, props: DockerImageProps, options?: ResourceOptions) {
    super(scope, id, DOCKER_IMAGE_TYPE, props, options);
  }

  /** Its tag, `heatstack/<stack>-<id>:<content hash>` (the same as `ref`): what a container's `image` takes. A token. */
  get tag(): string {
    return this.attribute('tag');
  }
  /** The built image's id (`sha256:…`). A token. */
  get imageId(): string {
    return this.attribute('image_id');
  }
}
