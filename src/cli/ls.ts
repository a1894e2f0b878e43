import { parseVerbArgs } from '../deploy/cli-args.js';
import { formatStackList, summarize } from '../deploy/format.js';
import { StateStore } from '../deploy/state/store.js';

const USAGE = `Usage: heatstack ls [--json]

Lists the recorded stacks with their status, times and resource counts.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const records = await new StateStore().list();
  process.stdout.write(
    values.json ? `${JSON.stringify(records.map(summarize), null, 2)}\n` : `${formatStackList(records)}\n`,
  );
  return 0;
}
