import { rollbackStack } from '../deploy/engine/previous-deploy.js';
import { parameterValues } from '../deploy/input.js';
import { showLines } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { formatOutputs, runResultJson } from './format.js';
import { interruptedLine, interruptOnCtrlC } from './interrupt.js';
import { openSession } from './session.js';
import { requireStack } from './stack-args.js';

const USAGE = `Usage: heatstack rollback --stack NAME [-P HIDDEN=VALUE …] [--json]

Returns the stack to the template and parameters of its previous successful deploy (the one before the last deploy
that changed them), as a deploy of that input: planned against what runs (only what differs changes), rolled back
itself if it fails. A second rollback goes forward again. A hidden parameter's previous value is stored only as a
hash: give it again with -P (it is checked against the hash). Ctrl-C interrupts it as it interrupts a deploy.

Options:
  -s, --stack NAME           the stack (required)
  -P, --parameter KEY=VALUE  the previous value of a hidden parameter (repeatable)
      --json                 print the result as JSON`;

const OPTIONS = {
  stack: { type: 'string', short: 's' },
  parameter: { type: 'string', short: 'P', multiple: true },
  json: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stackName = requireStack(values.stack, USAGE);
  const hidden = await parameterValues(values.parameter ?? []);
  const { engine, reporter } = openSession();
  const ctrlC = interruptOnCtrlC('rollback', stackName, reporter);
  let result: Awaited<ReturnType<typeof rollbackStack>>;
  try {
    result = await rollbackStack(stackName, hidden, { ...engine, ...ctrlC.options });
  } finally {
    ctrlC.dispose();
    reporter.finish();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(runResultJson(result), null, 2)}\n`);
  else if (result.ok)
    process.stdout.write(`\nStack ${stackName}: ${result.record.status}\n${formatOutputs(result.record.outputs)}\n`);
  if (result.interrupted) process.stderr.write(interruptedLine('rollback', stackName, result.record));
  else if (!result.ok)
    process.stderr.write(
      `heatstack: rollback of stack '${stackName}' failed: ${showLines(result.failure?.reason ?? result.record.statusReason)}\n`,
    );
  return result.ok ? 0 : 1;
}
