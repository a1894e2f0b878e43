import { concurrencyOption, pullOption, requireStack } from '../deploy/cli-args.js';
import { deployStack } from '../deploy/engine/stack-engine.js';
import { formatOutputs, runResultJson } from '../deploy/format.js';
import { readStackInput, STACK_INPUT_OPTIONS } from '../deploy/input.js';
import { openSession } from '../deploy/session.js';
import { StateStore } from '../deploy/state/store.js';
import { UsageError } from '../errors.js';
import { parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack deploy APP.ts|TEMPLATE.yaml --stack NAME [options]

Creates the stack, or updates it to the template: changed containers are replaced, new ones created, removed ones
deleted, unchanged ones left running.

Options:
  -s, --stack NAME           the stack (required)
  -P, --parameter KEY=VALUE  a parameter value (repeatable)
      --parameter-file FILE  parameter values, YAML or JSON (a map, or an environment file's \`parameters:\`)
      --no-rollback          keep what a failed deploy created, for debugging
      --concurrency N        resources created at once (default 10)
      --pull POLICY          missing (default), always or never
      --json                 print the result as JSON`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      ...STACK_INPUT_OPTIONS,
      'no-rollback': { type: 'boolean' },
      concurrency: { type: 'string' },
      pull: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
    true,
  );
  if (values.help) return help();
  if (positionals.length !== 1) throw new UsageError(`give one app or template file to deploy\n\n${USAGE}`);
  const file = positionals[0] as string;
  const stackName = requireStack(values.stack, USAGE);
  const concurrency = concurrencyOption(values.concurrency);
  const pullPolicy = pullOption(values.pull);

  // Everything is read, validated and resolved before anything is touched.
  const store = new StateStore();
  const { source, stackId, parameters } = await readStackInput(file, stackName, values, store);
  const { engine, reporter } = openSession({ pullPolicy, concurrency, store });

  const interrupt = interruptOnCtrlC();
  let result: Awaited<ReturnType<typeof deployStack>>;
  try {
    result = await deployStack(
      {
        stackName,
        stackId,
        template: source.template,
        parameters,
        hiddenParameters: source.hiddenParameters,
        source: file,
        rollback: !values['no-rollback'],
      },
      { ...engine, signal: interrupt.signal },
    );
  } finally {
    interrupt.dispose();
    reporter.finish();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(runResultJson(result), null, 2)}\n`);
  if (result.ok) {
    if (!values.json)
      process.stdout.write(`\nStack ${stackName}: ${result.record.status}\n${formatOutputs(result.record.outputs)}\n`);
    return 0;
  }
  process.stderr.write(
    `\nheatstack: deploy of stack '${stackName}' failed: ${result.failure?.reason ?? result.record.statusReason}\n`,
  );
  process.stderr.write(
    `Stack ${stackName}: ${result.record.status}${values['no-rollback'] ? ' (kept for debugging: --no-rollback)' : ''}\n`,
  );
  return 1;
}

/** The first Ctrl-C stops the deploy and lets it roll back; a second one exits at once (the next run recovers). */
function interruptOnCtrlC(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const second = (): void => process.exit(130);
  const first = (): void => {
    process.stderr.write('\nInterrupted: stopping and rolling back (Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', second);
  };
  process.once('SIGINT', first);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', first);
      process.off('SIGINT', second);
    },
  };
}

function help(): number {
  process.stdout.write(`${USAGE}\n`);
  return 0;
}
