// `heatstack/deploy`: the engine (deploy, destroy, suspend, resume, and the preview `diff` prints), its backend and
// handlers, state and events, and the Docker handler's stack-wide calls (dockerode loads on first use). The
// planner's internals, the label names and the configuration hashing are internal.

export { createBackend } from './backend.js';
export * from './docker/index.js';
export { createDockerBackend, type DockerBackendOptions } from './docker-backend.js';
export type { EngineListener } from './engine/run.js';
export type { Backend, EvaluationContext, Observation, TemplateServices } from './engine/services.js';
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
} from './engine/stack-engine.js';
export {
  type CreateRequest,
  type ExistingResource,
  type HandlerOptions,
  InterruptedError,
  type Locator,
  type ResourceHandler,
  type StackIdentity,
  type StackOwner,
} from './handler.js';
export { DeployInputError, loadDeploySource, parameterValues } from './input.js';
export { formatPlan, type Operation, type Plan } from './plan/plan.js';
export { StackLockedError } from './state/lock.js';
export { HIDDEN_VALUE, type ResourceRecord, type StackRecord } from './state/record.js';
export { defaultStateDir, StateStore } from './state/store.js';
export type { Action, StackEvent, Status } from './status.js';
export { defaultTemplateServices } from './template-services.js';
