/**
 * `synth-json-10000`, `synth-yaml-10000`, `synth-rss-10000`: heatstack synthesizing a stack of 10,000 containers,
 * each reading the previous one's IP address, against the AWS CDK synthesizing the equivalent 10,000
 * `CfnResource`s (`bench/tasks/synth-cdk.mjs`). Each side writes its template files as its CLI does (heatstack:
 * `synthesizeToFiles`, what `heatstack synth --out` calls; the CDK: `app.synth()`). Times are in-process (the work, not Node's start-up); memory is
 * each process's peak RSS.
 */

import { type BenchContext, type BenchResult, measure, result } from '../harness.js';

const COUNT = '10000';

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  const task = (name: string) => new URL(`../tasks/${name}.mjs`, import.meta.url);
  const cdk = await measure(task('synth-cdk'), [COUNT], context);
  const json = await measure(task('synth-heatstack'), [COUNT, 'json'], context);
  const yaml = await measure(task('synth-heatstack'), [COUNT, 'yaml'], context);
  yield result('synth-json-10000', json.ms as number, cdk.ms as number, 'ms');
  yield result('synth-yaml-10000', yaml.ms as number, cdk.ms as number, 'ms');
  // The larger of heatstack's two runs.
  yield result(
    'synth-rss-10000',
    Math.max(json.maxRssMb as number, yaml.maxRssMb as number),
    cdk.maxRssMb as number,
    'MB',
  );
}
