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
      'heat_template_version: 2014-10-16\nresources:\n  a:\n    type: T\n    properties:\n      x: {"Fn::Join": ["", [a]]}\n',
    );
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'cfn');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${file}:6:11: The function Fn::Join is not supported in this version of HOT (heat_template_version 2014-10-16) (at resources.a.properties.x.Fn::Join)\n`,
    );
  });

  test('what the target dialect cannot express is an error naming the path', async () => {
    const file = join(dir, 'path.yaml');
    writeFileSync(
      file,
      'heat_template_version: 2021-04-16\noutputs:\n  o: {value: {get_attr: [a, info, Id]}}\nresources:\n  a: {type: T}\n',
    );
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'cfn');
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(
      `${file}: no CFN version can express this template:\n` +
        `${file}:3:7: CFN cannot express get_attr with a path (Fn::GetAtt takes [resource, attribute]) (writing HeatTemplateFormatVersion 2012-12-12) (at outputs.o.value)\n`,
    );
  });

  // YAML aliases share a value among places; written out, each place is written in full. A few hundred bytes of
  // anchors made of aliases of the one before would be tens of megabytes: more than Heat reads, refused before writing.
  test('a template whose YAML aliases written out would be over max_template_size is refused, naming the limit', async () => {
    const file = join(dir, 'bomb.yaml');
    const items = [
      '&a0 [lol, lol]',
      ...Array.from({ length: 6 }, (_, i) => `&a${i + 1} [${`*a${i}, `.repeat(8)}*a${i}]`),
    ];
    writeFileSync(
      file,
      `heat_template_version: 2018-08-31\nparameters:\n  P: {type: json, default: [${items.join(', ')}]}\nresources: {}\n`,
    );
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'cfn');
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toMatch(
      /^.*bomb\.yaml: written out \(its YAML aliases in full\), the template would take about \d+ bytes, more than Heat reads \(524288 bytes, its max_template_size; set HEATSTACK_MAX_TEMPLATE_SIZE to write a larger one\)\n$/,
    );
  });

  test('a template with a few aliases is written with each place in full', async () => {
    const file = join(dir, 'aliases.yaml');
    writeFileSync(
      file,
      'heat_template_version: 2018-08-31\nparameters:\n  P: {type: json, default: {a: &x [1, 2], b: *x}}\n',
    );
    const { code, stdout } = await heatstack('convert', file, '--dialect', 'hot', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).parameters.P.default).toEqual({ a: [1, 2], b: [1, 2] });
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

  test('a selection that cannot be rewritten exactly, with conditions, is refused at its line with what to write instead', async () => {
    const file = join(dir, 'select.yaml');
    writeFileSync(file, cfnWith("{'Fn::Select': [0, {'Fn::GetAtt': [Box, info]}]}"));
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'hot');
    expect([code, stdout]).toEqual([1, '']);
    const lines = stderr.split('\n');
    expect(lines[0]).toBe(`${file}: no HOT version can express this template:`);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${file}:12:7: the function select cannot be expressed here \\(HOT has it in 2013-05-23 … 2015-04-30; CFN has it\\) .*: a get_attr path gives null where Fn::Select gives ''.*write get_attr with a path.* \\(at Resources.Box.Properties.hostname\\)$`,
      ),
    );
    expect(lines[2]).toMatch(/conditions are not available/);
  });
});

describe('heatstack convert: Fn::Select at any index, and the version written', () => {
  const SELECTS = [
    "HeatTemplateFormatVersion: '2012-12-12'",
    'Parameters:',
    "  Addr: {Type: String, Default: 'a,b'}",
    'Resources:',
    '  Blog:',
    '    Type: OS::Heat::Docker',
    '    Properties:',
    '      Image: samalba/wordpress',
    '      Env:',
    "        - Fn::Select: [0, {Fn::Split: [',', {Ref: Addr}]}]",
    "        - Fn::Select: [1, {Fn::Split: [',', {Ref: Addr}]}]",
    '',
  ].join('\n');

  test('Fn::Select of Fn::Split at index 0 and 1 converts to HOT 2021-04-16, padded to stay in range', async () => {
    const file = join(dir, 'selects.yaml');
    writeFileSync(file, SELECTS);
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'hot');
    expect([code, stderr]).toEqual([0, '']);
    const hot = parse(stdout);
    expect(hot.heat_template_version).toBe('2021-04-16');
    expect(hot.resources.Blog.properties.Env).toEqual([
      { str_split: [',', { get_param: 'Addr' }, 0] },
      { str_split: [',', { list_join: ['', [{ get_param: 'Addr' }, ',']] }, 1] },
    ]);
  });

  test('a template that needs an older version says so on stderr, naming what needs it', async () => {
    const file = join(dir, 'old.yaml');
    writeFileSync(
      file,
      SELECTS.replace(
        '{Ref: Addr}]}]\n        - Fn',
        "{Ref: Addr}]}]\n        - {'Fn::Select': [0, {'Fn::GetAtt': [Blog, Info]}]}\n        - Fn",
      ),
    );
    const { code, stdout, stderr } = await heatstack('convert', file, '--dialect', 'hot');
    expect(code).toBe(0);
    expect(parse(stdout).heat_template_version).toBe('2013-05-23'); // the only one with Fn::Select and a split
    expect(stderr).toBe(
      'note: written as heat_template_version 2013-05-23 (Fn::Select at Resources.Blog.Properties.Env[1] needs it)\n',
    );
  });

  test('--hot-version writes that version, and is an error naming what needs another', async () => {
    const file = join(dir, 'selects.yaml');
    writeFileSync(file, SELECTS);
    const ocata = await heatstack('convert', file, '--dialect', 'hot', '--hot-version', 'ocata');
    expect([ocata.code, ocata.stderr, parse(ocata.stdout).heat_template_version]).toEqual([0, '', 'ocata']);
    const old = await heatstack('convert', file, '--dialect', 'hot', '--hot-version', '2015-04-30');
    expect([old.code, old.stdout]).toEqual([1, '']);
    expect(old.stderr).toMatch(
      new RegExp(`^${file}: heat_template_version 2015-04-30 cannot express this template:\n${file}:10:11: `),
    );
    await expect(heatstack('convert', file, '--dialect', 'cfn', '--hot-version', 'ocata')).rejects.toThrow(UsageError);
    await expect(heatstack('convert', file, '--dialect', 'hot', '--hot-version', '2019-01-01')).rejects.toThrow(
      UsageError,
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
