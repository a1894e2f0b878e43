import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from 'heatstack';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { heatstack } from '../support/cli.js';

const run = promisify(execFile);

let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'heatstack-synth-'));
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

describe('heatstack synth', () => {
  test('prints the template of the app named in heatstack.json', async () => {
    const { code, stdout } = await heatstack('synth');
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync('test/examples/__snapshots__/wordpress.cfn.yaml', 'utf8'));
  });

  test('--dialect hot --format json prints HOT JSON', async () => {
    const { code, stdout } = await heatstack('synth', 'examples/site.ts', '--dialect', 'hot', '--format', 'json');
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync('test/examples/__snapshots__/site.hot.json', 'utf8'));
  });

  test('several stacks print as YAML documents separated by ---', async () => {
    const { stdout } = await heatstack('synth', 'test/fixtures/apps/multi-stack.ts');
    expect(stdout.match(/^---$/gm)).toHaveLength(2);
    expect(stdout).toContain('Image: nginx');
    expect(stdout).toContain('Image: mysql');
  });

  test('--stack picks stacks; --out writes one file per stack and lists them', async () => {
    const { code, stderr } = await heatstack(
      'synth',
      'test/fixtures/apps/multi-stack.ts',
      '--out',
      outDir,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['Back.template.json', 'Front.template.json']);
    expect(JSON.parse(readFileSync(join(outDir, 'Back.template.json'), 'utf8')).Resources.Db.Type).toBe(
      'OS::Heat::Docker',
    );
    expect(stderr).toContain(join(outDir, 'Front.template.json'));
    const one = await heatstack('synth', 'test/fixtures/apps/multi-stack.ts', '--stack', 'Back');
    expect(one.stdout).not.toContain('---');
    expect(one.stdout).toContain('Image: mysql');
  });

  test('--out with --stack writes the chosen stack only, the bytes synth prints for it', async () => {
    const { code } = await heatstack('synth', 'test/fixtures/apps/multi-stack.ts', '--out', outDir, '--stack', 'Back');
    expect(code).toBe(0);
    expect(readdirSync(outDir)).toEqual(['Back.template.yaml']);
    const printed = await heatstack('synth', 'test/fixtures/apps/multi-stack.ts', '--stack', 'Back');
    expect(readFileSync(join(outDir, 'Back.template.yaml'), 'utf8')).toBe(printed.stdout);
  });

  test('--out writes no file when the app has synth problems', async () => {
    const { code, stderr } = await heatstack('synth', 'test/fixtures/apps/invalid.ts', '--out', outDir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^heatstack: synth failed: 2 problems:\n/);
    expect(readdirSync(outDir)).toEqual([]);
  });

  test('synth problems print every problem with its construct path and exit 1', async () => {
    const { code, stderr } = await heatstack('synth', 'test/fixtures/apps/invalid.ts');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^heatstack: synth failed: 2 problems:\n/);
    expect(stderr).toMatch(
      / {2}Bad\/Web \(created at test\/fixtures\/apps\/invalid\.ts:\d+:\d+\): Properties\.restart_policy\.Name: /,
    );
    expect(stderr).toMatch(
      / {2}Bad\/Db \(created at test\/fixtures\/apps\/invalid\.ts:\d+:\d+\): Properties\.cap_add\[0\]: /,
    );
  });

  test('an app file that calls app.synth() itself reports synth problems the same way', async () => {
    const { code, stderr } = await heatstack('synth', 'test/fixtures/apps/invalid-synth.ts');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^heatstack: synth failed: Bad\/Web \(created at test\/fixtures\/apps\/invalid-synth\.ts:\d+:\d+\): Properties\.Memory: /,
    );
  });

  test.each([
    [['--format', 'xml'], /--format must be yaml or json, not 'xml'/],
    [['--dialect', 'aws'], /--dialect must be cfn or hot, not 'aws'/],
    [['--nope'], /Unknown option '--nope'/],
    [['a.ts', 'b.ts'], /synth takes one app file/],
    [['--stack', 'Nope'], /no stack named Nope; the app has Wordpress/],
    [
      ['test/fixtures/apps/multi-stack.ts', '--format', 'json'],
      /the app has 2 stacks \(Front, Back\): choose one with --stack/,
    ],
  ])('bad usage %j is a UsageError', async (args, message) => {
    await expect(heatstack('synth', ...args)).rejects.toThrow(UsageError);
    await expect(heatstack('synth', ...args)).rejects.toThrow(message);
  });

  test('a stack written in another version than the default says so, naming the construct that needs it', async () => {
    const { code, stdout, stderr } = await heatstack('synth', 'test/fixtures/apps/old-select.ts', '--dialect', 'hot');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^heat_template_version: '2013-05-23'\n/);
    expect(stderr).toBe(
      'stack Old: note: written as heat_template_version 2013-05-23 (Fn::Select at Old/Web (resources.Web.properties.hostname) needs it)\n',
    );
    const out = await heatstack('synth', 'test/fixtures/apps/old-select.ts', '--dialect', 'hot', '--out', outDir);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(`${join(outDir, 'Old.template.yaml')}\n${stderr}`);
    expect(readFileSync(join(outDir, 'Old.template.yaml'), 'utf8')).toBe(stdout);
  });

  test('--hot-version writes that version, or fails naming the construct that needs another', async () => {
    const pike = await heatstack('synth', 'examples/wordpress.ts', '--dialect', 'hot', '--hot-version', 'pike');
    expect([pike.code, pike.stderr]).toEqual([0, '']);
    expect(pike.stdout).toMatch(/^heat_template_version: pike\n/);
    const old = await heatstack(
      'synth',
      'test/fixtures/apps/old-select.ts',
      '--dialect',
      'hot',
      '--hot-version',
      'pike',
    );
    expect([old.code, old.stdout]).toEqual([1, '']);
    expect(old.stderr).toMatch(
      /^heatstack: synth failed: Old\/Web: --hot-version cannot express this stack \(it needs heat_template_version 2013-05-23\): the function select/,
    );
    await expect(heatstack('synth', 'examples/wordpress.ts', '--hot-version', 'pike')).rejects.toThrow(UsageError);
  });

  test('--help prints the options', async () => {
    const { code, stdout } = await heatstack('synth', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--dialect cfn|hot');
  });
});

describe('the heatstack command, built', () => {
  // A private build, so that a concurrent `npm run build` or someone else's half-written file cannot interfere;
  // under node_modules so that its imports of dependencies resolve.
  mkdirSync('node_modules/.cache', { recursive: true });
  const root = mkdtempSync(join('node_modules/.cache', 'heatstack-build-'));
  const bin = join(root, 'bin', 'heatstack.js');
  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(root, 'dist')]).catch(() => undefined);
    cpSync('bin', join(root, 'bin'), { recursive: true });
    cpSync('package.json', join(root, 'package.json'));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('node bin/heatstack.js synth prints the template and reports problems with exact lines', async () => {
    const ok = await run('node', [bin, 'synth', 'examples/wordpress.ts', '--dialect', 'hot']);
    expect(ok.stdout).toBe(readFileSync('test/examples/__snapshots__/wordpress.hot.yaml', 'utf8'));

    const failed = await run('node', [bin, 'synth', 'test/fixtures/apps/invalid.ts']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('Bad/Web (created at test/fixtures/apps/invalid.ts:5:1)');

    // A decorated member's problem names the line of its decorator, not "unknown location".
    const member = await run('node', [bin, 'synth', 'test/fixtures/apps/decorated-union.ts']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(member).toMatchObject({ code: 1 });
    expect((member as { stderr: string }).stderr).toContain(
      'Site/Mode (created at test/fixtures/apps/decorated-union.ts:6:4)',
    );
    expect((member as { stderr: string }).stderr).toContain(
      'Site/Started (created at test/fixtures/apps/decorated-union.ts:9:4)',
    );

    const dup = await run('node', [bin, 'synth', 'test/fixtures/apps/duplicate-id.ts']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(dup).toMatchObject({ code: 1 });
    expect((dup as { stderr: string }).stderr).toBe(
      "heatstack: test/fixtures/apps/duplicate-id.ts: There is already a Construct with name 'Web' in Stack [Dup] (at test/fixtures/apps/duplicate-id.ts:6:1)\n",
    );

    const usage = await run('node', [bin, 'synth', '--format', 'xml']).catch((e: { code: number }) => e);
    expect(usage).toMatchObject({ code: 2 });

    // another verb, loaded as the dispatcher loads it where Node can require an ES module (src/cli/dispatch-load.ts)
    const valid = await run('node', [bin, 'validate', 'test/fixtures/seed/wordpress_mysql.yml']);
    expect(valid.stdout).toBe('test/fixtures/seed/wordpress_mysql.yml: valid\n');
  });

  test("the README's decorated stack synthesizes with its parameters' types in a CommonJS project", async () => {
    // GIVEN the decorators example of the README as an app file of a project whose package.json says commonjs
    // (under the tests heatstack's own sources load reflect-metadata early; the built command is what users run)
    const project = mkdtempSync(join(tmpdir(), 'heatstack-commonjs-'));
    try {
      writeFileSync(join(project, 'package.json'), '{"type":"commonjs"}');
      writeFileSync(join(project, 'dec.ts'), `${readmeDecoratorsExample()}\nnew Blog(new App(), 'Blog');\n`);
      // WHEN
      const { stdout } = await run('node', [bin, 'synth', join(project, 'dec.ts')], {
        env: { ...process.env, HEATSTACK_CACHE_DIR: join(project, 'cache') },
      });
      // THEN
      const parameters = (parse(stdout) as { Parameters: Record<string, { Type: string }> }).Parameters;
      expect(Object.entries(parameters).map(([name, p]) => [name, p.Type])).toEqual([
        ['DbPassword', 'String'],
        ['HostPort', 'Number'],
        ['DnsServers', 'CommaDelimitedList'],
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

/** The code of the README's section on decorators (its first TypeScript block). */
function readmeDecoratorsExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Parameters and outputs as members (decorators)'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!;
}
