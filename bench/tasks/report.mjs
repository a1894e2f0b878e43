/**
 * What a task script (a measured side, run in a child process by `bench/harness.ts`) uses to time its work and
 * report it. Plain JavaScript, like the tasks, so that no TypeScript loader sits in the measured process.
 */
import { performance } from 'node:perf_hooks';

/** Runs `work` once, after a garbage collection, and gives how long it took in milliseconds. */
export async function timed(work) {
  globalThis.gc?.();
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Reports the figures (once, at the end) with the process's peak RSS in MB, as the harness reads them. */
export function report(figures) {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`\nBENCH-RESULT ${JSON.stringify({ ...figures, maxRssMb })}\n`);
}
