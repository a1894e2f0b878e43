/**
 * The chaos suite's full run (issue 17): `npm run chaos -- [--trials N] [--only KIND] [--parallel P] [--seed S]`.
 * `--trials` is the number of kill -9 trials (default 100; the daemon, restart, state and race trials are repeated
 * once per 50); `--only` one of kill, api, daemon, restart, state, race (repeatable); `--parallel` how many trials
 * run at once (default 2); `--minutes M` starts no trial after M minutes; `--match TEXT` (repeatable) runs only the
 * trials whose label holds one (`--match 'pull #1'`); `--sample` runs `npm test`'s sample instead (every kind and
 * variant once, sampleTrials in test/chaos/plan.ts); `--size N` puts N containers in the stacks (default 20; the sample in
 * `npm test` has 6). Prints a line per trial, then the reliability table (the README's) and every failed check; exit
 * 1 when any trial leaked, crashed or failed a check. Needs Docker on a unix socket, and root for the tmpfs of the
 * state-directory trials and the private dockerd of the restart trials.
 */

import { parseArgs } from 'node:util';
import { KINDS, type Kind, planTrials, reliabilityTable, runTrials, sampleTrials } from './plan.js';

import { openWorld } from './world.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '100' },
    only: { type: 'string', multiple: true },
    parallel: { type: 'string', default: '2' },
    minutes: { type: 'string' },
    match: { type: 'string', multiple: true },
    seed: { type: 'string' },
    sample: { type: 'boolean', default: false },
    size: { type: 'string', default: '20' },
  },
});
const kinds = (values.only ?? [...KINDS]) as Kind[];
const unknown = kinds.filter((k) => !KINDS.includes(k));
if (unknown.length > 0) {
  process.stderr.write(`chaos: unknown --only ${unknown.join(', ')}; one of ${KINDS.join(', ')}\n`);
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const world = await openWorld(seed, Number(values.size));
const started = performance.now();
/** No trial starts after this (`--minutes`): a loaded machine may not get through them all. */
const deadline = values.minutes === undefined ? Number.POSITIVE_INFINITY : started + Number(values.minutes) * 60_000;
try {
  const all = values.sample
    ? sampleTrials(seed).filter((t) => kinds.includes(t.kind))
    : await planTrials(world, kinds, Number(values.trials));
  const match = values.match;
  const planned = match === undefined ? all : all.filter((t) => match.some((m) => t.label.includes(m)));
  process.stdout.write(`chaos: ${planned.length} trials (seed ${seed}), ${values.parallel} at a time\n`);
  let n = 0;
  const results = await runTrials(
    world,
    planned,
    Number(values.parallel),
    (trial, result, ms) => {
      const bad = result.problems.length + result.crashes.length + result.leaks > 0;
      const landed = result.landed ? '' : ' (fault did not land)';
      process.stdout.write(
        `${++n}/${planned.length} ${bad ? '✗' : '✓'} ${trial.label}${landed} ${(ms / 1000).toFixed(0)} s\n`,
      );
      for (const p of [...result.crashes, ...result.problems]) process.stdout.write(`    ${p}\n`);
    },
    deadline,
  );
  const minutes = ((performance.now() - started) / 60_000).toFixed(0);
  const ran = `${results.length} of ${planned.length} trials in ${minutes} min (seed ${seed})`;
  process.stdout.write(`\n${reliabilityTable(results)}\n\n${ran}\n`);
  const failed = results.filter((r) => r.problems.length + r.crashes.length + r.leaks > 0);
  process.exitCode = failed.length > 0 ? 1 : 0;
} finally {
  await world.close();
}
