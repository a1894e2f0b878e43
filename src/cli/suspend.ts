import { suspendStack } from '../deploy/engine/stack-engine.js';
import { runStackAction } from './stack-action.js';

export function run(args: string[]): Promise<number> {
  return runStackAction(
    'suspend',
    suspendStack,
    "Stops the stack's containers: dependents before what they depend on, independent ones in parallel. Ctrl-C stops\n" +
      'it: the stops under way finish, nothing new starts, and the stack is SUSPEND_FAILED saying how far it got.',
    args,
    true,
  );
}
