/**
 * The big run of the hostile-template fuzzer: `npm run fuzz -- --cases 100000 [--cli 200] [--seed N] [--out DIR]`.
 * Prints how the cases were answered, the time per case (median, 99th percentile, slowest), how many took longer
 * than the answer bound (1 s), the peak memory, and every crash (its stage, error and what the case was); each
 * crashing or slow input is written to DIR to reproduce. `--cli N` then puts N more cases through the real CLI
 * (`validate` and `convert`, a process each) and reports any exit other than 0/1, stack trace or raw control
 * character. `--minutes M` stops after M minutes (between batches of 1000), reporting what ran. Exit code 1 when any
 * case crashed, took longer than the hang bound (10 s), or the CLI misanswered.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { runCaseThroughCli } from './cli.js';
import { type CaseResult, type HostileCase, hostileCases, runCase } from './hostile.js';

/** A case slower than this is reported; one slower than the hang bound fails the run. */
const SLOW_MS = 2_000;
const HANG_BOUND_MS = 10_000;
/** The bound issue 17 sets on answering one case. */
const ANSWER_BOUND_MS = 1_000;

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    cli: { type: 'string', default: '0' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});
const cases = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const out = values.out ?? join(tmpdir(), `heatstack-fuzz-${seed}`);

const times: number[] = [];
const answers = new Map<string, number>();
const crashes = new Map<string, { count: number; example: HostileCase; result: CaseResult }>();
const slow: { ms: number; kinds: readonly string[] }[] = [];
let peakRss = 0;
let hung = 0;
let overAnswerBound = 0;
let evaluated = 0;
const started = performance.now();
/** Stop after this long, reporting the cases run so far (a loaded machine may not finish them). */
const deadline = values.minutes === undefined ? Number.POSITIVE_INFINITY : started + Number(values.minutes) * 60_000;

// In batches of 1000 (batch b replays with seed + b), so a time budget can end the run between two.
for (let b = 0; b * 1000 < cases && performance.now() < deadline; b++)
  fc.assert(fc.property(hostileCases(), check), { numRuns: Math.min(1000, cases - b * 1000), seed: seed + b });
peakRss = Math.max(peakRss, process.memoryUsage().rss);
report();
const cliProblems = await throughCli(Number(values.cli));
process.exitCode = crashes.size > 0 || hung > 0 || cliProblems > 0 ? 1 : 0;

function check(c: HostileCase): boolean {
  const result = runCase(c);
  times.push(result.ms);
  answers.set(result.answer, (answers.get(result.answer) ?? 0) + 1);
  if (result.stages.includes('evaluate')) evaluated++;
  if (result.ms > HANG_BOUND_MS) hung++;
  if (result.ms > ANSWER_BOUND_MS) overAnswerBound++;
  if (result.ms > SLOW_MS) {
    slow.push({ ms: result.ms, kinds: c.kinds });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `slow-${slow.length}.input`), c.input);
    writeFileSync(join(out, `slow-${slow.length}.limits.json`), JSON.stringify(c.limits));
  }
  if (result.crash !== undefined) record(c, result);
  if (times.length % 1000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.stderr.write(`\r${times.length} / ${cases} cases, ${crashes.size} distinct crashes`);
  }
  return true;
}

/** `n` more cases (the same seed's next ones) through the real CLI; returns how many were misanswered. */
async function throughCli(n: number): Promise<number> {
  if (n === 0) return 0;
  const dir = join(out, 'cli');
  mkdirSync(dir, { recursive: true });
  const sample = fc.sample(hostileCases(), { numRuns: n, seed: seed + 1 });
  let bad = 0;
  const cliStarted = performance.now();
  for (const [i, c] of sample.entries()) {
    const problems = await runCaseThroughCli(c, dir, i);
    if (problems.length > 0) bad++;
    for (const p of problems) process.stdout.write(`  CLI case ${i} (${dir}/case-${i}.yaml) ${p.verb}: ${p.problem}\n`);
    process.stderr.write(`\r${i + 1} / ${n} CLI cases`);
  }
  const seconds = ((performance.now() - cliStarted) / 1000).toFixed(0);
  process.stdout.write(`\nthrough the CLI (validate, convert): ${n} cases in ${seconds} s, misanswered: ${bad}\n`);
  return bad;
}

function record(c: HostileCase, result: CaseResult): void {
  const error = result.crash?.error;
  const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  const key = `${result.crash?.stage}: ${message.slice(0, 200)}`;
  const known = crashes.get(key);
  if (known !== undefined) {
    known.count++;
    return;
  }
  crashes.set(key, { count: 1, example: c, result });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `crash-${crashes.size}.input`), c.input);
  writeFileSync(join(out, `crash-${crashes.size}.limits.json`), JSON.stringify(c.limits));
}

function report(): void {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
  const lines = [
    '',
    `${times.length} of ${cases} cases (seed ${seed}, batch b with seed + b) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `answers: ${[...answers].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `ms per case: median ${at(0.5)}, p99 ${at(0.99)}, p99.9 ${at(0.999)}, slowest ${at(1)}`,
    `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    `through convert and evaluate: ${evaluated}`,
    `over the answer bound (${ANSWER_BOUND_MS} ms): ${overAnswerBound}`,
    `over the hang bound (${HANG_BOUND_MS} ms): ${hung}`,
    `over ${SLOW_MS} ms (inputs in ${out}): ${slow.length}${
      slow.length > 0
        ? ` (${slow
            .slice(0, 5)
            .map((s) => `${s.ms.toFixed(0)} ms: ${s.kinds.join(', ')}`)
            .join('; ')})`
        : ''
    }`,
    `distinct crashes: ${crashes.size}${crashes.size > 0 ? ` (inputs in ${out})` : ''}`,
  ];
  let n = 0;
  for (const [key, { count, example, result }] of crashes) {
    n++;
    const stack = result.crash?.error instanceof Error ? (result.crash.error.stack ?? '') : '';
    lines.push(`  ${n}. ${key} ×${count} [${example.kinds.join(', ')}]`);
    lines.push(
      ...stack
        .split('\n')
        .slice(1, 6)
        .map((l) => `       ${l.trim()}`),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
