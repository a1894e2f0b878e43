/**
 * The benchmark harness.
 *
 * A suite is a module `bench/suites/NAME.ts` exporting `run(context: BenchContext): AsyncIterable<BenchResult>`;
 * `bench/run.ts` runs every suite and prints a table, or with `--json` one JSON object a line
 * (`{"name", "heatstack", "baseline", "unit", "ratio"}`, ratio = heatstack / baseline).
 *
 * Each measured side runs in a child process of its own, so that it starts from a fresh heap and its peak RSS is
 * its own: `measure(task, args, context)` runs the script `task` (`context.repetitions` times) and gives the
 * median of every figure the script reported. A task script does the work once and calls `report({...})` with
 * what it measured (`timed` helps); `report` adds `maxRssMb`, the process's peak RSS. Task scripts are plain
 * JavaScript (`bench/tasks/*.mjs`, helpers in `bench/tasks/report.mjs`) on the built library (`dist/`, which
 * `bench/run.ts` builds first), so no TypeScript loader weighs on either side; a `.ts` task runs under tsx.
 *
 * A suite, in full:
 *
 *   export async function* run(ctx: BenchContext): AsyncIterable<BenchResult> {
 *     const mine = await measure(new URL('../tasks/mine.mjs', import.meta.url), ['10000'], ctx);
 *     const theirs = await measure(new URL('../tasks/theirs.mjs', import.meta.url), ['10000'], ctx);
 *     yield result('thing-10000', mine.ms, theirs.ms, 'ms');
 *     yield result('thing-rss-10000', mine.maxRssMb, theirs.maxRssMb, 'MB');
 *   }
 */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface BenchResult {
  readonly name: string;
  readonly heatstack: number;
  readonly baseline: number;
  readonly unit: string;
  /** heatstack / baseline: below 1 means heatstack is faster or smaller. */
  readonly ratio: number;
  /** How far the ratio moved between repetitions (`lowest–highest`), where a suite measures it. */
  readonly spread?: string;
}

export interface BenchContext {
  /** How many times each side runs; the median is reported. */
  readonly repetitions: number;
  /** Progress for the person waiting (standard error). */
  log(message: string): void;
  /**
   * Whether this run asked for the line `name`: every line of a suite run whole, else only those `--only` names
   * (`npm run bench -- --only redeploy-noop-50`). Absent: every line.
   */
  wants?(name: string): boolean;
}

export interface Suite {
  run(context: BenchContext): AsyncIterable<BenchResult>;
}

/** Figures a task reported, each the median over the repetitions. */
export type Figures = Readonly<Record<string, number>>;

const RESULT_PREFIX = 'BENCH-RESULT ';

export function result(name: string, heatstack: number, baseline: number, unit: string): BenchResult {
  return { name, heatstack: round(heatstack), baseline: round(baseline), unit, ratio: round(heatstack / baseline, 3) };
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs a task script in fresh child processes and gives the median of each figure it reports. */
export async function measure(task: string | URL, args: readonly string[], context: BenchContext): Promise<Figures> {
  const file = typeof task === 'string' ? task : fileURLToPath(task);
  const runs: Record<string, number>[] = [];
  for (let i = 0; i < context.repetitions; i++) {
    const loader = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', ...loader, file, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1' },
    });
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (line === undefined) throw new Error(`${file} reported nothing; its output was:\n${stdout}`);
    runs.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<string, number>);
  }
  const figures: Record<string, number> = {};
  for (const key of Object.keys(runs[0] ?? {})) figures[key] = median(runs.map((r) => r[key] as number));
  context.log(`  ${file.split('/').pop()} ${args.join(' ')}: ${JSON.stringify(figures)}`);
  return figures;
}

/** Runs `work` once, after a garbage collection, and gives how long it took in milliseconds (for `.ts` tasks). */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Called by a `.ts` task script, once, with what it measured; adds the process's peak RSS in MB. */
export function report(figures: Record<string, number>): void {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify({ ...figures, maxRssMb })}\n`);
}
