/**
 * The big run of the hostile-template fuzzer: `npm run fuzz -- --cases 100000 [--seed N] [--out DIR]`.
 * Prints how the cases were answered, the time per case (median, 99th percentile, slowest) and the peak memory,
 * and every crash (its stage, error and what the case was); each crashing input is written to DIR to reproduce.
 * Exit code 1 when any case crashed or took longer than the hang bound (10 s).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { type CaseResult, type HostileCase, hostileCases, runCase } from './hostile.js';

/** A case slower than this is reported; one slower than the hang bound fails the run. */
const SLOW_MS = 2_000;
const HANG_BOUND_MS = 10_000;

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '1000' }, seed: { type: 'string' }, out: { type: 'string' } },
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
let evaluated = 0;
const started = performance.now();

fc.assert(
  fc.property(hostileCases(), (c) => {
    const result = runCase(c);
    times.push(result.ms);
    answers.set(result.answer, (answers.get(result.answer) ?? 0) + 1);
    if (result.stages.includes('evaluate')) evaluated++;
    if (result.ms > HANG_BOUND_MS) hung++;
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
  }),
  { numRuns: cases, seed },
);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
report();
process.exitCode = crashes.size > 0 || hung > 0 ? 1 : 0;

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
    `${times.length} cases (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `answers: ${[...answers].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `ms per case: median ${at(0.5)}, p99 ${at(0.99)}, p99.9 ${at(0.999)}, slowest ${at(1)}`,
    `peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    `through convert and evaluate: ${evaluated}`,
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
