export { App, type SynthOptions } from './app.js';
export {
  type DeviceMapping,
  DockerContainer,
  type DockerContainerProps,
  type PortBinding,
  type RestartPolicy,
} from './docker-container.js';
export { StackElement } from './element.js';
export { SynthError, type SynthProblem } from './errors.js';
export { type DeletionPolicy, HeatResource, type HeatResourceProps, type ResourceOptions } from './heat-resource.js';
export { Output, type OutputProps } from './output.js';
export { Parameter, type ParameterProps } from './parameter.js';
export { Construct } from './private/constructs-lib.js';
export { Resource } from './resource.js';
export { Stack, type StackProps } from './stack.js';
