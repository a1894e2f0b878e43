import { randomBytes, randomUUID } from 'node:crypto';
import { emptyTemplate } from '../../template/model.js';
import { hiddenHash } from '../plan/meaning.js';
import { HIDDEN_VALUE, type StackRecord } from '../state/record.js';
import type { StateStore } from '../state/store.js';
import type { PlanInput } from './inputs.js';
import { previousDeployAfter, sameDeploy, templateSucceeded } from './previous-deploy.js';
import { now } from './run.js';

/** A stack's record as a run starts it: a new one, or the previous one with this run's template and parameters. */

/** The id of a recorded stack, or a new one. */
export async function stackIdOf(store: StateStore, stackName: string): Promise<string> {
  return (await store.load(stackName))?.id ?? randomUUID();
}

export function freshRecord(input: PlanInput, previous: StackRecord | undefined): StackRecord {
  const parameters: Record<string, unknown> = {};
  const hiddenParameterHashes: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.parameters)) {
    if (input.hiddenParameters.has(name)) {
      parameters[name] = HIDDEN_VALUE;
      hiddenParameterHashes[name] = hiddenHash(input.stackId, value);
    } else {
      parameters[name] = value;
    }
  }
  const base = previous ?? emptyRecord(input.stackName, input.stackId);
  const hashSalt = base.hashSalt ?? randomBytes(32).toString('hex');
  const next = { template: input.template, parameters, hiddenParameterHashes };
  return {
    ...base,
    previousDeploy: previousDeployAfter(previous, next),
    // A new template has not succeeded until this run completes (`deploy.ts`); the same one again keeps its past.
    templateSucceeded: previous !== undefined && sameDeploy(previous, next) && templateSucceeded(previous),
    template: input.template,
    source: input.source,
    parameters,
    hiddenParameterHashes,
    hashSalt,
    // A copy: a rollback compares the resources the run changed with what the previous deploy had. Each record is
    // copied on its own: a run replaces their fields, never changes them in place, and `properties` holds `Call`s
    // (which structuredClone would turn into plain objects).
    resources: Object.fromEntries(Object.entries(base.resources).map(([name, rec]) => [name, { ...rec }])),
    outputs: {},
  };
}

export function emptyRecord(name: string, id: string = randomUUID()): StackRecord {
  const time = now();
  return {
    format: 1,
    name,
    id,
    status: 'CREATE_IN_PROGRESS',
    statusReason: '',
    createdAt: time,
    updatedAt: time,
    template: emptyTemplate(),
    parameters: {},
    hiddenParameterHashes: {},
    resources: {},
    outputs: {},
    events: [],
  };
}
