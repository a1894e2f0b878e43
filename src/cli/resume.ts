import { resumeStack } from '../deploy/engine/stack-engine.js';
import { runStackAction } from './stack-action.js';

export function run(args: string[]): Promise<number> {
  return runStackAction(
    'resume',
    resumeStack,
    "Starts a suspended stack's containers again, dependencies first.",
    args,
  );
}
