/**
 * Synth benchmarks, each beside the AWS CDK doing the equivalent work in the same run:
 *
 *   synth-json-10000   10,000 containers, each referring to the previous one's attributes, to JSON  (≤ 0.1× the CDK)
 *   synth-yaml-10000   the same to YAML (the CDK writes JSON)                                        (≤ 0.5× the CDK)
 *   synth-rss-10000    peak memory of the JSON synth, MB                                             (≤ 0.5× the CDK)
 *
 * Each measurement is a fresh process (`synth-worker.ts`), so times and peak memory are not shared; each figure is
 * the median of `HEATSTACK_BENCH_RUNS` runs (default 3), the two sides alternating. Run alone:
 * `node --import tsx bench/suites/synth.ts` (one JSON line per benchmark).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SynthBenchLine {
  readonly name: 'synth-json-10000' | 'synth-yaml-10000' | 'synth-rss-10000';
  readonly heatstack: number;
  readonly baseline: number;
  readonly unit: 'ms' | 'MB';
  /** heatstack / baseline. */
  readonly ratio: number;
  readonly target: number;
  readonly withinTarget: boolean;
}

const WORKER = fileURLToPath(new URL('./synth-worker.ts', import.meta.url));

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
}

function measure(side: 'heatstack' | 'cdk', format: 'json' | 'yaml', count: number): Sample {
  const out = mkdtempSync(join(tmpdir(), `heatstack-bench-synth-${side}-`));
  try {
    const stdout = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', WORKER, side, format, String(count), out],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as Sample;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function line(
  name: SynthBenchLine['name'],
  heatstack: number,
  baseline: number,
  unit: SynthBenchLine['unit'],
  target: number,
): SynthBenchLine {
  const ratio = heatstack / baseline;
  return {
    name,
    heatstack: round(heatstack),
    baseline: round(baseline),
    unit,
    ratio: round(ratio, 3),
    target,
    withinTarget: ratio <= target,
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function runSynthBenchmarks(
  runs = Number(process.env.HEATSTACK_BENCH_RUNS ?? 3),
  count = 10_000,
): SynthBenchLine[] {
  const json: Sample[] = [];
  const yaml: Sample[] = [];
  const cdk: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    cdk.push(measure('cdk', 'json', count));
    json.push(measure('heatstack', 'json', count));
    yaml.push(measure('heatstack', 'yaml', count));
  }
  const cdkMs = median(cdk.map((s) => s.ms));
  return [
    line('synth-json-10000', median(json.map((s) => s.ms)), cdkMs, 'ms', 0.1),
    line('synth-yaml-10000', median(yaml.map((s) => s.ms)), cdkMs, 'ms', 0.5),
    line('synth-rss-10000', median(json.map((s) => s.maxRssMb)), median(cdk.map((s) => s.maxRssMb)), 'MB', 0.5),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const l of runSynthBenchmarks()) process.stdout.write(`${JSON.stringify(l)}\n`);
}
