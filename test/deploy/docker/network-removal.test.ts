import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { heldNetworkNotice, networkRemoval } from '../../../src/deploy/docker/network.js';

/** A daemon whose network removal answers with `answers` in turn (then the last again), with `attached` containers on it. */
function daemon(answers: readonly (number | 'ok')[], attached = 0): { docker: Docker; removals: () => number } {
  let removals = 0;
  const network = {
    async remove() {
      const answer = answers[Math.min(removals++, answers.length - 1)];
      if (answer === 'ok') return;
      throw Object.assign(new Error(`(HTTP code ${answer}) error while removing network: has active endpoints`), {
        statusCode: answer,
      });
    },
    async inspect() {
      return { Containers: Object.fromEntries(Array.from({ length: attached }, (_, i) => [`c${i}`, {}])) };
    },
  };
  return { docker: { getNetwork: () => network } as unknown as Docker, removals: () => removals };
}

describe('removing an empty network (Docker 20.10 may still count an endpoint on it)', () => {
  test('a count Docker brings down after a moment: asked again, removed', async () => {
    const { docker, removals } = daemon([403, 403, 'ok']);
    expect(await networkRemoval(docker, 'n')).toBe('removed');
    expect(removals()).toBe(3);
  });

  test('a count Docker never brings down, no container attached: held, after a few tries, not thrown', async () => {
    const { docker, removals } = daemon([403]);
    expect(await networkRemoval(docker, 'n')).toBe('held');
    expect(removals()).toBe(5);
  });

  test('a container still on it: attached at once, not waited for', async () => {
    const { docker, removals } = daemon([403], 1);
    expect(await networkRemoval(docker, 'n')).toBe('attached');
    expect(removals()).toBe(1);
  });

  test('gone already counts as removed; another failure is thrown', async () => {
    expect(await networkRemoval(daemon([404]).docker, 'n')).toBe('removed');
    await expect(networkRemoval(daemon([500]).docker, 'n')).rejects.toThrow(/HTTP code 500/);
  });

  test('the user is told why a held network is left and that nothing needs doing', () => {
    expect(heldNetworkNotice('heatstack-blog', 'blog')).toBe(
      'network heatstack-blog is left: Docker still counts an endpoint on it although no container is attached ' +
        '(a Docker 20.10 defect, moby/moby#42119); it goes when the daemon restarts, and the next deploy of stack ' +
        'blog uses it again',
    );
  });
});
