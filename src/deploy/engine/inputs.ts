import type { Template } from '../../template/model.js';
import type { Plan } from '../plan/plan.js';
import type { StackRecord } from '../state/record.js';
import type { Action } from '../status.js';
import type { RetainedObject } from './retention.js';

/** What a run of the engine is given and gives back. */

export interface DeployInput {
  readonly stackName: string;
  /** The id the parameters were resolved with (`OS::stack_id`); `stackIdOf` gives an existing stack's. */
  readonly stackId: string;
  readonly template: Template;
  /** Resolved values of every parameter. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Names of the parameters whose values must never be written. */
  readonly hiddenParameters: ReadonlySet<string>;
  readonly source?: string;
  /** Remove what a failed deploy created (default true). */
  readonly rollback?: boolean;
}

/** How a run ended. `failure` names the resource that failed first and why. */
export interface RunResult {
  readonly ok: boolean;
  readonly record: StackRecord;
  readonly failure?: { readonly resource?: string; readonly reason: string };
  /** Destroy only: the stack was neither recorded nor held by the backend (nothing was done). */
  readonly notFound?: boolean;
  /** The run was interrupted (Ctrl-C); `record.status` says where the stack ended. */
  readonly interrupted?: boolean;
  /** Destroy only: what is left under the stack's labels by its DeletionPolicy (`Retain`), for the next deploy. */
  readonly retained?: readonly RetainedObject[];
  /** Deploy only: nothing differed from the last deploy (no operation ran, the outputs were kept). */
  readonly unchanged?: boolean;
}

/** What `planStack` needs: a deploy's input without what only matters while it runs. */
export type PlanInput = Pick<
  DeployInput,
  'stackName' | 'stackId' | 'template' | 'parameters' | 'hiddenParameters' | 'source'
>;

export type DeployAction = Extract<Action, 'CREATE' | 'UPDATE'>;

/** What an input is read and checked for: a deploy, or a preview of one (`heatstack diff`), whose messages say so. */
export type InputPurpose = 'deploy' | 'preview';

/** What a deploy would do now. */
export interface StackPlan {
  readonly plan: Plan;
  /** `CREATE` when nothing of the stack exists yet, else `UPDATE`. */
  readonly action: DeployAction;
  /** A run that is working on the stack right now (a deploy would be refused until it ends; the plan may go stale). */
  readonly busy?: { readonly pid: number; readonly action: string; readonly startedAt: string };
}
