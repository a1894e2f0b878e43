/**
 * One measured side of the synth benchmarks: a heatstack stack of N containers, each reading the previous one's
 * IP address and ports in its environment, synthesized and written as a template file (CFN dialect, YAML or
 * JSON). Runs the built library (`dist/`), as the published package does.
 * Usage: synth-heatstack.mjs N yaml|json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DockerContainer, Stack } from '../../dist/constructs/index.js';
import { writeTemplateFile } from '../../dist/synth/write-template.js';
import { report, timed } from './report.mjs';

const count = Number(process.argv[2] ?? 10_000);
const format = process.argv[3] ?? 'json';
const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-'));

const { ms, value: bytes } = await timed(() => {
  const app = new App();
  const stack = new Stack(app, 'Bench');
  let prev = new DockerContainer(stack, 'C0', { image: 'busybox' });
  for (let i = 1; i < count; i++) {
    prev = new DockerContainer(stack, `C${i}`, {
      image: 'busybox',
      env: [`PREV_IP=${prev.networkIp}`, `PREV_PORTS=${prev.networkTcpPorts}`],
    });
  }
  const [synthesized] = app.synth({ dialect: 'cfn' });
  // As `heatstack synth --out DIR` writes it: emitted chunk by chunk into the file.
  return writeTemplateFile(join(dir, `Bench.template.${format}`), synthesized.template, {
    dialect: 'cfn',
    format,
    version: 'auto',
  });
});
rmSync(dir, { recursive: true, force: true });
report({ ms, bytes });
