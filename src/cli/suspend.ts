import { suspendStack } from '../deploy/engine/stack-engine.js';
import { runStackAction } from './stack-action.js';

export function run(args: string[]): Promise<number> {
  return runStackAction('suspend', suspendStack, "Stops the stack's containers, dependents first.", args);
}
