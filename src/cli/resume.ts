import { resumeStack } from '../deploy/engine/stack-engine.js';
import { runStackAction } from './stack-action.js';

export function run(args: string[]): Promise<number> {
  return runStackAction(
    'resume',
    resumeStack,
    "Starts a suspended stack's containers again, dependencies first. Ctrl-C stops it: the starts under way\n" +
      'finish, nothing new starts, and the stack is RESUME_FAILED saying how far it got.',
    args,
  );
}
