/**
 * Main-thread CPU time (not wall time, which another process on the machine can stretch) of synthesizing the synth
 * benchmark's stack and writing its file, either the assembled way (`app.synth()` then `writeTemplateFile`) or
 * streamed (`synthesizeToFiles`, what `heatstack synth --out` does). Reads `/proc/self/task/<pid>/schedstat`
 * (nanoseconds on the CPU, then waiting to run). One run a process: compare the medians of several.
 * Usage: [DIST=dir] node --expose-gc bench/tools/synth-cpu.mjs assembled|streamed json|yaml [N]
 * (DIST: another build of the library to measure, by default `dist/`.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainApp } from '../tasks/chain-app.mjs';

const dist = process.env.DIST ?? new URL('../../dist', import.meta.url).pathname;
const { App, DockerContainer, Stack } = await import(`${dist}/constructs/index.js`);
const { synthesizeToFiles } = await import(`${dist}/synth/stream.js`);
const { writeTemplateFile } = await import(`${dist}/synth/write-template.js`);
const way = process.argv[2] ?? 'streamed';
const format = process.argv[3] ?? 'json';
const count = Number(process.argv[4] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'heatstack-cpu-'));
const schedstat = () => readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);

globalThis.gc?.();
const [cpu0, wait0] = schedstat();
const app = chainApp({ App, Stack, DockerContainer }, count);
const options = { dialect: 'cfn', format, version: 'auto' };
if (way === 'assembled')
  writeTemplateFile(join(dir, `Bench.template.${format}`), app.synth(options)[0].template, options);
else synthesizeToFiles(app, dir, options);
const [cpu1, wait1] = schedstat();
rmSync(dir, { recursive: true, force: true });
console.log(
  `${way} ${format} cpu ${((cpu1 - cpu0) / 1e6).toFixed(1)} ms, waiting ${((wait1 - wait0) / 1e6).toFixed(1)} ms`,
);
