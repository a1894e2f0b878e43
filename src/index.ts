// `heatstack`: what a stack author uses — the construct tree, the constructs, parameters and outputs, tokens and
// errors. The template tools are `heatstack/template`, the engine `heatstack/deploy`, the testing helpers
// `heatstack/testing`, and the typed classes of Heat's own types `heatstack/openstack/*`.

export {
  App,
  Condition,
  type ConditionProps,
  Construct,
  type DeletionPolicy,
  type DeviceMapping,
  DockerContainer,
  type DockerContainerProps,
  HeatResource,
  type HeatResourceProps,
  Mapping,
  type MappingProps,
  Output,
  type OutputProps,
  Parameter,
  type ParameterProps,
  type PortBinding,
  Resource,
  type ResourceOptions,
  type RestartPolicy,
  Stack,
  StackElement,
  type StackProps,
  SynthError,
  type SynthOptions,
  type SynthProblem,
} from './constructs/index.js';
export { HeatstackError, UsageError } from './errors.js';
export {
  Fn,
  Intrinsic,
  type IResolvable,
  isResolvable,
  Lazy,
  type LazyOptions,
  type LazyProducer,
  Pseudo,
  Resolvable,
  type ResolveContext,
  Token,
  TokenError,
} from './tokens/index.js';
