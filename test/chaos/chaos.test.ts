import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeDocker } from '../support/docker.js';
import type { Kind } from './plan.js';
import { runTrials, sampleTrials } from './plan.js';
import type { ChaosWorld, TrialResult } from './trials.js';
import { openWorld } from './world.js';

/**
 * A sample of the chaos suite (`npm run chaos` runs it whole, test/chaos/run.ts; `npm run chaos -- --sample` this
 * sample): every kind of fault and every variant of each, once, at a point drawn from the seed (sampleTrials in test/chaos/plan.ts),
 * on stacks of 6 containers (the full run's are 20), three at a time. Each must end with nothing leaked, nothing
 * crashed and every check passed — the trial's own findings are the message when one fails.
 */

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const PARALLEL = 3;
let world: (ChaosWorld & { close(): Promise<void> }) | undefined;
const results = new Map<Kind, TrialResult[]>();

/** Every trial of `kind` came out clean, and (`landed`) its fault came while the run was under way. */
function expectClean(kind: Kind, landed = false): void {
  const of = results.get(kind) ?? [];
  expect(of.length, `trials of ${kind} run`).toBeGreaterThan(0);
  for (const r of of)
    expect({ trial: `${r.kind}: ${r.name}`, problems: r.problems, crashes: r.crashes, leaks: r.leaks }).toEqual({
      trial: `${r.kind}: ${r.name}`,
      problems: [],
      crashes: [],
      leaks: 0,
    });
  if (landed)
    expect(of.filter((r) => !r.landed && !r.name.startsWith('no ')).map((r) => `${r.name}: did not land`)).toEqual([]);
}

describeDocker('chaos (a sample of npm run chaos)', () => {
  beforeAll(async () => {
    world = await openWorld(SEED, 6);
    await runTrials(world, sampleTrials(SEED), PARALLEL, (trial, result) => {
      results.set(trial.kind, [...(results.get(trial.kind) ?? []), result]);
    });
  }, 900_000);
  afterAll(async () => {
    await world?.close();
  });

  test('kill -9 at a random moment of a create, an update, a destroy, a suspend and a resume: the next deploy converges, destroy leaves nothing', () => {
    expectClean('kill');
  });

  test('the Engine API answers a call of each kind with a 500, a 404, a reset or never: the run ends truthfully, a retry succeeds', () => {
    expectClean('api', true);
  });

  test('the daemon goes away mid-run (cut, refused) in a create, an update and a destroy: a clear error, a readable state file, and the next run converges', () => {
    expectClean('daemon');
  });

  test('a real dockerd (a private one) restarted during a create, killed during an update and a destroy: a clear end, the next run converges', () => {
    expectClean('restart');
  });

  test('the state directory fails (full, read-only, full mid-run, corrupt, truncated, newer): refused, nothing half-written, Docker untouched', () => {
    expectClean('state');
  });

  test('two runs at once (deploy/deploy, deploy/destroy, destroy/destroy), and two racing for a stale lock: exactly one works, the other is told who holds the stack', () => {
    expectClean('race');
  });
});
