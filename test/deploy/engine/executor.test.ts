import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { executePlan } from '../../../src/deploy/engine/executor.js';
import type { Operation } from '../../../src/deploy/plan/plan.js';

const op = (id: string, after: string[] = []): Operation => ({
  id,
  kind: 'create',
  resource: id,
  cause: 'test',
  after,
});
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('executePlan', () => {
  test('never starts an operation before what it waits for has completed, whatever the graph', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (deps, concurrency) => {
          // Each op i may wait for ops with smaller indexes: always acyclic.
          const ops = deps.map((ds, i) => op(`o${i}`, i === 0 ? [] : [...new Set(ds.map((d) => `o${d % i}`))]));
          const done = new Set<string>();
          let running = 0;
          let peak = 0;
          const result = await executePlan(
            ops,
            async (o) => {
              for (const d of o.after) expect(done.has(d)).toBe(true);
              running++;
              peak = Math.max(peak, running);
              await tick();
              running--;
              done.add(o.id);
            },
            { concurrency },
          );
          expect(result.completed.size).toBe(ops.length);
          expect(peak).toBeLessThanOrEqual(concurrency);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('after a failure nothing new starts; what waited for it is reported as not run', async () => {
    const started: string[] = [];
    const result = await executePlan(
      [op('a'), op('b', ['a']), op('c')],
      async (o) => {
        started.push(o.id);
        if (o.id === 'a') throw new Error('a failed');
        await tick();
      },
      { concurrency: 1 },
    );
    expect(started).toEqual(['a']);
    expect([...result.failed.keys()]).toEqual(['a']);
    expect(result.notRun).toEqual(['b', 'c']);
  });

  test('continuing after a failure runs everything that does not wait for it', async () => {
    const result = await executePlan(
      [op('a'), op('b', ['a']), op('c')],
      async (o) => {
        if (o.id === 'a') throw new Error('a failed');
      },
      { concurrency: 1, continueAfterFailure: true },
    );
    expect([...result.completed]).toEqual(['c']);
    expect(result.notRun).toEqual(['b']);
  });

  test('quick operations run in a lane of their own: each lane keeps its bound, neither waits for the other', async () => {
    const quick = (id: string): Operation => ({ ...op(id), kind: 'update' });
    const ops = [op('c1'), op('c2'), quick('u1'), quick('u2'), quick('u3'), quick('u4'), quick('u5')];
    const running = { create: 0, update: 0 };
    const peak = { create: 0, update: 0 };
    let overlapped = false;
    const result = await executePlan(
      ops,
      async (o) => {
        const kind = o.kind as 'create' | 'update';
        running[kind]++;
        peak[kind] = Math.max(peak[kind], running[kind]);
        overlapped ||= running.create > 0 && running.update > 0;
        await tick();
        running[kind]--;
      },
      { concurrency: 1, quick: { is: (o) => o.kind === 'update', concurrency: 3 } },
    );
    expect(result.completed.size).toBe(ops.length);
    expect(peak).toEqual({ create: 1, update: 3 });
    expect(overlapped).toBe(true);
  });

  test('an empty plan completes at once', async () => {
    expect((await executePlan([], async () => {}, { concurrency: 3 })).completed.size).toBe(0);
  });
});
