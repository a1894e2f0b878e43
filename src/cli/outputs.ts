import { stringifyJsonExactly } from '../template/parse/json-numbers.js';
import { parseVerbArgs } from './args.js';
import { formatOutputs, interruptedRun } from './format.js';
import { requireStack } from './stack-args.js';
import { loadRecordOrFail } from './stack-record.js';

const USAGE = `Usage: heatstack outputs --stack NAME [--json]

Shows the stack's outputs as computed by its last deploy (an output that could not be computed shows its error).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const record = await loadRecordOrFail(requireStack(values.stack, USAGE));
  const interrupted = interruptedRun(record);
  if (interrupted !== undefined) process.stderr.write(`Stack ${record.name}: ${record.status} (${interrupted})\n`);
  process.stdout.write(
    values.json ? `${stringifyJsonExactly(record.outputs, undefined, 2)}\n` : `${formatOutputs(record.outputs)}\n`,
  );
  return 0;
}
