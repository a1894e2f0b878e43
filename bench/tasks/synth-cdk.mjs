/**
 * The baseline of the synth benchmarks: the AWS CDK synthesizing the equivalent N `CfnResource`s, each reading
 * the previous one's attributes through `Fn.getAtt`/`Fn.join`, with the built-in CloudFormation validation, the
 * tree metadata and every asset and bootstrap step off (a `BootstraplessSynthesizer`), so that both sides do
 * the same work: build a tree, resolve references, write one template file.
 * Usage: synth-cdk.mjs N
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, BootstraplessSynthesizer, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { report, timed } from './report.mjs';

const count = Number(process.argv[2] ?? 10_000);
const outdir = mkdtempSync(join(tmpdir(), 'cdk-bench-'));

const { ms } = await timed(() => {
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    treeMetadata: false,
    analyticsReporting: false,
    defaultStackSynthesizer: new BootstraplessSynthesizer(),
    // CloudFormation's limit of 500 resources a stack does not apply to Heat.
    context: { '@aws-cdk/core:stackResourceLimit': 0 },
  });
  const stack = new Stack(app, 'Bench');
  let prev = new CfnResource(stack, 'C0', { type: 'OS::Heat::Docker', properties: { Image: 'busybox' } });
  for (let i = 1; i < count; i++) {
    const p = prev.logicalId;
    prev = new CfnResource(stack, `C${i}`, {
      type: 'OS::Heat::Docker',
      properties: {
        Image: 'busybox',
        Env: [
          Fn.join('', ['PREV_IP=', Fn.getAtt(p, 'NetworkIp').toString()]),
          Fn.join('', ['PREV_PORTS=', Fn.getAtt(p, 'NetworkTcpPorts').toString()]),
        ],
      },
    });
    // Readable ids like heatstack's (the CDK would append a hash).
    prev.overrideLogicalId(`C${i}`);
  }
  return app.synth();
});
rmSync(outdir, { recursive: true, force: true });
report({ ms });
