import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { HeatstackError, UsageError } from '../../src/errors.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { heatstack } from '../support/cli.js';

const SEED = new URL('../fixtures/seed/wordpress_mysql.yml', import.meta.url).pathname;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-convert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('heatstack convert', () => {
  test('converts the seed CFN template to HOT YAML', async () => {
    const { code, stdout, stderr } = await heatstack('convert', SEED, '--dialect', 'hot');
    expect([code, stderr]).toEqual([0, '']);
    const hot = parse(stdout);
    expect(hot.heat_template_version).toBe('2021-04-16');
    expect(hot.resources.Blog.properties.Env[0]).toEqual({
      list_join: ['=', ['DB_HOSTNAME', { get_attr: ['Database', 'NetworkIp'] }]],
    });
  });

  test('cfn → hot → cfn gives back the seed template’s model', async () => {
    const hotFile = join(dir, 'seed.hot.json');
    expect((await heatstack('convert', SEED, '--dialect', 'hot', '--format', 'json', '--out', hotFile)).code).toBe(0);
    const { code, stdout } = await heatstack('convert', hotFile, '--dialect', 'cfn', '--format', 'yaml');
    expect(code).toBe(0);
    expect(parseTemplate(stdout).template).toEqual(parseTemplate(readFileSync(SEED, 'utf8')).template);
  });

  test('a template with errors is not converted: its problems are printed as file:line:col', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'heat_template_version: 2015-04-30\nresources:\n  a:\n    type: T\n    properties:\n      x: {str_split: [",", "a"]}\n',
    );
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'cfn');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${file}:6:11: The function str_split is not available in heat_template_version 2015-04-30: it needs heat_template_version 2015-10-15 or newer (at resources.a.properties.x.str_split)\n`,
    );
  });

  test('what the target dialect cannot express is an error naming the path', async () => {
    const file = join(dir, 'path.yaml');
    writeFileSync(
      file,
      'heat_template_version: 2021-04-16\noutputs:\n  o: {value: {get_attr: [a, info, Id]}}\nresources:\n  a: {type: T}\n',
    );
    await expect(heatstack('convert', file, '--dialect', 'cfn')).rejects.toThrow(
      /^Outputs\.o\.Value: CFN cannot express get_attr with a path/,
    );
  });

  test('bad usage is a UsageError (exit 2)', async () => {
    await expect(heatstack('convert', SEED)).rejects.toThrow(UsageError);
    await expect(heatstack('convert', SEED, '--dialect', 'xml')).rejects.toThrow(UsageError);
    await expect(heatstack('convert', '--dialect', 'hot')).rejects.toThrow(UsageError);
    await expect(heatstack('convert', SEED, '--dialect', 'hot', '--bogus')).rejects.toThrow(UsageError);
  });

  test('convert never loads the Docker client', async () => {
    // dockerode is CommonJS: once loaded, it is in the require cache (checked to catch it: see the second run).
    const probe = (entry: string) =>
      `import('${entry}').then(async () => { const { createRequire } = await import('node:module'); ` +
      `const cache = createRequire(import.meta.url).cache; ` +
      `process.stdout.write(Object.keys(cache).some((k) => k.includes('dockerode')) ? 'docker' : 'clean'); })`;
    const node = (entry: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', probe(entry)]);
    expect((await node('./src/cli/convert.ts')).stdout).toBe('clean');
    expect((await node('dockerode')).stdout).toBe('docker');
  });
});

describe('heatstack convert: CFN-only functions to HOT', () => {
  const cfnWith = (hostname: string) =>
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Parameters:',
      '  Name: {Type: String}',
      '  Size: {Type: Number}',
      'Conditions:',
      "  Big: {'Fn::Equals': [{Ref: Size}, 2]}",
      'Resources:',
      '  Box:',
      '    Type: DockerInc::Docker::Container',
      '    Properties:',
      "      name: {'Fn::Base64': {'Fn::Join': ['-', [a, {Ref: Name}]]}}",
      `      hostname: ${hostname}`,
    ].join('\n');

  test('Fn::Base64 of a string and Fn::Select of item 0 of Fn::Split convert, with conditions, to the newest HOT', async () => {
    // GIVEN a CFN template using both, and conditions (which need HOT 2016-10-14 or newer)
    const file = join(dir, 'b64.yaml');
    writeFileSync(file, cfnWith("{'Fn::Select': [0, {'Fn::Split': [',', {Ref: Name}]}]}"));
    // WHEN converted to HOT
    const { code, stdout } = await heatstack('convert', file, '--dialect', 'hot');
    // THEN the argument of Fn::Base64 is written itself, and the selection as str_split with its index
    expect(code).toBe(0);
    const hot = parse(stdout);
    expect(hot.heat_template_version).toBe('2021-04-16');
    expect(hot.resources.Box.properties.name).toEqual({ list_join: ['-', ['a', { get_param: 'Name' }]] });
    expect(hot.resources.Box.properties.hostname).toEqual({ str_split: [',', { get_param: 'Name' }, 0] });
    expect(parseTemplate(stdout).diagnostics).toEqual([]);
  });

  test('a selection that cannot be rewritten exactly, with conditions, is refused with what to write instead', async () => {
    const file = join(dir, 'select.yaml');
    writeFileSync(file, cfnWith("{'Fn::Select': [1, {'Fn::Split': [',', {Ref: Name}]}]}"));
    await expect(heatstack('convert', file, '--dialect', 'hot')).rejects.toThrow(
      /Fn::Select exists only up to HOT 2015-04-30 and conditions only from 2016-10-14: write str_split/,
    );
  });
});

describe('heatstack convert of a missing file', () => {
  test('is a user error (exit 1): "cannot read FILE: no such file"', async () => {
    const error = await heatstack('convert', '/nonexistent/t.yaml', '--dialect', 'hot').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeatstackError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('cannot read /nonexistent/t.yaml: no such file');
  });
});
