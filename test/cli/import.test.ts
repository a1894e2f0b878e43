import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HeatstackError, UsageError } from '../../src/errors.js';
import { ImportError } from '../../src/import/index.js';
import { folderPerTest, heatstack } from '../support/cli.js';

const SEED = new URL('../fixtures/seed/wordpress_mysql.yml', import.meta.url).pathname;
const folder = folderPerTest('heatstack-import-');

describe('heatstack import', () => {
  test('prints the app, and on standard error what it made', async () => {
    const { code, stdout, stderr } = await heatstack('import', SEED);
    expect(code).toBe(0);
    expect(stdout).toContain('export class WordpressMysqlStack extends Stack {');
    expect(stderr).toBe(
      'imported: 3 constructs, 0 places left as Fn.call or an override\n' +
        '  resources are declared in dependency order, not the template’s\n',
    );
  });

  test('-o writes the file, its folder made if need be, and --class names the stack class', async () => {
    const out = join(folder(), 'stacks', 'blog.ts');
    const { code, stdout } = await heatstack('import', SEED, '-o', out, '--class', 'BlogStack');
    expect([code, stdout]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).toContain('export class BlogStack extends Stack {');
  });

  test('-o refuses a file that exists, naming it, and leaves it as it was; --force replaces it', async () => {
    const out = join(folder(), 'blog.ts');
    writeFileSync(out, '// written by hand\n');
    await expect(heatstack('import', SEED, '-o', out)).rejects.toThrow(
      new HeatstackError(`import: ${out} exists: not replaced (give --force to replace it)`),
    );
    await expect(heatstack('import', '--check', SEED, '-o', out)).rejects.toThrow(`import: ${out} exists`);
    expect(readFileSync(out, 'utf8')).toBe('// written by hand\n');
    expect((await heatstack('import', SEED, '-o', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('export class WordpressMysqlStack extends Stack {');
  });

  test('--check says the app synthesizes the template again (exit 0); a template Heat refuses is an import error', async () => {
    const ok = await heatstack('import', '--check', SEED);
    expect(ok).toEqual({
      code: 0,
      stdout: `${SEED}: the imported app synthesizes the template again, as Heat reads it (same model)\n`,
      stderr: '',
    });
    // A dependency on no resource: Heat refuses it at validate, and no construct can name one.
    const nowhere = join(folder(), 'nowhere.yaml');
    writeFileSync(
      nowhere,
      'heat_template_version: 2021-04-16\nresources:\n  a: {type: OS::Heat::None, depends_on: [b]}\n',
    );
    await expect(heatstack('import', '--check', nowhere)).rejects.toThrow(
      new ImportError(
        `${nowhere}:3:29: a depends on "b", which is not a resource of this template (did you mean 'a'?) (at resources.a.depends_on)`,
      ),
    );
  });

  test('--json reports each construct and each place left as Fn.call, with its template path', async () => {
    const file = join(folder(), 't.yaml');
    writeFileSync(
      file,
      'heat_template_version: 2021-04-16\nresources:\n  web:\n    type: DockerInc::Docker::Container\n' +
        '    properties: {image: busybox, hostname: {str_split: [",", "a,b", 0]}}\n',
    );
    const { code, stdout } = await heatstack('import', file, '--json', '-o', join(folder(), 't.ts'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      file,
      constructs: [{ path: 'resources.web', construct: 'DockerContainer' }],
      raw: [{ path: 'resources.web.properties.hostname', fn: 'split' }],
      dropped: [],
      reordered: false,
    });
    expect(existsSync(join(folder(), 't.ts'))).toBe(true);
  });

  test('a reference cycle, a template with errors or a missing file is an error; bad usage is a usage error', async () => {
    const cycle = join(folder(), 'cycle.yaml');
    writeFileSync(
      cycle,
      'heat_template_version: 2021-04-16\nresources:\n' +
        '  a: {type: DockerInc::Docker::Container, properties: {image: {get_attr: [b, network_ip]}}}\n' +
        '  b: {type: DockerInc::Docker::Container, properties: {image: {get_attr: [a, network_ip]}}}\n',
    );
    await expect(heatstack('import', cycle)).rejects.toThrow(
      new ImportError(`${cycle}:3:3: Circular Dependency Found: a -> b -> a (at resources.a)`),
    );
    await expect(heatstack('import', join(folder(), 'none.yaml'))).rejects.toThrow(HeatstackError);
    await expect(heatstack('import')).rejects.toThrow(UsageError);
    await expect(heatstack('import', SEED, '--class', 'not a name')).rejects.toThrow(UsageError);
    await expect(heatstack('import', SEED, '--chekc')).rejects.toThrow(/did you mean '--check'/);
  });
});
