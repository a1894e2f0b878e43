import { parseVerbArgs } from './args.js';
import { formatEvents } from './format.js';
import { requireStack } from './stack-args.js';
import { loadRecordOrFail } from './stack-record.js';

const USAGE = `Usage: heatstack events --stack NAME [--json]

Shows every state transition of the stack and its resources, oldest first.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const record = await loadRecordOrFail(requireStack(values.stack, USAGE));
  process.stdout.write(
    values.json
      ? `${JSON.stringify(record.events, null, 2)}\n`
      : `${formatEvents(record.name, record.events, record.template)}\n`,
  );
  return 0;
}
