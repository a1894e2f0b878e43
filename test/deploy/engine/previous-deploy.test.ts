import { describe, expect, test } from 'vitest';
import { rollbackStack } from '../../../src/deploy/engine/previous-deploy.js';
import { checkStack, deployStack } from '../../../src/deploy/engine/stack-engine.js';
import type { Template } from '../../../src/template/model.js';
import { useFakeEngine } from '../support/fake-engine.js';
import { things } from '../support/templates.js';

// `heatstack rollback` returns only to a template and parameters that were once deployed successfully: a template
// whose create failed (rolled back or not) is never a target, however the stack was checked or deployed since.
const engine = useFakeEngine();

const deploy = (template: Template, rollback = true) =>
  deployStack(
    { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set(), rollback },
    engine.options,
  );
const web = (image: string) => things({ Web: { image } });
const NO_TARGET = 'stack s1 has no previous deploy to return to';

describe('rollback targets', () => {
  test('a create that failed and rolled back is no target for the good deploy that follows', async () => {
    engine.backend.failing.set('Web:bad', 'exited (1)');
    expect((await deploy(web('bad'))).record.status).toBe('ROLLBACK_COMPLETE');
    expect((await deploy(web('good'))).ok).toBe(true);
    await expect(rollbackStack('s1', {}, engine.options)).rejects.toThrow(NO_TARGET);
  });

  test('nor after a check of the rolled-back stack', async () => {
    engine.backend.failing.set('Web:bad', 'exited (1)');
    await deploy(web('bad'));
    expect((await checkStack('s1', engine.options)).record.status).toBe('CHECK_COMPLETE');
    await deploy(web('good'));
    await expect(rollbackStack('s1', {}, engine.options)).rejects.toThrow(NO_TARGET);
  });

  test('nor a failed create kept by --no-rollback, then checked', async () => {
    engine.backend.failing.set('Web:bad', 'exited (1)');
    expect((await deploy(web('bad'), false)).record.status).toBe('CREATE_FAILED');
    expect((await checkStack('s1', engine.options)).record.status).toBe('CHECK_FAILED');
    await deploy(web('good'));
    await expect(rollbackStack('s1', {}, engine.options)).rejects.toThrow(NO_TARGET);
  });

  test('an update rolled back to its previous template keeps that template a target', async () => {
    engine.backend.failing.set('Web:bad', 'exited (1)');
    await deploy(web('one'));
    expect((await deploy(web('bad'))).record.status).toBe('ROLLBACK_COMPLETE');
    await deploy(web('two'));
    const back = await rollbackStack('s1', {}, engine.options);
    expect(back.ok).toBe(true);
    expect(back.record.template.resources.Web?.properties.image).toBe('one');
  });

  test('a failed update does not stop the last good template from being the target', async () => {
    engine.backend.failing.set('Web:bad', 'exited (1)');
    await deploy(web('one'));
    expect((await deploy(web('bad'), false)).record.status).toBe('UPDATE_FAILED');
    await deploy(web('two'));
    expect((await rollbackStack('s1', {}, engine.options)).record.template.resources.Web?.properties.image).toBe('one');
  });
});
