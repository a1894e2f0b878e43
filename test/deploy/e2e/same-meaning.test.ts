import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { StackEvent } from '../../../src/deploy/status.js';
import { loadAppFile, synthesize } from '../../../src/synth/index.js';
import { emitTemplate } from '../../../src/template/emit/index.js';
import type { Dialect, Format } from '../../../src/template/model.js';
import { describeDocker } from '../../support/docker.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, ROOT, spawnCli } from '../support/e2e.js';

let ws: E2eWorkspace;

const APP = join(ROOT, 'test/fixtures/apps/greeting.ts');
const GIVEN = { Greeting: 'hi', Password: 'swordfish' };
const FORMS: readonly [Dialect, Format][] = [
  ['cfn', 'yaml'],
  ['cfn', 'json'],
  ['hot', 'yaml'],
  ['hot', 'json'],
];

/** `heatstack synth fixtures/apps/greeting.ts --dialect D --format F --out …`, as files in the workspace. */
async function synthesizedFiles(): Promise<string[]> {
  const [stack] = synthesize(await loadAppFile(APP), { dialect: 'cfn' });
  const [hot] = synthesize(await loadAppFile(APP), { dialect: 'hot' });
  return FORMS.map(([dialect, format]) => {
    const file = join(ws.dir, `greeting.${dialect}.${format}`);
    const template = (dialect === 'cfn' ? stack : hot)?.template;
    if (template === undefined) throw new Error('the app has no stack');
    writeFileSync(file, emitTemplate(template, { dialect, format }));
    return file;
  });
}

describeDocker('one stack, whether deployed from its app or from its synthesized template', () => {
  ws = e2eWorkspace('same-meaning');

  test('after `deploy app.ts`, each synthesized template (both dialects, both formats) diffs as No changes. and deploys replacing nothing', async () => {
    // GIVEN the stack deployed from its app
    const stack = ws.newStack('meaning');
    const first = await deployFile(APP, stack, ws.stateDir, [], GIVEN);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const ids = Object.fromEntries(Object.entries(first.record.resources).map(([n, r]) => [n, r.physicalId]));

    for (const file of await synthesizedFiles()) {
      // WHEN the CI flow diffs the synthesized template
      const preview = await spawnCli(
        ['diff', file, '--stack', stack, '-P', 'Greeting=hi', '-P', 'Password=swordfish', '--fail'],
        ws.stateDir,
      ).done;
      // THEN nothing would change
      expect({ file, code: preview.code, stderr: preview.stderr }).toEqual({ file, code: 0, stderr: '' });
      expect(preview.stdout).toBe(
        ['= keep Database: unchanged', '= keep Web: unchanged', '', 'No changes.', ''].join('\n'),
      );
      // AND deploying it replaces nothing
      const events: StackEvent[] = [];
      const result = await deployFile(file, stack, ws.stateDir, events, GIVEN);
      expect(result.record.status).toBe('UPDATE_COMPLETE');
      expect(events.filter((e) => e.resource !== undefined)).toEqual([]);
      expect(Object.fromEntries(Object.entries(result.record.resources).map(([n, r]) => [n, r.physicalId]))).toEqual(
        ids,
      );
    }
  }, 240_000);
});
