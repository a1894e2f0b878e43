import { deployStack } from '../deploy/engine/deploy.js';
import { stackTarget } from '../deploy/engine/target.js';
import { readStackInput, STACK_INPUT_OPTIONS } from '../deploy/input.js';
import type { StackRecord } from '../deploy/state/record.js';
import { StateStore } from '../deploy/state/store.js';
import { stringifyJsonExactly } from '../template/parse/json-numbers.js';
import { showLines } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { formatOutputs, runResultJson } from './format.js';
import { interruptOnCtrlC } from './interrupt.js';
import { openSession } from './session.js';
import {
  concurrencyOption,
  inputFile,
  pullOption,
  type RequestedTarget,
  requestedTarget,
  requireStack,
} from './stack-args.js';

const USAGE = `Usage: heatstack deploy [APP.ts|TEMPLATE.yaml] --stack NAME [options]

Creates the stack, or updates it to the template: changed containers are replaced, new ones created, removed ones
deleted, unchanged ones left running. A failed deploy rolls back: a new stack to nothing, an update to the previous
template. Ctrl-C stops it the same way: nothing new starts and it rolls back completely; a second Ctrl-C quits at
once (the next run recovers).

The file defaults to the "app" of heatstack.json in this folder or above.

Options:
  -s, --stack NAME           the stack (required)
  -P, --parameter KEY=VALUE  a parameter value (repeatable)
      --parameter-file FILE  parameter values, YAML or JSON (a map, or an environment file's \`parameters:\`)
      --existing             reuse the last deploy's value of each parameter not given (a hidden one must be given again)
      --no-rollback          keep what a failed (or interrupted) deploy created, for debugging
      --concurrency N        resources created, replaced or deleted at once (default 10; in-place updates: 50)
      --pull POLICY          missing (default), always or never
      --target TARGET        docker (default): containers on Docker daemons; swarm: each container a Swarm service
                             (docs/swarm.md). Kept in the stack's record: later verbs use the stack's own target.
                             Without it, heatstack.json's "stacks": {NAME: {"target"}}, else its "target", is used
      --json                 print the result as JSON
      --watch                deploy again each time the app or a file it imports is saved: only what changed is
                             touched; a save that does not synthesize is reported and changes nothing (Ctrl-C stops)`;

const DEPLOY_OPTIONS = {
  ...STACK_INPUT_OPTIONS,
  'no-rollback': { type: 'boolean' },
  concurrency: { type: 'string' },
  pull: { type: 'string' },
  target: { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(args, DEPLOY_OPTIONS, USAGE, true);
  if (values.help) return help();
  const file = inputFile(positionals, 'deploy', USAGE);
  const stackName = requireStack(values.stack, USAGE);
  const options = {
    concurrency: concurrencyOption(values.concurrency),
    pullPolicy: pullOption(values.pull),
    target: requestedTarget(values.target, stackName),
  };
  if (!values.watch) return deployOnce(file, stackName, values, options);
  const { watchApp } = await import('./watch.js');
  return watchApp('deploy', file, () => deployOnce(file, stackName, values, options));
}

type DeployValues = ReturnType<typeof parseVerbArgs<typeof DEPLOY_OPTIONS>>['values'];

/** One deploy of the file to the stack: its exit code. */
async function deployOnce(
  file: string,
  stackName: string,
  values: DeployValues,
  {
    concurrency,
    pullPolicy,
    target: requested,
  }: { concurrency?: number; pullPolicy?: ReturnType<typeof pullOption>; target?: RequestedTarget },
): Promise<number> {
  // Everything is read, validated and resolved before anything is touched.
  const store = new StateStore();
  const { source, stackId, parameters, warnings } = await readStackInput(file, stackName, values, store);
  for (const w of warnings) process.stderr.write(`heatstack: warning: ${w}\n`);
  const target = await stackTarget(store, stackName, requested?.target, requested?.from);
  const { engine, reporter } = openSession({ pullPolicy, concurrency, store, target });

  const ctrlC = interruptOnCtrlC('deploy', stackName, reporter);
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
      { ...engine, ...ctrlC.options },
    );
  } finally {
    ctrlC.dispose();
    reporter.finish();
  }
  if (values.json) process.stdout.write(`${stringifyJsonExactly(runResultJson(result), undefined, 2)}\n`);
  if (result.ok) {
    if (!values.json && result.unchanged) process.stdout.write('No changes.\n');
    if (!values.json)
      process.stdout.write(`\nStack ${stackName}: ${result.record.status}\n${formatOutputs(result.record.outputs)}\n`);
    if (target === 'swarm') await noteHostReach(result.record);
    return 0;
  }
  const what = result.interrupted
    ? `was ${interruptedOutcome(result.record)}`
    : `failed: ${showLines(result.failure?.reason ?? result.record.statusReason)}`;
  process.stderr.write(`\nheatstack: deploy of stack '${stackName}' ${what}\n`);
  process.stderr.write(
    `Stack ${stackName}: ${result.record.status}${values['no-rollback'] ? ' (kept for debugging: --no-rollback)' : ''}\n`,
  );
  return 1;
}

/** Outputs naming a Swarm service's overlay address, which the host cannot open: how to (`swarm/host-reach.ts`). */
async function noteHostReach(record: StackRecord): Promise<void> {
  const { hostReachNotes } = await import('../deploy/swarm/host-reach.js');
  for (const note of await hostReachNotes(record)) process.stderr.write(`heatstack: note: ${note}\n`);
}

/** What became of an interrupted deploy, from where its stack ended. */
function interruptedOutcome(record: StackRecord): string {
  if (record.status === 'ROLLBACK_COMPLETE')
    return Object.keys(record.resources).length > 0
      ? 'interrupted (Ctrl-C) and rolled back to the previous template'
      : 'interrupted (Ctrl-C) and rolled back: what it had created is removed';
  if (record.status === 'ROLLBACK_FAILED') return `interrupted (Ctrl-C); ${record.statusReason}`;
  return 'interrupted (Ctrl-C); what it created is kept (--no-rollback)';
}

function help(): number {
  process.stdout.write(`${USAGE}\n`);
  return 0;
}
