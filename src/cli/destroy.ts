import type { RetainedObject } from '../deploy/engine/retention.js';
import { destroyStack } from '../deploy/engine/stack-engine.js';
import { stackTarget } from '../deploy/engine/target.js';
import { StateStore } from '../deploy/state/store.js';
import { showLines, showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { runResultJson } from './format.js';
import { interruptedLine, interruptOnCtrlC } from './interrupt.js';
import { openSession } from './session.js';
import { concurrencyOption, requireStack } from './stack-args.js';
import { nearStackName } from './stack-record.js';

const USAGE = `Usage: heatstack destroy --stack NAME [--delete-volumes] [--concurrency N] [--json]

Deletes the stack's resources, dependents first (independent ones in parallel), then anything else Docker holds
under the stack's labels. Volumes (and any resource whose DeletionPolicy is Retain) are kept and listed: the next
deploy of the stack uses them again; --delete-volumes deletes them too. Ctrl-C stops it: the deletes under way finish, nothing new starts, and the stack stays
DELETE_FAILED with what is left (run destroy again to finish); a second Ctrl-C quits at once.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(
    args,
    {
      stack: { type: 'string', short: 's' },
      'delete-volumes': { type: 'boolean' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stackName = requireStack(values.stack, USAGE);
  const store = new StateStore();
  const target = await stackTarget(store, stackName);
  const { engine, reporter } = openSession({ concurrency: concurrencyOption(values.concurrency), store, target });
  const ctrlC = interruptOnCtrlC('destroy', stackName, reporter);
  let result: Awaited<ReturnType<typeof destroyStack>>;
  try {
    result = await destroyStack(stackName, {
      ...engine,
      ...ctrlC.options,
      deleteRetained: values['delete-volumes'] === true,
    });
  } finally {
    ctrlC.dispose();
    reporter.finish();
  }
  const nearMiss = result.notFound === true ? await nearMissNote(stackName, store) : '';
  if (values.json)
    process.stdout.write(`${JSON.stringify({ ...runResultJson(result), retained: result.retained ?? [] }, null, 2)}\n`);
  if (result.ok) {
    if (!values.json)
      process.stdout.write(
        (result.notFound
          ? `${result.record.statusReason}${nearMiss}\n`
          : `Stack ${stackName}: ${result.record.status}\n`) + retainedLines(result.retained ?? []),
      );
    return 0;
  }
  if (result.interrupted) {
    process.stderr.write(interruptedLine('destroy', stackName, result.record));
    return 1;
  }
  process.stderr.write(
    `heatstack: destroy of stack '${stackName}' failed: ${showLines(result.failure?.reason ?? result.record.statusReason)}\n`,
  );
  return 1;
}

/**
 * Nothing was found under a name near a recorded stack's: perhaps a typo, which leaves the stack meant running, so the
 * line names it. The destroy of nothing still succeeds (destroy twice, or in a script, is no error; and generated
 * names such as a CI run's are often near each other).
 */
async function nearMissNote(stackName: string, store: StateStore): Promise<string> {
  const near = await nearStackName(stackName, store);
  return near === undefined ? '' : `; did you mean '${showText(near)}'? It is recorded in ${store.dir} and still there`;
}

/** What the DeletionPolicy kept, one line each, and how to remove it. */
function retainedLines(retained: readonly RetainedObject[]): string {
  if (retained.length === 0) return '';
  const lines = retained.map((r) => `  kept: ${r.resource} (${r.type ?? 'unknown type'}) ${showText(r.physicalId)}\n`);
  return (
    `${retained.length} object(s) kept by DeletionPolicy Retain (the next deploy of this stack uses them again; ` +
    `destroy --delete-volumes removes them):\n${lines.join('')}`
  );
}
