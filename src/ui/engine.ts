/**
 * Everything the dashboard takes from the engine and the template tools, in one place: the dashboard calls the
 * engine in process, through the same functions the CLI verbs call (so a deploy from the page is the deploy
 * `heatstack deploy` runs: the same checks, the same lock, the same record).
 */

export { diffSummary, formatDiff } from '../cli/diff.js';
export { type StackSummary, summarize, type UnreadableSummary } from '../cli/format.js';
export {
  createDockerBackend,
  DEFAULT_CONCURRENCY,
  DeployInputError,
  defaultTemplateServices,
  deployStack,
  destroyStack,
  type EngineOptions,
  HIDDEN_VALUE,
  type PlanInput,
  planStack,
  type RunResult,
  resumeStack,
  type StackEvent,
  StackLockedError,
  type StackRecord,
  StateStore,
  type Status,
  suspendStack,
} from '../deploy/index.js';
export { checkStackName, type DeploySource, parseFile, readStackInput, type StackInput } from '../deploy/input.js';
export { eventCount, firstEventNumber } from '../deploy/state/event-log.js';
export { isAlive } from '../deploy/state/lock.js';
export type { PendingRun } from '../deploy/state/record.js';
export { progressOf } from '../deploy/status.js';
export { HeatstackError, UsageError } from '../errors.js';
export { templateSvg } from '../graph/index.js';
export { readGraphSource } from '../graph/source.js';
export {
  emitTemplate,
  type ParameterConstraint,
  type ParameterDef,
  ParameterError,
  type ParameterGroup,
  type Template,
} from '../template/index.js';
export { checkParameterValue, unknownParameterMessage } from '../template/parameter-values.js';
