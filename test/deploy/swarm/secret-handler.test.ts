import { afterAll, expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import { createHandler } from '../../../src/deploy/swarm/secret-handler.js';
import { describeDocker, uniqueStack } from '../../support/docker.js';
import { ensureSwarm } from './swarm-support.js';

/** A generated string's Swarm secret and the record it is made for (`docs/stack-identity.md`). */
describeDocker('the Swarm secret of OS::Heat::RandomString', () => {
  const handler = createHandler();
  const stack = uniqueStack('swarm-secret-owner');
  afterAll(() => handler.sweep({ name: stack }, []));

  test('carries its record’s id and state directory; the sweep of a stack of that name recorded elsewhere leaves it', async () => {
    const docker = await ensureSwarm();
    const owner = { id: 'record-a', stateDir: '/state/a' };
    const created = await handler.create({
      stack,
      logicalId: 'Word',
      type: 'OS::Heat::RandomString',
      properties: { length: 8, sequence: 'lettersdigits', character_classes: [], character_sequences: [] },
      configHash: 'h',
      deployId: 'd1',
      owner,
    });
    const [secret] = await docker.listSecrets({ filters: JSON.stringify({ name: [created.physicalId] }) });
    expect(secret?.Spec?.Labels).toMatchObject({ [LABELS.stackId]: 'record-a', [LABELS.stateDir]: '/state/a' });

    expect(await handler.sweep({ name: stack, ids: new Set(['record-b']), stateDir: '/state/b' }, [])).toBe(0);
    expect(await handler.sweep({ name: stack, ids: new Set(['record-a']), stateDir: '/state/a' }, [])).toBe(1);
  });
});
