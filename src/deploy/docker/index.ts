// The Docker container resource handler (`OS::Heat::Docker`, `DockerInc::Docker::Container`) and its helpers.
// Importing this module does not load dockerode: the client is imported on first use.

export { type DockerEndpoint, DockerEndpointError, parseEndpoint } from './connection.js';
export {
  createDockerContainerHandler,
  type DockerContainerHandler,
  type DockerContainerHandlerOptions,
} from './container-handler.js';
export { DEFAULT_HOST_IP, DockerPropertyError } from './container-spec.js';
export { DockerResourceError, DockerUnreachableError } from './errors.js';
export { DockerImageError, type PullPolicy } from './image.js';
export { stackNetworkName } from './network.js';
export {
  findStackObjects,
  type RemovedStackObjects,
  type RemoveStackObjectsOptions,
  removeStackObjects,
  type StackContainer,
  type StackObject,
  type StackObjects,
} from './stack-objects.js';
