import { requireStack } from '../deploy/cli-args.js';
import type { resumeStack } from '../deploy/engine/stack-engine.js';
import { runResultJson } from '../deploy/format.js';
import { openSession } from '../deploy/session.js';
import { parseVerbArgs } from './args.js';
import { interruptedLine, interruptOnCtrlC } from './interrupt.js';

type StackAction = typeof resumeStack;

/** `suspend` and `resume`: the same verb shape around a different engine action. */
export async function runStackAction(
  verb: string,
  action: StackAction,
  summary: string,
  args: string[],
): Promise<number> {
  const usage = `Usage: heatstack ${verb} --stack NAME [--json]\n\n${summary}`;
  const { values } = parseVerbArgs(args, { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const stackName = requireStack(values.stack, usage);
  const { engine, reporter } = openSession();
  const ctrlC = interruptOnCtrlC(verb, stackName);
  let result: Awaited<ReturnType<StackAction>>;
  try {
    result = await action(stackName, { ...engine, ...ctrlC.options });
  } finally {
    ctrlC.dispose();
    reporter.finish();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(runResultJson(result), null, 2)}\n`);
  else if (result.ok) process.stdout.write(`Stack ${stackName}: ${result.record.status}\n`);
  if (result.interrupted) process.stderr.write(interruptedLine(verb, stackName, result.record));
  else if (!result.ok) {
    const reason = result.failure?.reason ?? result.record.statusReason;
    process.stderr.write(`heatstack: ${verb} of stack '${stackName}' failed: ${reason}\n`);
  }
  return result.ok ? 0 : 1;
}
