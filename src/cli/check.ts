import { type CheckResult, checkStack } from '../deploy/engine/check.js';
import { showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { openSession } from './session.js';
import { requireStack } from './stack-args.js';

const USAGE = `Usage: heatstack check --stack NAME [--json]

Heat's stack check: compares every resource of the stack with Docker — its container there, running (or exited 0,
for a one-shot), the very container the deploy created, with the image, env and limits it was created with — and
ends CHECK_COMPLETE, or CHECK_FAILED naming each resource that drifted and how. Nothing is changed but the stack's
record (its status, which \`heatstack ls\` shows): \`heatstack deploy\` repairs what the check finds, and
\`heatstack diff\` shows how. Exit 0 when every resource is as deployed, 1 when one drifted.

Options:
  -s, --stack NAME   the stack (required)
      --json         print the verdicts as JSON`;

const OPTIONS = { stack: { type: 'string', short: 's' }, json: { type: 'boolean' } } as const;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(args, OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await checkShowingProgress(requireStack(values.stack, USAGE));
  const text = values.json ? JSON.stringify(checkJson(result), null, 2) : formatCheck(result);
  process.stdout.write(`${text}\n`);
  return result.ok ? 0 : 1;
}

/** The check, its events shown on stderr as they come. */
async function checkShowingProgress(stackName: string): Promise<CheckResult> {
  const { engine, reporter } = openSession();
  try {
    return await checkStack(stackName, engine);
  } finally {
    reporter.finish();
  }
}

/** A line per resource (`CHECK_FAILED   Web: exited (137) outside heatstack`), then the stack's status. */
export function formatCheck(result: CheckResult): string {
  const lines = result.checks.map(
    (c) => `${(c.ok ? 'CHECK_COMPLETE' : 'CHECK_FAILED').padEnd(14)} ${showText(`${c.resource}: ${c.reason}`)}`,
  );
  return [...lines, `Stack ${showText(result.record.name)}: ${result.record.status}`].join('\n');
}

/** What `check --json` prints. */
export function checkJson(result: CheckResult): Record<string, unknown> {
  return {
    stack: result.record.name,
    status: result.record.status,
    statusReason: result.record.statusReason,
    resources: result.checks.map((c) => ({
      resource: c.resource,
      status: c.ok ? 'CHECK_COMPLETE' : 'CHECK_FAILED',
      reason: c.reason,
      ...(c.physicalId !== undefined ? { physicalId: c.physicalId } : {}),
    })),
  };
}
