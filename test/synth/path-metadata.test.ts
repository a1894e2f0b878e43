import { describe, expect, test } from 'vitest';
import { loadDeploySource } from '../../src/deploy/input.js';
import { configHash } from '../../src/deploy/plan/config-hash.js';
import { loadAppFile, synthesize } from '../../src/synth/index.js';
import { constructPathOf, PATH_METADATA_KEY } from '../../src/template/construct-path.js';
import { heatstack } from '../support/cli.js';

const APP = 'test/fixtures/apps/nested-busybox.ts';

describe('construct paths in resource metadata (heatstack:path)', () => {
  test('synthesize(app, { pathMetadata: true }) writes each resource’s construct path in its metadata', async () => {
    const [stack] = synthesize(await loadAppFile(APP), { dialect: 'hot', pathMetadata: true });
    const paths = Object.entries(stack?.template.resources ?? {}).map(([id, def]) => [id, constructPathOf(def)]);
    expect(paths).toEqual([
      ['SiteCache50659899', 'Nested/Site/Cache'],
      ['SiteWebB182BA0C', 'Nested/Site/Web'],
      ['Worker', 'Nested/Worker'],
    ]);
  });

  test('by default synth writes no metadata: templates and snapshots stay as they were', async () => {
    const [stack] = synthesize(await loadAppFile(APP), { dialect: 'hot' });
    expect(Object.values(stack?.template.resources ?? {}).map((r) => r.metadata)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('`synth --path-metadata` prints them, in either dialect', async () => {
    const cfn = await heatstack('synth', APP, '--path-metadata');
    expect(cfn.code).toBe(0);
    expect(cfn.stdout).toContain(`    Metadata:\n      ${PATH_METADATA_KEY}: Nested/Site/Cache\n`);
    const hot = await heatstack('synth', APP, '--path-metadata', '--dialect', 'hot');
    expect(hot.stdout).toContain(`    metadata:\n      ${PATH_METADATA_KEY}: Nested/Worker\n`);
  });

  test('deploying an app records the paths in the template it deploys; they never change a configuration hash', async () => {
    const source = await loadDeploySource(APP, 'Nested', {});
    expect(constructPathOf(source.template.resources.SiteWebB182BA0C)).toBe('Nested/Site/Web');
    const [plain] = synthesize(await loadAppFile(APP), { dialect: 'hot' });
    for (const id of Object.keys(source.template.resources)) {
      expect(configHash(source.template, id, {})).toBe(configHash(plain!.template, id, {}));
    }
  });
});
