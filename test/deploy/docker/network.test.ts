import { afterAll, expect, test } from 'vitest';
import { ensureStackNetwork, stackNetworkName } from '../../../src/deploy/docker/network.js';
import { removeStackObjects } from '../../../src/deploy/docker/stack-objects.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { describeDocker, testDocker, uniqueStack } from '../../support/docker.js';

/** The stack's own network (`src/deploy/docker/network.ts`) and the record it is made for (`docs/stack-identity.md`). */
describeDocker('the stack network', () => {
  const s = uniqueStack('stacknet');
  afterAll(() => removeStackObjects(s));

  test('is made for its record, joined again by it, and refused to a stack of that name recorded elsewhere', async () => {
    const docker = await testDocker();
    const mine = { id: 'record-a', stateDir: '/state/a' };
    const id = await ensureStackNetwork(docker, s, mine);
    expect((await docker.getNetwork(id).inspect()).Labels).toEqual({
      [LABELS.stack]: s,
      [LABELS.stackId]: 'record-a',
      [LABELS.stateDir]: '/state/a',
    });
    expect(await ensureStackNetwork(docker, s, mine)).toBe(id);

    await expect(ensureStackNetwork(docker, s, { id: 'record-b', stateDir: '/state/b' })).rejects.toThrow(
      `stack ${s}: its network ${stackNetworkName(s)} belongs to the stack ${s} of another record ` +
        '(stack id record-a, state directory /state/a); destroy that stack there, or choose another stack name',
    );
  });
});
