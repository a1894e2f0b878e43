import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import {
  isSuspended,
  resumedSpec,
  SUSPENDED_CONSTRAINT,
  SUSPENDED_REPLICAS_LABEL,
  suspendedSpec,
} from '../../../src/deploy/swarm/suspend.js';

const task = (placement?: Docker.Placement): Docker.ContainerTaskSpec => ({
  ContainerSpec: { Image: 'busybox' },
  ...(placement ? { Placement: placement } : {}),
});

describe('suspending a Swarm service', () => {
  test('a replicated one is scaled to 0, its count kept in a label, and scaled back', () => {
    const spec: Docker.ServiceSpec = { Name: 'web', Labels: { a: '1' }, Mode: { Replicated: { Replicas: 3 } } };
    const suspended = suspendedSpec(spec);
    expect(suspended).toEqual({
      Name: 'web',
      Labels: { a: '1', [SUSPENDED_REPLICAS_LABEL]: '3' },
      Mode: { Replicated: { Replicas: 0 } },
    });
    expect(suspended && isSuspended(suspended)).toBe(true);
    expect(suspended && resumedSpec(suspended)).toEqual(spec);
  });

  test('a global one gets a constraint no node meets, and loses only that one on resume', () => {
    const placed: Docker.ServiceSpec = {
      Mode: { Global: {} },
      TaskTemplate: task({ Constraints: ['node.role==manager'], Preferences: [] }),
    };
    const suspended = suspendedSpec(placed);
    expect(suspended?.Labels).toEqual({ [SUSPENDED_REPLICAS_LABEL]: 'global' });
    expect(suspended?.Mode).toEqual({ Global: {} });
    expect((suspended?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.Placement?.Constraints).toEqual([
      'node.role==manager',
      SUSPENDED_CONSTRAINT,
    ]);
    expect(suspended && resumedSpec(suspended)).toEqual({ ...placed, Labels: {} });
    // Without constraints of its own, it gets none back.
    const unplaced: Docker.ServiceSpec = { Mode: { Global: {} }, TaskTemplate: task() };
    const back = resumedSpec(suspendedSpec(unplaced) ?? {});
    expect((back?.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.Placement).toEqual({});
  });

  test('suspending a suspended service, or resuming a running one, changes nothing', () => {
    const running: Docker.ServiceSpec = { Mode: { Replicated: { Replicas: 2 } } };
    expect(resumedSpec(running)).toBeUndefined();
    expect(suspendedSpec(suspendedSpec(running) ?? {})).toBeUndefined();
  });
});
