import { formatStackList, summarizeFile } from '../deploy/format.js';
import { StateStore } from '../deploy/state/store.js';
import { parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack ls [--json]

Lists the recorded stacks with their status, times and resource counts.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, { json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const files = await new StateStore().scan();
  process.stdout.write(
    values.json ? `${JSON.stringify(files.map(summarizeFile), null, 2)}\n` : `${formatStackList(files)}\n`,
  );
  return 0;
}
