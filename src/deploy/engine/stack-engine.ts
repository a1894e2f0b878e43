// The engine's entry points, one concern per module: deploy (`deploy.ts`: converge in `converge.ts`, undo in
// `rollback.ts`), destroy, suspend and resume (`lifecycle.ts`), and what they share — the record a run starts from
// (`stack-record.ts`), what the backend holds (`observation.ts`) and the outputs (`outputs.ts`).

export { hiddenHash } from '../plan/meaning.js';
export { type CheckResult, checkStack, type ResourceCheck } from './check.js';
export { deployStack, planStack } from './deploy.js';
export type { DeployInput, PlanInput, RunResult, StackPlan } from './inputs.js';
export { destroyStack, resumeStack, suspendStack } from './lifecycle.js';
export { DEFAULT_CONCURRENCY, type EngineOptions } from './services.js';
export { stackIdOf } from './stack-record.js';
