/**
 * The big run of the hostile-template fuzzer: `npm run fuzz -- --cases 100000 [--cli 200] [--seed N] [--out DIR]`.
 * Prints how the cases were answered, the time per case (median, 99th percentile, slowest; CPU time, which a loaded
 * machine does not inflate, and wall-clock time), how many took longer than the answer bound (1 s of CPU), the peak
 * memory, and every crash (its stage, error and what the case was); each crashing or slow input is written to DIR
 * (`slow-N.input`, its limits and what was done to it), and the figures to `DIR/summary.json`. `--replay DIR` runs
 * the inputs kept there again, one line each. `--cli N` then puts N more cases through the real CLI (`validate`
 * and `convert`, a process each) and reports any exit other than 0/1, stack trace or raw control character.
 * Cases run in batches of 1000, batch b with seed + b: `--from-batch B` starts at batch B, so processes given
 * disjoint ranges run one big run between them; `--minutes M` stops after M minutes (between batches), reporting
 * what ran. Exit code 1 when any case crashed, took longer than the hang bound (10 s of CPU), or the CLI misanswered.
 */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { runCaseThroughCli } from './cli.js';
import { type CaseResult, type HostileCase, hostileCases, runCase } from './hostile.js';

/** The bound issue 17 sets on answering one case (CPU time): a case slower than this is reported, its input kept. */
const ANSWER_BOUND_MS = 1_000;
/** A case slower than this fails the run. */
const HANG_BOUND_MS = 10_000;
const BATCH = 1000;

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    cli: { type: 'string', default: '0' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    'from-batch': { type: 'string', default: '0' },
    replay: { type: 'string' },
  },
});
if (values.replay !== undefined) {
  replay(values.replay);
  process.exit(0);
}
const cases = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const out = values.out ?? join(tmpdir(), `heatstack-fuzz-${seed}`);

const firstBatch = Number(values['from-batch']);
const times: number[] = [];
const cpuTimes: number[] = [];
const answers = new Map<string, number>();
const crashes = new Map<string, { count: number; example: HostileCase; result: CaseResult }>();
const slow: { cpuMs: number; kinds: readonly string[] }[] = [];
let peakRss = 0;
let hung = 0;
let evaluated = 0;
const started = performance.now();
/** Stop after this long, reporting the cases run so far (a loaded machine may not finish them). */
const deadline = values.minutes === undefined ? Number.POSITIVE_INFINITY : started + Number(values.minutes) * 60_000;

// In batches (batch b replays with seed + b), so a time budget can end the run between two.
const batches: number[] = [];
for (let b = firstBatch; (b - firstBatch) * BATCH < cases && performance.now() < deadline; b++) {
  const numRuns = Math.min(BATCH, cases - (b - firstBatch) * BATCH);
  fc.assert(fc.property(hostileCases(), check), { numRuns, seed: seed + b });
  batches.push(b);
  writeSummary();
}
peakRss = Math.max(peakRss, process.memoryUsage().rss);
report();
const cliProblems = await throughCli(Number(values.cli));
process.exitCode = crashes.size > 0 || hung > 0 || cliProblems > 0 ? 1 : 0;

function check(c: HostileCase): boolean {
  const result = runCase(c);
  times.push(result.ms);
  cpuTimes.push(result.cpuMs);
  answers.set(result.answer, (answers.get(result.answer) ?? 0) + 1);
  if (result.stages.includes('evaluate')) evaluated++;
  if (result.cpuMs > HANG_BOUND_MS) hung++;
  if (result.cpuMs > ANSWER_BOUND_MS) {
    slow.push({ cpuMs: result.cpuMs, kinds: c.kinds });
    keep(`slow-${slow.length}`, c, { ms: result.ms, cpuMs: result.cpuMs });
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
  keep(`crash-${crashes.size}`, c, { key });
}

/** Writes a case to `out` to run again (`--replay`): its input, its limits, what was done to it and what it did. */
function keep(name: string, c: HostileCase, found: object): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.input`), c.input);
  writeFileSync(join(out, `${name}.limits.json`), JSON.stringify(c.limits));
  writeFileSync(join(out, `${name}.kinds.json`), JSON.stringify({ ...found, kinds: c.kinds }));
}

/** Runs each input kept in `dir` again: its CPU and wall time, the stages it reached, a crash. */
function replay(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.input'))) {
    const base = join(dir, file.slice(0, -'.input'.length));
    const c: HostileCase = {
      input: readFileSync(join(dir, file)),
      limits: JSON.parse(readFileSync(`${base}.limits.json`, 'utf8')),
      kinds: JSON.parse(readFileSync(`${base}.kinds.json`, 'utf8')).kinds,
    };
    const r = runCase(c);
    const crash = r.crash === undefined ? '' : ` CRASH in ${r.crash.stage}: ${String(r.crash.error).slice(0, 200)}`;
    process.stdout.write(
      `${file}: ${r.cpuMs.toFixed(0)} ms CPU, ${r.ms.toFixed(0)} ms, ${r.stages.at(-1)}${crash} [${c.kinds.join(', ')}]\n`,
    );
  }
}

/** The median, 99th and 99.9th percentiles and the largest of `values`. */
function spread(values: readonly number[]): { median: number; p99: number; p999: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) };
}

function report(): void {
  const cpu = spread(cpuTimes);
  const wall = spread(times);
  const text = (s: ReturnType<typeof spread>) =>
    `median ${s.median.toFixed(1)}, p99 ${s.p99.toFixed(1)}, p99.9 ${s.p999.toFixed(1)}, slowest ${s.max.toFixed(1)}`;
  const overWall = times.filter((t) => t > ANSWER_BOUND_MS).length;
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const range = batches.length > 0 ? `batches ${batches[0]}–${batches.at(-1)}` : 'no batch';
  const lines = [
    '',
    `${times.length} of ${cases} cases (seed ${seed}, ${range}, batch b with seed + b) in ${seconds.toFixed(0)} s`,
    `answers: ${[...answers].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `CPU ms per case: ${text(cpu)}`,
    `wall ms per case: ${text(wall)} (${overWall} over ${ANSWER_BOUND_MS} ms)`,
    `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    `through convert and evaluate: ${evaluated}`,
    `over the hang bound (${HANG_BOUND_MS} ms of CPU): ${hung}`,
    `over the answer bound (${ANSWER_BOUND_MS} ms of CPU, inputs in ${out}): ${slow.length}${
      slow.length > 0
        ? ` (${slow
            .slice(0, 5)
            .map((s) => `${s.cpuMs.toFixed(0)} ms: ${s.kinds.join(', ')}`)
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
  writeSummary();
}

/**
 * The figures so far, after every batch (a run stopped midway keeps them): `summary.json`, and every case's CPU and
 * wall time in `times.json`, so that the runs of several processes can be put together.
 */
function writeSummary(): void {
  const seconds = (performance.now() - started) / 1000;
  const summary = { seed, batches, cases: times.length, seconds, answers: Object.fromEntries(answers), evaluated };
  const overWall = times.filter((t) => t > ANSWER_BOUND_MS).length;
  const bounds = { overAnswerBound: slow.length, overAnswerBoundWall: overWall, hung, crashes: crashes.size };
  const figures = { cpuMs: spread(cpuTimes), wallMs: spread(times), peakRssMb: peakRss / 2 ** 20 };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify({ ...summary, ...bounds, ...figures })}\n`);
  writeFileSync(join(out, 'times.json'), JSON.stringify({ cpuMs: cpuTimes, wallMs: times }));
}
