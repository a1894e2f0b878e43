import { HeatstackError } from '../../errors.js';
import { parseParameterValue } from '../../template/parameter-values.js';
import { hiddenHash, stableJson } from '../plan/meaning.js';
import type { PreviousDeploy, StackRecord } from '../state/record.js';
import { deployStack } from './deploy.js';
import type { RunResult } from './inputs.js';
import type { EngineOptions } from './services.js';

/**
 * `heatstack rollback`: a stack returns to the template and parameters of its previous successful deploy, which
 * each deploy that changes them keeps in the record (`previousDeploy`). The return is a deploy like any other (planned
 * against what runs, rolled back itself if it fails), so a second rollback goes forward again.
 */

type DeployedTemplate = Pick<StackRecord, 'template' | 'parameters' | 'hiddenParameterHashes'>;

/**
 * Statuses after which the record's template is one the stack ran successfully, for a record written before
 * `templateSucceeded` existed (it tells exactly: a create that failed and was rolled back, then checked, is not).
 */
const SUCCEEDED: ReadonlySet<string> = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'RESUME_COMPLETE',
  'CHECK_COMPLETE',
  'CHECK_FAILED',
  'ROLLBACK_COMPLETE',
]);

/**
 * What a run starting from `previous` keeps as the deploy to return to: `previous`'s own template and parameters when
 * they ran successfully and the run changes them; else what `previous` kept.
 */
export function previousDeployAfter(
  previous: StackRecord | undefined,
  next: DeployedTemplate,
): PreviousDeploy | undefined {
  if (previous === undefined) return undefined;
  if (sameDeploy(previous, next) || !templateSucceeded(previous)) return previous.previousDeploy;
  return {
    template: previous.template,
    parameters: previous.parameters,
    hiddenParameterHashes: previous.hiddenParameterHashes,
    ...(previous.source !== undefined ? { source: previous.source } : {}),
  };
}

/** Whether a run of `next` deploys what `previous` holds again: the same template and parameters. */
export function sameDeploy(previous: StackRecord, next: DeployedTemplate): boolean {
  return (
    stableJson(previous.template) === stableJson(next.template) &&
    stableJson(previous.parameters) === stableJson(next.parameters) &&
    stableJson(previous.hiddenParameterHashes) === stableJson(next.hiddenParameterHashes)
  );
}

/** Whether the record's template and parameters were once deployed successfully. */
export function templateSucceeded(record: StackRecord): boolean {
  return record.templateSucceeded ?? SUCCEEDED.has(record.status);
}

/**
 * Deploys the stack's previous successful template and parameters again. Its hidden parameters' values are stored only
 * as hashes: each must be given again (`hidden`, as `-P` gives them), and is checked against its hash.
 */
export async function rollbackStack(
  stackName: string,
  hidden: Readonly<Record<string, string>>,
  options: EngineOptions,
): Promise<RunResult> {
  const record = await options.store.load(stackName);
  if (record === undefined) throw new HeatstackError(`no stack named '${stackName}' (see \`heatstack ls\`)`);
  const target = record.previousDeploy;
  if (target === undefined)
    throw new HeatstackError(
      `stack ${stackName} has no previous deploy to return to: it has run one template and parameters only`,
    );
  const parameters: Record<string, unknown> = { ...target.parameters };
  for (const [name, hash] of Object.entries(target.hiddenParameterHashes)) {
    const given = hidden[name];
    const again = `give it again: -P ${name}=…`;
    if (given === undefined)
      throw new HeatstackError(`the previous value of hidden parameter ${name} is stored only as a hash: ${again}`);
    const parsed = parseParameterValue(target.template.parameters[name]?.type ?? 'string', given);
    if ('error' in parsed || hiddenHash(record.id, parsed.value) !== hash)
      throw new HeatstackError(`-P ${name}: not the value the previous deploy had (its hash differs); ${again}`);
    parameters[name] = parsed.value;
  }
  return deployStack(
    {
      stackName,
      stackId: record.id,
      template: target.template,
      parameters,
      hiddenParameters: new Set(Object.keys(target.hiddenParameterHashes)),
      ...(target.source !== undefined ? { source: target.source } : {}),
    },
    options,
  );
}
