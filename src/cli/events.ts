import { MAX_EVENTS_PER_STACK } from '../deploy/state/event-log.js';
import { parseVerbArgs } from './args.js';
import { formatEvents } from './format.js';
import { requireStack } from './stack-args.js';
import { loadRecordOrFail } from './stack-record.js';

const USAGE = `Usage: heatstack events --stack NAME [--json]

Shows every state transition of the stack and its resources, oldest first (a stack keeps its last
${MAX_EVENTS_PER_STACK}, as Heat does).`;

function purgedNote(purged: number | undefined): string {
  return purged ? `(${purged} older events purged: a stack keeps its last ${MAX_EVENTS_PER_STACK})\n` : '';
}

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
      : `${purgedNote(record.eventsPurged)}${formatEvents(record.name, record.events, record.template)}\n`,
  );
  return 0;
}
