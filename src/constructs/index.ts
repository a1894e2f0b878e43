export { App, type SynthOptions } from './app.js';
export { Condition, type ConditionProps } from './condition.js';
export {
  type MemberDecorator,
  type OutputMemberProps,
  output,
  type ParameterMemberProps,
  parameter,
} from './decorators.js';
export {
  type DeviceMapping,
  DockerContainer,
  type DockerContainerProps,
  type HealthCheck,
  type NetworkAttachment,
  type PortBinding,
  type RestartPolicy,
  type SwarmPlacement,
  type SwarmRollout,
  type VolumeMount,
} from './docker-container.js';
export { DockerImage, type DockerImageProps } from './docker-image.js';
export { DockerNetwork, type DockerNetworkProps } from './docker-network.js';
export { DockerVolume, type DockerVolumeProps } from './docker-volume.js';
export { StackElement } from './element.js';
export { SynthError, type SynthProblem } from './errors.js';
export { HeatResource, type HeatResourceProps } from './heat-resource.js';
export { Mapping, type MappingProps } from './mapping.js';
export { Output, type OutputProps } from './output.js';
export { Parameter, type ParameterProps } from './parameter.js';
export { ParameterGroup, type ParameterGroupProps } from './parameter-group.js';
export { Construct } from './private/constructs-lib.js';
export {
  type CharacterClass,
  type CharacterSequence,
  RandomString,
  type RandomStringProps,
} from './random-string.js';
export { type DeletionPolicy, Resource, type ResourceOptions } from './resource.js';
export { type ResourceDefinition, ResourceGroup, type ResourceGroupProps } from './resource-group.js';
export { Stack, type StackProps } from './stack.js';
