import { createDockerBackend } from '../deploy/docker-backend.js';
import { planStack } from '../deploy/engine/deploy.js';
import type { StackPlan } from '../deploy/engine/inputs.js';
import { stackTarget } from '../deploy/engine/target.js';
import { readStackInput, STACK_INPUT_OPTIONS, type StackInput } from '../deploy/input.js';
import { isHiddenMarker } from '../deploy/plan/meaning.js';
import type { ParameterChange } from '../deploy/plan/parameters.js';
import type { Operation, Plan, ReplaceOrder } from '../deploy/plan/plan.js';
import { displayValue, formatChange, formatValue, type PropertyChange } from '../deploy/plan/property-diff.js';
import { HIDDEN_VALUE } from '../deploy/state/record.js';
import { StateStore } from '../deploy/state/store.js';
import { defaultTemplateServices } from '../deploy/template-services.js';
import { showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { resourceLabel } from './resource-paths.js';
import { inputFile, requestedTarget, requireStack } from './stack-args.js';

const USAGE = `Usage: heatstack diff [APP.ts|TEMPLATE.yaml] --stack NAME [options]

Shows what \`heatstack deploy\` would do with the same input, without doing it: the containers it would create,
replace, delete or keep, each with its reason. Nothing is locked, written, pulled or changed; Docker is only asked
which containers carry the stack's labels.

The file defaults to the "app" of heatstack.json in this folder or above. The stack's target is its record's, else
heatstack.json's for it (as deploy's).

Options:
  -s, --stack NAME           the stack (required)
  -P, --parameter KEY=VALUE  a parameter value (repeatable)
      --parameter-file FILE  parameter values, YAML or JSON (a map, or an environment file's \`parameters:\`)
      --existing             reuse the last deploy's value of each parameter not given (a hidden one must be given again)
      --json                 print the plan as JSON
      --fail                 exit 1 when a deploy would change anything (like \`cdk diff --fail\`)
      --watch                show the diff again each time the app or a file it imports is saved (Ctrl-C stops)`;

const DIFF_OPTIONS = {
  ...STACK_INPUT_OPTIONS,
  json: { type: 'boolean' },
  fail: { type: 'boolean' },
  watch: { type: 'boolean' },
} as const;

type DiffValues = ReturnType<typeof parseVerbArgs<typeof DIFF_OPTIONS>>['values'];

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(args, DIFF_OPTIONS, USAGE, true);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = inputFile(positionals, 'diff', USAGE);
  const stackName = requireStack(values.stack, USAGE);
  if (!values.watch) return diffOnce(file, stackName, values);
  const { watchApp } = await import('./watch.js');
  return watchApp('diff', file, () => diffOnce(file, stackName, values));
}

/** One diff of the file against the stack: its exit code. */
async function diffOnce(file: string, stackName: string, values: DiffValues): Promise<number> {
  // The input is read, validated and resolved exactly as deploy does it, so it fails with deploy's messages.
  const store = new StateStore();
  // As deploy would run it: the stack's own target, or (a new stack) heatstack.json's.
  const asked = requestedTarget(undefined, stackName);
  const target = await stackTarget(store, stackName, asked?.target, asked?.from);
  const engine = { store, backend: createDockerBackend({ target }), services: defaultTemplateServices() };
  const input = await readStackInput(file, stackName, values, engine.store, 'preview');
  const { source, stackId, parameters } = input;
  const result = await planStack(
    {
      stackName,
      stackId,
      template: source.template,
      parameters,
      hiddenParameters: source.hiddenParameters,
      // A nested template file is read beside it, as deploy reads it.
      source: source.source,
    },
    engine,
  );

  if (result.busy)
    process.stderr.write(
      `heatstack: note: process ${result.busy.pid} has been running a ${result.busy.action.toLowerCase()} of stack '${stackName}' since ${result.busy.startedAt}; a deploy now would be refused, and this plan may change once it ends\n`,
    );
  if (!values.json) for (const w of input.warnings) process.stderr.write(`heatstack: warning: ${w}\n`);
  // Construct paths beside logical ids: from the template for what it has, from the record for what it drops.
  const previous = values.json ? undefined : await engine.store.load(stackName);
  const label = (id: string) =>
    resourceLabel(Object.hasOwn(source.template.resources, id) ? source.template : previous?.template, id);
  const output = values.json
    ? JSON.stringify(diffJson(stackName, result, input), null, 2)
    : formatDiff(result.plan, input.parameterChanges, label);
  process.stdout.write(`${output}\n`);
  return values.fail && result.plan.operations.length > 0 ? 1 : 0;
}

/** One line of the diff: what happens to one resource (a replace is its delete and its create together). */
export interface DiffLine {
  readonly change: 'create' | 'update' | 'replace' | 'repair' | 'delete' | 'keep';
  /** The logical id; a leftover object also names its container. */
  readonly resource: string;
  readonly cause: string;
  /** A replace because the configuration changed, or an update: what changed, per property path. */
  readonly changes?: readonly PropertyChange[];
  /** A replace: whether the new object is created before the old one is deleted, or why the old one goes first. */
  readonly order?: ReplaceOrder;
}

const SIGNS: Readonly<Record<DiffLine['change'], string>> = {
  create: '+',
  update: '~',
  replace: '~',
  repair: '!',
  delete: '-',
  keep: '=',
};
const ORDER: readonly DiffLine['change'][] = ['create', 'update', 'replace', 'repair', 'delete', 'keep'];

/**
 * The plan per resource, grouped by change (creates, replaces, repairs, deletes, then what stays), each group in the plan's
 * order (creates dependencies first, deletes dependents first). A recorded resource both deleted and created is
 * replaced; the create's cause says why (the delete's only repeats it). A leftover object (a killed run's) is
 * deleted on its own even when its resource is created, since nothing of it is kept.
 */
export function diffLines(plan: Plan): DiffLine[] {
  const created = new Set(plan.operations.filter((op) => op.kind === 'create').map((op) => op.resource));
  const replaced = new Set(
    plan.operations.filter((op) => isRecordedDelete(op) && created.has(op.resource)).map((op) => op.resource),
  );
  const lines: DiffLine[] = [];
  for (const op of plan.operations) {
    if (op.kind === 'create')
      lines.push({
        change: replaced.has(op.resource) ? 'replace' : 'create',
        resource: op.resource,
        cause: op.cause,
        ...(op.changes ? { changes: op.changes } : {}),
        ...(replaced.has(op.resource) && op.order ? { order: op.order } : {}),
      });
    else if (op.kind === 'update')
      lines.push({ change: 'update', resource: op.resource, cause: op.cause, changes: op.changes ?? [] });
    else if (op.kind === 'repair') lines.push({ change: 'repair', resource: op.resource, cause: op.cause });
    else if (op.kind === 'refresh') lines.push({ change: 'keep', resource: op.resource, cause: op.cause });
    else if (op.kind === 'delete' && !(isRecordedDelete(op) && replaced.has(op.resource)))
      lines.push({ change: 'delete', resource: deletedName(op), cause: op.cause });
  }
  for (const k of plan.kept) lines.push({ change: 'keep', resource: k.resource, cause: k.cause });
  return ORDER.flatMap((change) => lines.filter((l) => l.change === change));
}

/** How many resources each kind of change touches. */
export function diffSummary(plan: Plan): Record<DiffLine['change'], number> {
  const counts = { create: 0, update: 0, replace: 0, repair: 0, delete: 0, keep: 0 };
  for (const line of diffLines(plan)) counts[line.change]++;
  return counts;
}

/**
 * The plain diff: a line per parameter whose value differs from the last deploy's (`~ parameter Greeting: "hi" →
 * "hey"`, a hidden one `~ parameter Password: ****** (changed)`), a line per resource, `+ create Blog: new
 * resource`, a replaced one's changed properties below it (`    env[1]: "GREETING=hi" → "GREETING=hey"`), then
 * `2 to create, 1 to replace, 0 to delete, 3 unchanged`, or `No changes.` when a deploy would do nothing. `label`
 * names a resource (with its construct path).
 */
export function formatDiff(
  plan: Plan,
  parameters: readonly ParameterChange[] = [],
  label: (resource: string) => string = (resource) => resource,
): string {
  const lines = [
    ...parameters.map(formatParameterChange),
    ...diffLines(plan).flatMap((l) => [
      `${SIGNS[l.change]} ${l.change} ${showText(`${label(l.resource)}: ${l.cause}${orderNote(l.order)}`)}`,
      ...(l.changes ?? []).map((c) => `    ${showText(formatChange(c))}`),
    ]),
  ];
  const s = diffSummary(plan);
  const summary =
    plan.operations.length === 0
      ? 'No changes.'
      : `${s.create} to create, ${s.update > 0 ? `${s.update} to update in place, ` : ''}${s.replace} to replace, ` +
        `${s.repair > 0 ? `${s.repair} to repair, ` : ''}` +
        `${s.delete} to delete, ${s.keep} unchanged`;
  return lines.length > 0 ? `${lines.join('\n')}\n\n${summary}` : summary;
}

/** How a replace runs: `; create before delete`, `; delete first: a fixed name`. */
function orderNote(order: ReplaceOrder | undefined): string {
  if (order === undefined) return '';
  return order.createFirst ? '; create before delete' : `; delete first: ${order.reason ?? 'its type says so'}`;
}

/** `~ parameter Greeting: "hi" → "hey"`, `+ parameter Port: 80`, `- parameter Old: "x"`; hidden values as `******`. */
export function formatParameterChange(c: ParameterChange): string {
  const value = (v: unknown) => (c.hidden ? HIDDEN_VALUE : formatValue(v));
  if (c.kind === 'add') return `+ parameter ${c.name}: ${value(c.new)}`;
  if (c.kind === 'remove') return `- parameter ${c.name}: ${value(c.old)}`;
  if (c.hidden) return `~ parameter ${c.name}: ${HIDDEN_VALUE} (changed)`;
  return `~ parameter ${c.name}: ${value(c.old)} → ${value(c.new)}`;
}

/** What `diff --json` prints. */
export interface DiffJson {
  readonly stack: string;
  readonly action: StackPlan['action'];
  /** Whether a deploy would do anything. */
  readonly changes: boolean;
  /** Resources per change, as the plain diff counts them (a replace is one resource); `repair` only when some are. */
  readonly summary: {
    create: number;
    update?: number;
    replace: number;
    repair?: number;
    delete: number;
    unchanged: number;
  };
  /** As the executor would run them: `after` names the operations (by `id`) each waits for. */
  readonly operations: readonly {
    id: string;
    kind: Operation['kind'];
    resource: string;
    physicalId?: string;
    cause: string;
    /**
     * A create replacing a resource whose configuration changed: each changed property path, its value at the last
     * deploy (`old`) and now (`new`); hidden values as `******`, values only a deploy knows as the function
     * (`{"get_attr": ["Database", "network_ip"]}`).
     */
    changes?: { path: string; kind: PropertyChange['kind']; old?: unknown; new?: unknown; hidden?: true }[];
    /** A replace's create and its delete: `create before delete`, or `delete first: <why>`. */
    order?: string;
    after: string[];
  }[];
  readonly kept: readonly { resource: string; physicalId: string; cause: string }[];
  readonly busy?: StackPlan['busy'];
  /** Parameter values that differ from the last deploy's; a hidden one has `hidden: true` and no values. */
  readonly parameters: readonly ParameterChange[];
  /** Defaults that replace a value the last deploy had (a parameter left out without `--existing`). */
  readonly warnings: readonly string[];
}

/** `diff --json`: the plan's operations as the executor would run them, what stays, and the per-resource counts. */
export function diffJson(
  stackName: string,
  result: StackPlan,
  input: Pick<StackInput, 'parameterChanges' | 'warnings'> = { parameterChanges: [], warnings: [] },
): DiffJson {
  const { plan } = result;
  const s = diffSummary(plan);
  return {
    stack: stackName,
    action: result.action,
    changes: plan.operations.length > 0,
    summary: {
      create: s.create,
      ...(s.update > 0 ? { update: s.update } : {}),
      replace: s.replace,
      ...(s.repair > 0 ? { repair: s.repair } : {}),
      delete: s.delete,
      unchanged: s.keep,
    },
    operations: plan.operations.map((op) => ({
      id: op.id,
      kind: op.kind,
      resource: op.resource,
      ...(op.kind === 'delete' && op.physicalId !== undefined ? { physicalId: op.physicalId } : {}),
      cause: op.cause,
      ...(op.changes ? { changes: op.changes.map(changeJson) } : {}),
      ...(op.order
        ? { order: op.order.createFirst ? 'create before delete' : `delete first: ${op.order.reason}` }
        : {}),
      after: [...op.after],
    })),
    kept: plan.kept.map((k) => ({ resource: k.resource, physicalId: k.physicalId, cause: k.cause })),
    ...(result.busy ? { busy: result.busy } : {}),
    parameters: input.parameterChanges,
    warnings: input.warnings,
  };
}

function changeJson(c: PropertyChange): NonNullable<DiffJson['operations'][number]['changes']>[number] {
  return {
    path: c.path,
    kind: c.kind,
    ...(c.kind !== 'add' ? { old: displayValue(c.old) } : {}),
    ...(c.kind !== 'remove' ? { new: displayValue(c.new) } : {}),
    // Both sides show as `******`: this says the value behind them changed.
    ...(isHiddenMarker(c.old) || isHiddenMarker(c.new) ? { hidden: true as const } : {}),
  };
}

/** A recorded resource's delete (`delete Blog`), as opposed to a leftover object's (`delete Blog@3f2a…`). */
function isRecordedDelete(op: Operation): boolean {
  return op.kind === 'delete' && op.id === `delete ${op.resource}`;
}

function deletedName(op: Operation): string {
  return isRecordedDelete(op) ? op.resource : `${op.resource} (container ${op.id.slice(op.id.indexOf('@') + 1)})`;
}
