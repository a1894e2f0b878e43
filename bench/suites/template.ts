/**
 * `parse-validate-10000` and `parse-validate-rss-10000`: heatstack reading a 10,000-resource template (parse +
 * validate, as `heatstack validate` does), against the `yaml` library's plain `parse` of the same text. The
 * template is the synth benchmark's chain of containers, as CFN YAML.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DockerContainer, Stack } from '../../src/constructs/index.js';
import { emitTemplate } from '../../src/template/emit/index.js';
import { type BenchContext, type BenchResult, measure, result } from '../harness.js';
import { chainApp } from '../tasks/chain-app.mjs';

const COUNT = 10_000;

function chainTemplate(count: number): string {
  const app = chainApp({ App, Stack, DockerContainer }, count);
  const [synthesized] = app.synth({ dialect: 'cfn' });
  if (synthesized === undefined) throw new Error('no stack synthesized');
  return emitTemplate(synthesized.template, { dialect: 'cfn', format: 'yaml', version: 'auto' });
}

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-bench-'));
  try {
    const file = join(dir, 'chain.yaml');
    writeFileSync(file, chainTemplate(COUNT));
    const task = (name: string) => new URL(`../tasks/${name}.mjs`, import.meta.url);
    const heatstack = await measure(task('parse-validate'), [file], context);
    const yaml = await measure(task('yaml-parse'), [file], context);
    yield result('parse-validate-10000', heatstack.ms as number, yaml.ms as number, 'ms');
    yield result('parse-validate-rss-10000', heatstack.maxRssMb as number, yaml.maxRssMb as number, 'MB');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
