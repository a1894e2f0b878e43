/**
 * One measured side of the synth benchmarks: a heatstack stack of N containers, each reading the previous one's
 * IP address and ports in its environment, synthesized and written as a template file (CFN dialect, YAML or
 * JSON). It calls what `heatstack synth --out DIR` calls (`synthesizeToFiles`), so that the figure is what the CLI
 * does. Runs the built library (`dist/`), as the published package does.
 * Usage: synth-heatstack.mjs N yaml|json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DockerContainer, Stack } from '../../dist/constructs/index.js';
import { synthesizeToFiles } from '../../dist/synth/stream.js';
import { chainApp } from './chain-app.mjs';
import { report, timed } from './report.mjs';

const count = Number(process.argv[2] ?? 10_000);
const format = process.argv[3] ?? 'json';
const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-'));

const { ms, value: bytes } = await timed(() => {
  const app = chainApp({ App, Stack, DockerContainer }, count);
  // As `heatstack synth --out DIR` writes it (src/cli/synth.ts).
  const written = synthesizeToFiles(app, dir, { dialect: 'cfn', format, version: 'auto' });
  return written.reduce((sum, w) => sum + w.bytes, 0);
});
rmSync(dir, { recursive: true, force: true });
report({ ms, bytes });
