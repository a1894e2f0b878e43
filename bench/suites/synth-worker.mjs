/**
 * One measured synth in a fresh process, so that each side's time and peak memory are its own. Plain JavaScript
 * on the built library (`dist/`), so that neither side carries a TypeScript loader in its memory:
 *
 *   node --expose-gc bench/suites/synth-worker.mjs heatstack|cdk json|yaml N OUTDIR
 *
 * Builds a stack of N containers, each referring to the previous one's attributes (heatstack: `DockerContainer`s
 * with template literals; the AWS CDK: the equivalent `CfnResource`s with `Fn.getAtt`/`Fn.join`, without its
 * built-in CloudFormation validation and resource limit, so that both do the same work), synthesizes it, writes
 * the template to OUTDIR, and prints `{"ms": …, "maxRssMb": …, "baseRssMb": …}`. The time runs from the first
 * construct to the written file; loading modules is not counted (`baseRssMb` is the memory after loading them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [side, format, countText, outDir] = process.argv.slice(2);
const count = Number(countText);

async function heatstack() {
  const { App, DockerContainer, Stack } = await import('../../dist/index.js');
  const { emitTemplate } = await import('../../dist/template/emit/index.js');
  return () => {
    const app = new App();
    const stack = new Stack(app, 'Chain');
    let prev = new DockerContainer(stack, 'C0', { image: 'busybox' });
    for (let i = 1; i < count; i++) {
      prev = new DockerContainer(stack, `C${i}`, {
        image: 'busybox',
        env: [`PREV_IP=${prev.networkIp}`, `PREV_PORTS=${prev.networkTcpPorts}`],
      });
    }
    const [synthesized] = app.synth({ dialect: 'cfn' });
    writeFileSync(
      join(outDir, `Chain.template.${format}`),
      emitTemplate(synthesized.template, { dialect: 'cfn', format }),
    );
  };
}

async function cdk() {
  const { App, CfnResource, DefaultStackSynthesizer, Fn, Stack } = await import('aws-cdk-lib');
  return () => {
    const app = new App({
      outdir: outDir,
      builtinCloudFormationValidation: false,
      // CloudFormation's limit of 500 resources does not apply to Heat.
      context: { '@aws-cdk/core:stackResourceLimit': 0 },
    });
    const stack = new Stack(app, 'Chain', {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
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
      prev.overrideLogicalId(`C${i}`);
    }
    app.synth();
  };
}

const work = side === 'cdk' ? await cdk() : await heatstack();
globalThis.gc?.();
const baseRssMb = process.memoryUsage().rss / 2 ** 20;
const start = performance.now();
work();
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, baseRssMb })}\n`);
