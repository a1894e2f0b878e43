import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeDocker } from '../support/docker.js';
import { seededRandom } from '../support/seeded-random.js';
import { daemonRestartTrial } from './daemon-restart.js';
import type { ChaosWorld, TrialResult } from './trials.js';
import { apiFaultTrial, daemonAwayTrial, KILL_PHASES, killTrial, raceTrial, stateFaultTrial } from './trials.js';
import { openWorld } from './world.js';

/**
 * A sample of the chaos suite (`npm run chaos` runs it whole, test/chaos/run.ts): a few trials of each kind of fault,
 * on stacks of 6 containers (the full run's are 20), two at a time. Each must end with nothing leaked, nothing
 * crashed and every check passed — the trial's own findings are the message when one fails.
 */

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
let world: ChaosWorld & { close(): Promise<void> };

/** Runs trials two at a time; every one must come out clean. */
async function expectClean(...trials: ((w: ChaosWorld) => Promise<TrialResult>)[]): Promise<void> {
  const results: TrialResult[] = [];
  for (let i = 0; i < trials.length; i += 2)
    results.push(...(await Promise.all(trials.slice(i, i + 2).map((trial) => trial(world)))));
  for (const r of results)
    expect({ trial: `${r.kind}: ${r.name}`, problems: r.problems, crashes: r.crashes, leaks: r.leaks }).toEqual({
      trial: `${r.kind}: ${r.name}`,
      problems: [],
      crashes: [],
      leaks: 0,
    });
}

describeDocker('chaos (a sample of npm run chaos)', () => {
  beforeAll(async () => {
    world = await openWorld(SEED, 6);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  test('kill -9 at a random moment of an update and of another phase: the next deploy converges, destroy leaves nothing', async () => {
    const other = KILL_PHASES.filter((p) => p !== 'update')[SEED % 4] ?? 'create';
    await expectClean(
      (w) => killTrial(w, 'update'),
      (w) => killTrial(w, other),
    );
  }, 600_000);

  test('the Engine API answers a call with a 500, a reset or never: the run ends truthfully, a retry succeeds', async () => {
    const random = seededRandom(SEED);
    const nth = () => 1 + Math.floor(random() * 4);
    await expectClean(
      (w) => apiFaultTrial(w, 'update', 'create', nth(), '500'),
      (w) => apiFaultTrial(w, 'destroy', 'remove', nth(), 'reset'),
      (w) => apiFaultTrial(w, 'create', 'inspect', nth(), 'hang'),
    );
  }, 600_000);

  test('the daemon goes away mid-run: a clear error, a readable state file, and the next run converges', async () => {
    await expectClean(
      (w) => daemonAwayTrial(w, 'create', 'cut'),
      (w) => daemonAwayTrial(w, 'destroy', 'refuse'),
    );
  }, 600_000);

  test('a real dockerd (a private one) restarted during a create and killed during a destroy: a clear end, the next run converges', async () => {
    await expectClean(
      (w) => daemonRestartTrial(w, 'create', 'restart'),
      (w) => daemonRestartTrial(w, 'destroy', 'kill -9'),
    );
  }, 900_000);

  test('the state directory fails (full, a truncated file): refused, nothing half-written, Docker untouched', async () => {
    await expectClean(
      (w) => stateFaultTrial(w, 'full'),
      (w) => stateFaultTrial(w, 'truncated'),
    );
  }, 600_000);

  test('two runs at once, and two racing for a stale lock: exactly one works, the other is told who holds the stack', async () => {
    await expectClean(
      (w) => raceTrial(w, 'deploy/destroy'),
      (w) => raceTrial(w, 'stale lock'),
    );
  }, 600_000);
});
