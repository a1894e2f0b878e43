import type { resumeStack } from '../deploy/engine/stack-engine.js';
import { stackTarget } from '../deploy/engine/target.js';
import { StateStore } from '../deploy/state/store.js';
import { showLines } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { runResultJson } from './format.js';
import { interruptedLine, interruptOnCtrlC } from './interrupt.js';
import { openSession } from './session.js';
import { requireStack, stopTimeoutOption } from './stack-args.js';

type StackAction = typeof resumeStack;

const OPTIONS = {
  stack: { type: 'string', short: 's' },
  'stop-timeout': { type: 'string' },
  json: { type: 'boolean' },
} as const;
const { 'stop-timeout': _stopTimeout, ...WITHOUT_STOP_TIMEOUT } = OPTIONS;

/** What `--stop-timeout` means, for the verbs that stop containers. */
const STOP_TIMEOUT_HELP = `Options:
  -s, --stack NAME              the stack (required)
      --stop-timeout SECONDS    how long each container gets to stop after SIGTERM before it is killed (as
                                \`docker compose stop -t\`); default its own stop_timeout, else Docker's 10
      --json                    print the result as JSON`;

/** `suspend` and `resume`: the same verb shape around a different engine action; `stops` takes `--stop-timeout`. */
export async function runStackAction(
  verb: string,
  action: StackAction,
  summary: string,
  args: string[],
  stops = false,
): Promise<number> {
  const usage = stops
    ? `Usage: heatstack ${verb} --stack NAME [--stop-timeout SECONDS] [--json]\n\n${summary}\n\n${STOP_TIMEOUT_HELP}`
    : `Usage: heatstack ${verb} --stack NAME [--json]\n\n${summary}`;
  const { values } = parseVerbArgs(args, stops ? OPTIONS : WITHOUT_STOP_TIMEOUT, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const stopTimeoutSeconds = stopTimeoutOption('stop-timeout' in values ? values['stop-timeout'] : undefined);
  const stackName = requireStack(values.stack, usage);
  const store = new StateStore();
  const target = await stackTarget(store, stackName);
  const { engine, reporter } = openSession({ stopTimeoutSeconds, store, target });
  const ctrlC = interruptOnCtrlC(verb, stackName, reporter);
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
    process.stderr.write(`heatstack: ${verb} of stack '${stackName}' failed: ${showLines(reason)}\n`);
  }
  return result.ok ? 0 : 1;
}
