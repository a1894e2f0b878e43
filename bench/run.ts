/**
 * `npm run bench [-- --json] [-- --reps N] [-- --only NAME] [-- --no-build]`: builds `dist/` (the measured
 * library), runs every suite of `bench/suites` (see `harness.ts`) and prints a table of heatstack against its
 * baseline, or one JSON object a line with `--json`.
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchResult, Suite } from './harness.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    reps: { type: 'string', default: process.env.HEATSTACK_BENCH_RUNS ?? '5' },
    only: { type: 'string', multiple: true },
    'no-build': { type: 'boolean', default: false },
  },
});

const context: BenchContext = {
  repetitions: Math.max(1, Number(values.reps)),
  log: (message) => process.stderr.write(`${message}\n`),
};

if (!values['no-build']) {
  context.log('building dist/ (tsc -p tsconfig.build.json)');
  const tsc = new URL('../node_modules/.bin/tsc', import.meta.url).pathname;
  execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' });
}

const suitesDir = new URL('./suites/', import.meta.url);
// A suite exports `run`; other modules there (helpers, child-process workers) are not imported.
const SUITE = /export\s+(?:async\s+)?function\s*\*?\s*run\s*\(|export\s+const\s+run\b/;
const files = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => {
    const isSuite = SUITE.test(readFileSync(new URL(f, suitesDir), 'utf8'));
    if (!isSuite) context.log(`skipping bench/suites/${f}: it does not export run(context) (see bench/harness.ts)`);
    return isSuite;
  })
  .filter((f) => values.only === undefined || values.only.some((o) => f.includes(o) || declaresLine(f, o)))
  .sort();

/** Whether suite `f` yields a line named `name` (`result('name', …)` in its text). */
function declaresLine(f: string, name: string): boolean {
  return readFileSync(new URL(f, suitesDir), 'utf8').includes(`result('${name}',`);
}

const results: BenchResult[] = [];
for (const file of files) {
  context.log(`suite ${file} (${context.repetitions} repetitions each side)`);
  const suite = (await import(new URL(file, suitesDir).href)) as Suite;
  const whole = values.only === undefined || values.only.some((o) => file.includes(o));
  const asked: BenchContext = { ...context, wants: (name) => whole || (values.only ?? []).includes(name) };
  for await (const r of suite.run(asked)) {
    results.push(r);
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  }
}
if (!values.json) process.stdout.write(table(results));

function table(rows: readonly BenchResult[]): string {
  const header = ['benchmark', 'heatstack', 'baseline', 'unit', 'ratio', 'spread'];
  const cells = rows.map((r) => [
    r.name,
    String(r.heatstack),
    String(r.baseline),
    r.unit,
    r.ratio.toFixed(3),
    r.spread ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) =>
    c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  ');
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}
