import { describe, expect, test } from 'vitest';
import { deployStack, destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { call } from '../../../src/template/model.js';
import { useFakeEngine } from '../support/fake-engine.js';
import { attr, things } from '../support/templates.js';

// A delete the daemon was asked for goes on when the run that asked is killed (a kill -9 of the CLI during a destroy):
// the record must say so before the daemon is asked, or the next deploy, which may still find the object listed,
// keeps a resource whose container is about to be gone (the chaos suite: 9 of 20 containers missing after it).

const engine = useFakeEngine();
const template = things({
  Db: { image: 'mysql' },
  Web: { image: 'nginx', env: [call('join', '=', ['DB', attr('Db', 'Ip')])] },
});

describe('a delete is written ahead', () => {
  test('a destroy records a resource DELETE_IN_PROGRESS before it asks the backend to delete it', async () => {
    const input = { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set<string>() };
    expect((await deployStack(input, engine.options)).ok).toBe(true);
    engine.backend.stepDelays.set('delete Web', 1_000);
    const destroying = destroyStack('s1', engine.options);
    while (!engine.backend.calls.includes('delete Web')) await new Promise((r) => setTimeout(r, 2));

    const onDisk = await engine.options.store.load('s1');
    expect(onDisk?.resources.Web?.status).toBe('DELETE_IN_PROGRESS');
    expect(onDisk?.resources.Db?.status).toBe('CREATE_COMPLETE');
    expect((await destroying).ok).toBe(true);
  });
});
