// The public API of heatstack. Each area adds its exports here.

// SDK core: constructs, tokens, synth.
export * from './constructs/index.js';
// The Docker container handler, its errors, and the stack-wide calls on a daemon (dockerode loads on first use).
export * from './deploy/docker/index.js';
export { createDockerBackend, type DockerBackendOptions } from './deploy/docker-backend.js';
export type { EngineListener } from './deploy/engine/run.js';
export type { Backend, TemplateServices } from './deploy/engine/services.js';
// Deploy: the engine, its plan, state and events (the Docker handler loads dockerode only when used).
export {
  DEFAULT_CONCURRENCY,
  type DeployInput,
  deployStack,
  destroyStack,
  type EngineOptions,
  type PlanInput,
  planStack,
  type RunResult,
  resumeStack,
  type StackPlan,
  stackIdOf,
  suspendStack,
} from './deploy/engine/stack-engine.js';
export { LABELS, type ResourceHandler } from './deploy/handler.js';
export { DeployInputError, loadDeploySource, parameterValues } from './deploy/input.js';
export { configHash } from './deploy/plan/config-hash.js';
export { formatPlan, type Operation, type Plan } from './deploy/plan/plan.js';
export {
  type CurrentStack,
  type DesiredStack,
  type ObservedObject,
  planDeploy,
  planDestroy,
} from './deploy/plan/planner.js';
export { StackLockedError } from './deploy/state/lock.js';
export { HIDDEN_VALUE, type ResourceRecord, type StackRecord } from './deploy/state/record.js';
export { defaultStateDir, StateStore } from './deploy/state/store.js';
export type { Action, StackEvent, Status } from './deploy/status.js';
export { defaultTemplateServices } from './deploy/template-services.js';
export { HeatstackError, UsageError } from './errors.js';
export {
  AppLoadError,
  loadAppFile,
  type StackTemplate,
  type SynthFilesOptions,
  synthesize,
  synthesizeToFiles,
  type WrittenTemplate,
  writeTemplateFile,
} from './synth/index.js';
export { chooseVersion, type EmitOptions, emitTemplate, shapeFor, TemplateEmitError } from './template/emit/index.js';
export {
  conditionHolds,
  type EvaluationContext,
  EvaluationError,
  evaluate,
} from './template/evaluate/index.js';
// Template: the function catalogue, versions, emit (and parse, convert).
export {
  type FunctionLookup,
  hotVersionsWith,
  isFunctionName,
  lookupFunction,
  pseudoParameterFor,
  SPELLINGS,
  type Spelling,
  spellingFor,
} from './template/functions/index.js';
export * from './template/model.js';
export {
  ParameterError,
  type ParameterProblem,
  PSEUDO_PARAMETERS,
  redactHiddenParameters,
  resolveParameters,
} from './template/parameters.js';
export { type ParseOptions, type ParseResult, parseTemplate } from './template/parse/index.js';
export { type ValidateOptions, validateTemplate } from './template/validate/index.js';
export {
  checkResourceProperties,
  normalizeProperties,
  type PropertyProblem,
  PropertyValueError,
} from './template/validate/properties.js';
export * from './template/versions.js';
export * from './tokens/index.js';
