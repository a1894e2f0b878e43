import { HeatstackError } from '../../errors.js';
import type { Template } from '../../template/model.js';
import type { DeployTarget } from '../../template/resource-types/type-module.js';
import type { StackRecord } from '../state/record.js';
import type { StateStore } from '../state/store.js';
import type { Backend } from './services.js';

/**
 * A stack's deploy target (`docs/swarm.md`): chosen when the stack is created (`deploy --target`, default plain
 * Docker) and kept in its record, so every later verb works on the same kind of object. A stack holding resources
 * does not change target: it is destroyed first.
 */

/** The target a record says its stack lives on, if it holds anything. */
function recordedTarget(record: StackRecord | undefined): DeployTarget | undefined {
  if (record === undefined || !Object.values(record.resources).some((r) => r.physicalId !== undefined))
    return undefined;
  return record.target ?? 'docker';
}

function mismatch(name: string, recorded: DeployTarget, requested: DeployTarget, askedBy?: string): HeatstackError {
  return new HeatstackError(
    `stack ${name} is deployed to ${recorded}, not ${requested}${askedBy ? ` (${askedBy})` : ''}: destroy it first (\`heatstack destroy --stack ${name}\`) to deploy it to ${requested}`,
  );
}

/**
 * The target a verb runs the stack with: its record's, else the one asked for, else plain Docker. A damaged record
 * is left for the verb to report (or, for destroy, to set aside) as it does on any target. `askedBy` names where
 * the request came from when not `--target` (a `heatstack.json` setting), for the message.
 */
export async function stackTarget(
  store: StateStore,
  stackName: string,
  requested?: DeployTarget,
  askedBy?: string,
): Promise<DeployTarget> {
  const recorded = recordedTarget((await store.loadOrDamage(stackName)).record);
  if (recorded !== undefined && requested !== undefined && requested !== recorded)
    throw mismatch(stackName, recorded, requested, askedBy);
  return recorded ?? requested ?? 'docker';
}

/** A template with properties the target cannot deploy is refused, naming each, before anything is touched. */
export function refuseForTarget(template: Template, backend: Backend): void {
  const problems = backend.refusals?.(template) ?? [];
  if (problems.length === 0) return;
  const where = backend.target === 'swarm' ? 'to a Swarm' : 'to plain Docker';
  throw new HeatstackError(
    `this template cannot be deployed ${where}:${problems.length === 1 ? ` ${problems[0]}` : `\n  ${problems.join('\n  ')}`}`,
  );
}

/** A deploy keeps the backend's target in the record it starts; one holding resources elsewhere is refused. */
export function recordTarget(record: StackRecord, previous: StackRecord | undefined, backend: Backend): void {
  const target = backend.target ?? 'docker';
  const recorded = recordedTarget(previous);
  if (recorded !== undefined && recorded !== target) throw mismatch(record.name, recorded, target);
  if (target === 'docker') delete record.target;
  else record.target = target;
}
