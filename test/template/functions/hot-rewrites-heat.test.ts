/**
 * Heat 19 itself judges the HOT rewrites: it accepts the converted and synthesized templates, and resolves each
 * output of a CFN template and of its HOT conversion to the same value (or fails on both) — for parameters that put
 * every index in range and out of it, and for attributes not known yet (`null`: no resource is created). Skipped,
 * saying so, where python3-heat is not installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { heatstack } from '../../support/cli.js';
import { type HeatResult, heatOutputs, heatUnavailable } from '../../support/heat.js';

const dir = mkdtempSync(join(tmpdir(), 'heatstack-heat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each output of a CFN template, and what it is converted to. */
const OUTPUTS: Record<string, string> = {
  First: "{'Fn::Select': [0, {'Fn::Split': [',', {Ref: Name}]}]}",
  Second: "{'Fn::Select': [1, {'Fn::Split': [',', {Ref: Name}]}]}",
  Fourth: "{'Fn::Select': ['3', {'Fn::Split': [',', {Ref: Name}]}]}",
  SecondLast: "{'Fn::Select': [-2, {'Fn::Split': [',', {Ref: Name}]}]}",
  Dashes: "{'Fn::Select': [-3, {'Fn::Split': ['--', {Ref: Name}]}]}",
  Joined: "{'Fn::Select': [2, {'Fn::Split': [',', {'Fn::Join': ['', [{Ref: Name}, ',x']]}]}]}",
  Attribute: "{'Fn::Select': [1, {'Fn::Split': [',', {'Fn::GetAtt': [R, a]}]}]}",
  Number: "{'Fn::Select': [1, {'Fn::Split': [',', {Ref: Size}]}]}",
  Literal: "{'Fn::Select': [1, {'Fn::Split': [',', 'a,b,c']}]}",
  List: "{'Fn::Select': [2, {Ref: List}]}",
  ListEnd: "{'Fn::Select': [-1, {Ref: List}]}",
  Items: "{'Fn::Select': [1, [a, {Ref: Name}]]}",
  Base64: "{'Fn::Base64': {'Fn::GetAtt': [R, a]}}",
};

const CFN = [
  "HeatTemplateFormatVersion: '2012-12-12'",
  'Parameters:',
  '  Name: {Type: String}',
  '  Size: {Type: Number, Default: 3}',
  '  List: {Type: CommaDelimitedList}',
  'Resources:',
  '  R: {Type: OS::Heat::None}',
  'Outputs:',
  ...Object.entries(OUTPUTS).map(([name, value]) => `  ${name}: {Value: ${value}}`),
  '',
].join('\n');

const VALUES = ['', 'a', 'a,b', 'a,b,c,d', ',', 'a--b--c', '--', 'a,b--c--d,e'];

/** Each output's value, or 'an error' where Heat raised one (the messages of the two dialects differ). */
function outputsOf(result: HeatResult): Record<string, unknown> {
  if (result.error !== undefined) throw new Error(result.error);
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(result.outputs)) out[name] = o.error !== undefined ? 'an error' : o.value;
  return out;
}

async function converted(text: string, ...args: string[]): Promise<string> {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'hot', ...args);
  expect([code, stderr]).toEqual([0, '']);
  return stdout;
}

/** Every case goes to Heat in one run (loading Heat takes seconds); the tests read their part of the results. */
const run: { cfn: string[]; hot: string[]; accepted: HeatResult[]; refused?: HeatResult } = {
  cfn: [],
  hot: [],
  accepted: [],
};

describe.skipIf(heatUnavailable() !== undefined)(
  `Heat 19 on converted templates${heatUnavailable() === undefined ? '' : ` (skipped: ${heatUnavailable()})`}`,
  () => {
    beforeAll(async () => {
      const hot = await converted(CFN);
      expect(hot).toMatch(/^heat_template_version: '2021-04-16'\n/);
      const seed = await converted(readFileSync('test/fixtures/seed/wordpress_mysql.yml', 'utf8'));
      const older = await converted(CFN, '--hot-version', '2015-10-15');
      const app = join(dir, 'app.ts');
      writeFileSync(app, DIGEST_APP);
      const synth = await heatstack('synth', app, '--dialect', 'hot');
      expect([synth.code, synth.stderr]).toEqual([0, '']);
      const pairs = VALUES.flatMap((v) => [
        { template: CFN, parameters: { Name: v, List: v } },
        { template: hot, parameters: { Name: v, List: v } },
      ]);
      const accepted = [
        { template: seed },
        { template: synth.stdout },
        { template: older, parameters: { Name: 'a', List: 'a' } },
      ];
      const refused = {
        template: "heat_template_version: 2021-04-16\noutputs:\n  o: {value: {'Fn::Select': [0, [a]]}}\n",
      };
      const results = heatOutputs([...pairs, ...accepted, refused]);
      for (let i = 0; i < VALUES.length; i++) {
        run.cfn.push(JSON.stringify(outputsOf(results[2 * i] as HeatResult)));
        run.hot.push(JSON.stringify(outputsOf(results[2 * i + 1] as HeatResult)));
      }
      run.accepted = results.slice(pairs.length, pairs.length + accepted.length);
      run.refused = results[results.length - 1];
    }, 240_000);

    test('each output of the HOT conversion resolves, in Heat, to what the CFN one resolves to', () => {
      for (let i = 0; i < VALUES.length; i++) expect([VALUES[i], run.hot[i]]).toEqual([VALUES[i], run.cfn[i]]);
    });

    test('Heat accepts what convert and synth write in HOT (the seed, selections, a digest beside a selection)', () => {
      expect(run.accepted.map((r) => (r.error !== undefined ? r.error : r.version))).toEqual([
        ['heat_template_version', '2021-04-16'],
        ['heat_template_version', '2021-04-16'],
        ['heat_template_version', '2015-10-15'],
      ]);
    });

    test('the check can fail: Heat refuses Fn::Select in HOT 2021-04-16', () => {
      expect(run.refused?.error).toMatch(/The function Fn::Select is not supported in this version of HOT/);
    });
  },
);

const DIGEST_APP = [
  "import { App, DockerContainer, Fn, Output, Stack } from 'heatstack';",
  'const app = new App();',
  "const stack = new Stack(app, 'Ports');",
  "const db = new DockerContainer(stack, 'Db', { image: 'samalba/mysql' });",
  "new Output(stack, 'Second', { value: Fn.select(1, Fn.split(',', db.networkTcpPorts)) });",
  "new Output(stack, 'Hash', { value: Fn.digest('sha256', db.logsHead) });",
  'export default app;',
].join('\n');
