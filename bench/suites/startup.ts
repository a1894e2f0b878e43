/**
 * Start-up as a budget (issue 15): the CPU time (user + system, the process and the children it waited for) of a
 * whole `heatstack` process, beside `node -e 0` in the same run.
 *
 * - `startup-synth-example`: `heatstack synth examples/wordpress.ts` (target ≤ 3× bare node), with the compiled
 *   app files cached as on any run after the first; `startup-synth-example-cold`: the same with an empty cache.
 * - `startup-validate-seed`: `heatstack validate test/fixtures/seed/wordpress_mysql.yml` (target ≤ 2×).
 * - `startup-help`: `heatstack --help` (target ≤ 1.5×).
 *
 * The sides run interleaved, one of each per repetition, so that a busy machine weighs on all of them alike; each
 * line is the ratio of the medians, and `spread` the lowest and highest ratio of one repetition's pair.
 * CPU time rather than wall time: what start-up costs, whatever else the machine is doing.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchContext, type BenchResult, median, result } from '../harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../tasks/cpu-at-exit.cjs', import.meta.url));
const BIN = join(ROOT, 'bin', 'heatstack.js');

interface Side {
  readonly name: string;
  readonly args: readonly string[];
  /** A fresh, empty transpile cache for every run of this side. */
  readonly coldCache?: boolean;
}

const BARE: Side = { name: 'node -e 0', args: ['-e', '0'] };
const SIDES: readonly (Side & { readonly line: string })[] = [
  { line: 'startup-synth-example', name: 'synth', args: [BIN, 'synth', 'examples/wordpress.ts'] },
  {
    line: 'startup-synth-example-cold',
    name: 'synth (empty cache)',
    args: [BIN, 'synth', 'examples/wordpress.ts'],
    coldCache: true,
  },
  {
    line: 'startup-validate-seed',
    name: 'validate',
    args: [BIN, 'validate', 'test/fixtures/seed/wordpress_mysql.yml'],
  },
  { line: 'startup-help', name: 'help', args: [BIN, '--help'] },
];

/** CPU milliseconds of one process running `args`, which must exit 0. */
function cpuMs(side: Side, cacheDir: string): Promise<number> {
  const cache = side.coldCache ? mkdtempSync(join(tmpdir(), 'heatstack-bench-cache-')) : cacheDir;
  const env = { ...process.env, HEATSTACK_CACHE_DIR: cache };
  const child = spawn(process.execPath, ['-r', PRELOAD, ...side.args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let usage = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    usage += chunk.toString();
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      if (side.coldCache) rmSync(cache, { recursive: true, force: true });
      if (code !== 0) return fail(new Error(`${side.name} exited ${code}: ${stderr}`));
      const { self, children } = JSON.parse(usage) as { self: number; children: number };
      done((self + children) / 1000);
    });
  });
}

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'heatstack-bench-cache-'));
  try {
    for (const side of SIDES) await cpuMs(side, cacheDir); // warms the cache and the file system's
    const bare: number[] = [];
    const measured = new Map<string, number[]>(SIDES.map((s) => [s.line, []]));
    for (let i = 0; i < context.repetitions; i++) {
      bare.push(await cpuMs(BARE, cacheDir));
      for (const side of SIDES) measured.get(side.line)!.push(await cpuMs(side, cacheDir));
    }
    context.log(`  node -e 0: ${bare.map((ms) => ms.toFixed(0)).join(' ')} ms`);
    for (const side of SIDES) {
      const times = measured.get(side.line)!;
      context.log(`  ${side.name}: ${times.map((ms) => ms.toFixed(0)).join(' ')} ms`);
      const ratios = times.map((ms, i) => ms / bare[i]!);
      const spread = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
      yield { ...result(side.line, median(times), median(bare), 'ms cpu'), spread };
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
