import { describe, expect, test } from 'vitest';
import { deployStack, planStack } from '../../../src/deploy/engine/stack-engine.js';
import { formatPlan } from '../../../src/deploy/plan/plan.js';
import { call, type Template } from '../../../src/template/model.js';
import { useFakeEngine } from '../support/fake-engine.js';
import { attr, things } from '../support/templates.js';

/** A deploy repairs what was stopped or removed outside heatstack, and recomputes the outputs that read it. */

const engine = useFakeEngine();

const web = (): Template =>
  things(
    { Db: { image: 'mysql' }, Web: { image: 'nginx', env: [call('join', '=', ['DB', attr('Db', 'Ip')])] } },
    { outputs: { URL: { value: call('join', '', ['http://', attr('Web', 'Ip'), '/']) } } },
  );
const input = {
  stackName: 's1',
  stackId: 'id-1',
  template: web(),
  parameters: {},
  hiddenParameters: new Set<string>(),
};
const deploy = () => deployStack(input, engine.options);
const plan = async () => formatPlan((await planStack(input, engine.options)).plan);

/** Marks the object of `resource` stopped, as `docker stop` outside heatstack leaves it. */
function stopOutside(resource: string): void {
  for (const o of engine.backend.objects.values()) if (o.logicalId === resource) o.running = false;
}

describe('deploy repairs drift', () => {
  test('a stopped container is started again, and the output reading it is right afterwards', async () => {
    const first = await deploy();
    const webId = first.record.resources.Web?.physicalId;
    stopOutside('Web');
    engine.backend.calls.length = 0;
    engine.events.length = 0;

    expect(await plan()).toBe(['repair Web: exited (137) outside heatstack', 'keep Db: unchanged'].join('\n'));
    const result = await deploy();

    expect(result.record.status).toBe('UPDATE_COMPLETE');
    expect(engine.backend.calls).toEqual(['repair Web']);
    expect(result.record.resources.Web?.physicalId).toBe(webId);
    expect(engine.events.filter((e) => e.resource === 'Web').map((e) => `${e.status} ${e.reason}`)).toEqual([
      'UPDATE_IN_PROGRESS state changed: repair: exited (137) outside heatstack',
      'UPDATE_COMPLETE state changed: repaired',
    ]);
    expect(result.record.outputs.URL).toEqual({ value: `http://10.0.0.${webId?.slice(1)}/` });
    expect(await plan()).toBe(['keep Db: unchanged', 'keep Web: unchanged'].join('\n'));
  });

  test('one that cannot start again is replaced, and what reads it is replaced too: it gets the new address', async () => {
    await deploy();
    stopOutside('Db');
    engine.backend.cannotStart.add('Db');
    engine.backend.calls.length = 0;
    engine.events.length = 0;

    const result = await deploy();

    expect(result.record.status).toBe('UPDATE_COMPLETE');
    expect(engine.backend.calls).toEqual(['repair Db', 'delete Db', 'create Db', 'delete Web', 'create Web']);
    expect(result.record.resources.Db?.statusReason).toBe('state changed');
    const dbId = result.record.resources.Db?.physicalId as string;
    expect(engine.backend.objects.get(dbId)?.running).toBe(true);
    expect(engine.events.find((e) => e.resource === 'Db' && e.status === 'CREATE_IN_PROGRESS')?.reason).toMatch(
      /^state changed: replaced: exited \(137\) outside heatstack, and it could not be started again: Db exited/,
    );
    const webId = result.record.resources.Web?.physicalId as string;
    expect(engine.backend.objects.get(webId)?.properties.env).toEqual([`DB=10.0.0.${dbId.slice(1)}`]);
    expect(engine.events.find((e) => e.resource === 'Web' && e.status === 'CREATE_IN_PROGRESS')?.reason).toBe(
      'state changed: replaced: reads Db, which was replaced',
    );
    expect(result.record.outputs.URL).toEqual({ value: `http://10.0.0.${webId.slice(1)}/` });
    expect(await plan()).toBe(['keep Db: unchanged', 'keep Web: unchanged'].join('\n'));
  });

  test('what reads a container started again is kept: its id is the same', async () => {
    const first = await deploy();
    stopOutside('Db');
    engine.backend.calls.length = 0;

    expect(await plan()).toBe(
      [
        'repair Db: exited (137) outside heatstack',
        'refresh Web: reads Db: replaced too if Db is replaced [after repair Db]',
      ].join('\n'),
    );
    const result = await deploy();

    expect(engine.backend.calls).toEqual(['repair Db']);
    expect(result.record.resources.Web?.physicalId).toBe(first.record.resources.Web?.physicalId);
    expect(result.record.resources.Web?.status).toBe('CREATE_COMPLETE');
  });

  test('a removed container is created again, and the output follows its new address', async () => {
    const first = await deploy();
    const oldId = first.record.resources.Web?.physicalId as string;
    engine.backend.objects.delete(oldId);

    expect(await plan()).toBe(['create Web: its container is gone', 'keep Db: unchanged'].join('\n'));
    const result = await deploy();

    const newId = result.record.resources.Web?.physicalId as string;
    expect(newId).not.toBe(oldId);
    expect(result.record.outputs.URL).toEqual({ value: `http://10.0.0.${newId.slice(1)}/` });
  });

  test('a deploy that cannot bring a stopped container back does not end COMPLETE', async () => {
    await deploy();
    stopOutside('Web');
    engine.backend.cannotStart.add('Web');
    engine.backend.failing.set('Web', 'the image is gone');

    const result = await deployStack({ ...input, rollback: false }, engine.options);

    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toBe('Resource REPAIR failed: Web: the image is gone');
    expect(result.record.status).toBe('UPDATE_FAILED');
    expect(result.record.resources.Web?.status).toBe('CREATE_FAILED');
  });
});
