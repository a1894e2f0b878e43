import { parseVerbArgs, requireStack } from '../deploy/cli-args.js';
import { suspendStack } from '../deploy/engine/stack-engine.js';
import { runResultJson } from '../deploy/format.js';
import { openSession } from '../deploy/session.js';

const USAGE = `Usage: heatstack suspend --stack NAME [--json]

Stops the stack's containers, dependents first.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stackName = requireStack(values.stack, USAGE);
  const { engine, reporter } = openSession();
  let result: Awaited<ReturnType<typeof suspendStack>>;
  try {
    result = await suspendStack(stackName, engine);
  } finally {
    reporter.finish();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(runResultJson(result), null, 2)}\n`);
  else if (result.ok) process.stdout.write(`Stack ${stackName}: ${result.record.status}\n`);
  if (!result.ok)
    process.stderr.write(
      `heatstack: suspend of stack '${stackName}' failed: ${result.failure?.reason ?? result.record.statusReason}\n`,
    );
  return result.ok ? 0 : 1;
}
