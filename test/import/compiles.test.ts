import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importTemplate } from '../../src/import/index.js';

/** The imported code compiles under the project's strict `tsc` and passes its linter as written. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = [
  'test/fixtures/seed/wordpress_mysql.yml',
  'test/fixtures/templates/import/hot-docker-objects.yaml',
  'test/fixtures/templates/import/hot-adopted.yaml',
  ...readdirSync(join(ROOT, 'test/fixtures/templates/valid')).map((f) => `test/fixtures/templates/valid/${f}`),
];
// Inside the project, so that `heatstack` resolves as the project's tsconfig maps it.
const DIR = mkdtempSync(join(ROOT, 'test/import/imported-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('imported code', () => {
  it('compiles under strict tsc and passes biome, for every template of the corpus, in either style', () => {
    for (const [i, file] of CORPUS.entries()) {
      const text = readFileSync(join(ROOT, file));
      writeFileSync(join(DIR, `stack${i}.ts`), importTemplate(text, { file }).source);
      writeFileSync(join(DIR, `decorated${i}.ts`), importTemplate(text, { file, decorators: true }).source);
    }
    writeFileSync(
      join(DIR, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', DIR], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const files = CORPUS.flatMap((_, i) => [join(DIR, `stack${i}.ts`), join(DIR, `decorated${i}.ts`)]);
    const biome = spawnSync(join(ROOT, 'node_modules/.bin/biome'), ['check', ...files], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
    expect(biome.stdout + biome.stderr).not.toMatch(/Found \d+ (warning|info)/);
  });
});
