/**
 * Which trials a chaos run makes: `kill` (kill -9 at random moments, `trials` of them, the phases in turn), `api`
 * (every point of every Engine API call kind of a create, an update and a destroy, counted on a run without faults,
 * each answered with a fault — the faults in turn, and every fault at least once per kind), `daemon` (the daemon
 * cut off or refusing mid-run), `restart` (a private dockerd really restarted or killed mid-run), `state` (the state
 * directory failing) and `race` (two runs at once); the last four repeated once per 50 kill trials. The sample
 * (`sampleTrials`, `npm test`'s) tries each kind and variant once instead.
 */

import { seededRandom } from '../support/seeded-random.js';
import { daemonRestartTrial, RESTARTS, type Restart } from './daemon-restart.js';
import { FAULTS, OPERATION_KINDS, type OperationKind } from './fault-proxy.js';
import {
  API_OPS,
  type ApiOp,
  apiFaultTrial,
  type ChaosWorld,
  callsOf,
  DAEMON_AWAY,
  daemonAwayTrial,
  KILL_PHASES,
  killTrial,
  RACES,
  raceTrial,
  STATE_FAULTS,
  stateFaultTrial,
  type TrialResult,
} from './trials.js';

export const KINDS = ['kill', 'api', 'daemon', 'restart', 'state', 'race'] as const;
export type Kind = (typeof KINDS)[number];

export interface PlannedTrial {
  readonly kind: Kind;
  readonly label: string;
  run(world: ChaosWorld): Promise<TrialResult>;
}

/**
 * The trials, each kind spread evenly over the run (a run cut short by `--minutes` has tried every kind in
 * proportion), each kind's in the order it lists them.
 */
export async function planTrials(world: ChaosWorld, kinds: readonly Kind[], trials: number): Promise<PlannedTrial[]> {
  const listed = await listTrials(world, kinds, trials);
  const count = (kind: Kind) => listed.filter((t) => t.kind === kind).length;
  const seen = new Map<Kind, number>();
  const placed = listed.map((t) => {
    const i = seen.get(t.kind) ?? 0;
    seen.set(t.kind, i + 1);
    return { t, at: (i + 0.5) / count(t.kind) };
  });
  return placed.sort((a, b) => a.at - b.at).map((p) => p.t);
}

async function listTrials(world: ChaosWorld, kinds: readonly Kind[], trials: number): Promise<PlannedTrial[]> {
  const rounds = Math.max(1, Math.ceil(trials / 50));
  const planned: PlannedTrial[] = [];
  if (kinds.includes('kill'))
    for (let i = 0; i < trials; i++) {
      const phase = KILL_PHASES[i % KILL_PHASES.length] ?? 'create';
      planned.push({ kind: 'kill', label: `kill -9 during ${phase}`, run: (w) => killTrial(w, phase) });
    }
  if (kinds.includes('api')) planned.push(...(await apiPoints(world)));
  for (let r = 0; r < rounds; r++) {
    if (kinds.includes('daemon'))
      for (const op of API_OPS)
        for (const how of DAEMON_AWAY)
          planned.push({
            kind: 'daemon',
            label: `daemon away (${how}) during ${op}`,
            run: (w) => daemonAwayTrial(w, op, how),
          });
    if (kinds.includes('restart'))
      for (const op of API_OPS)
        for (const how of RESTARTS)
          planned.push({
            kind: 'restart',
            label: `daemon ${how} during ${op}`,
            run: (w) => daemonRestartTrial(w, op, how),
          });
    if (kinds.includes('state'))
      for (const fault of STATE_FAULTS)
        planned.push({ kind: 'state', label: `state directory: ${fault}`, run: (w) => stateFaultTrial(w, fault) });
    if (kinds.includes('race'))
      for (const race of RACES)
        planned.push({ kind: 'race', label: `two runs: ${race}`, run: (w) => raceTrial(w, race) });
  }
  return planned;
}

/**
 * The sample's daemon restarts: each operation, both ways. A clean restart (SIGTERM) is tried once: the private
 * dockerd 20.10 now and then fails to start again after one (it exits 2 with a Go trace: twice in about 45 restart
 * trials on 2026-12-05), which would fail the sample for the machine's sake, not heatstack's.
 */
const RESTART_SAMPLE: readonly [ApiOp, Restart][] = [
  ['create', 'restart'],
  ['update', 'kill -9'],
  ['destroy', 'kill -9'],
];

const trialOf = (kind: Kind, label: string, run: PlannedTrial['run']): PlannedTrial => ({ kind, label, run });

/**
 * The sample (`npm test`'s, and `npm run chaos -- --sample`): every kind of fault and every variant of each — each
 * phase a kill -9 cuts, each Engine API call kind and each fault it may answer with, each operation the daemon goes
 * away in or restarts during, both ways, each state-directory fault, each race — tried once, at a point drawn from the
 * seed; the slowest first (a request left hanging waits out the Engine API timeout).
 */
export function sampleTrials(seed: number): PlannedTrial[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[], i: number): T => list[(i + seed) % list.length] as T;
  const api = apiSample(random, seed);
  return [
    ...api.filter((t) => t.label.includes('hang')),
    ...RESTART_SAMPLE.map(([op, how]) =>
      trialOf('restart', `daemon ${how} during ${op}`, (w) => daemonRestartTrial(w, op, how)),
    ),
    ...KILL_PHASES.map((phase) => trialOf('kill', `kill -9 during ${phase}`, (w) => killTrial(w, phase))),
    ...api.filter((t) => !t.label.includes('hang')),
    ...API_OPS.map((op, i) => {
      const how = pick(DAEMON_AWAY, i);
      return trialOf('daemon', `daemon away (${how}) during ${op}`, (w) => daemonAwayTrial(w, op, how));
    }),
    ...STATE_FAULTS.map((fault) => trialOf('state', `state directory: ${fault}`, (w) => stateFaultTrial(w, fault))),
    ...RACES.map((race) => trialOf('race', `two runs: ${race}`, (w) => raceTrial(w, race))),
  ];
}

/**
 * One Engine API fault per call kind, the faults in turn (every fault at least once): the operation and the Nth
 * call drawn from those that make such a call — counted once, on runs without faults, when the first trial needs
 * them. A kind no operation calls (wait, stop) is a trial that says so and faults nothing.
 */
function apiSample(random: () => number, seed: number): PlannedTrial[] {
  let counted: Promise<Record<ApiOp, Record<OperationKind, number>>> | undefined;
  const countCalls = (world: ChaosWorld) => {
    counted ??= Promise.all(API_OPS.map((op) => callsOf(world, op))).then(
      (counts) =>
        Object.fromEntries(API_OPS.map((op, i) => [op, counts[i]])) as Record<ApiOp, Record<OperationKind, number>>,
    );
    return counted;
  };
  return OPERATION_KINDS.map((kind, i) => {
    const fault = FAULTS[(i + seed) % FAULTS.length] ?? '500';
    const draws = [random(), random()];
    return trialOf('api', `${kind} call → ${fault}`, async (world) => {
      const counts = await countCalls(world);
      const ops = API_OPS.filter((op) => counts[op][kind] > 0);
      const op = ops[Math.floor((draws[0] ?? 0) * ops.length)];
      if (op === undefined) return noCall(kind);
      const nth = 1 + Math.floor((draws[1] ?? 0) * counts[op][kind]);
      return apiFaultTrial(world, op, kind, nth, fault);
    });
  });
}

/** A call kind heatstack never makes: nothing to fault, and nothing wrong. */
const noCall = (kind: OperationKind): TrialResult => ({
  kind: 'Engine API fault',
  name: `no ${kind} call to fault`,
  problems: [],
  crashes: [],
  leaks: 0,
  landed: false,
});

/**
 * Every point of every call kind of each operation, with the faults in turn (each at least once per kind); the
 * operations interleaved, so a run cut short has tried each.
 */
async function apiPoints(world: ChaosWorld): Promise<PlannedTrial[]> {
  const perOp = await Promise.all(API_OPS.map((op) => apiPointsOf(world, op)));
  const longest = Math.max(...perOp.map((p) => p.length));
  return Array.from({ length: longest }, (_, i) => perOp.flatMap((p) => p.slice(i, i + 1))).flat();
}

async function apiPointsOf(world: ChaosWorld, op: ApiOp): Promise<PlannedTrial[]> {
  const planned: PlannedTrial[] = [];
  const counts = await callsOf(world, op);
  for (const [kind, count] of Object.entries(counts) as [OperationKind, number][]) {
    const points: [number, (typeof FAULTS)[number]][] = [];
    for (let nth = 1; nth <= count; nth++) points.push([nth, FAULTS[(nth - 1) % FAULTS.length] ?? '500']);
    for (let i = count; i < FAULTS.length && count > 0; i++) points.push([1, FAULTS[i] ?? '500']);
    for (const [nth, fault] of points)
      planned.push({
        kind: 'api',
        label: `${op}: ${kind} #${nth} → ${fault}`,
        run: (w) => apiFaultTrial(w, op, kind, nth, fault),
      });
  }
  return planned;
}

/** Runs the trials `parallel` at a time, calling `done` after each; none starts after `deadline` (ms, performance.now). */
export async function runTrials(
  world: ChaosWorld,
  planned: readonly PlannedTrial[],
  parallel: number,
  done: (trial: PlannedTrial, result: TrialResult, ms: number) => void,
  deadline = Number.POSITIVE_INFINITY,
): Promise<TrialResult[]> {
  const results: TrialResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < planned.length && performance.now() < deadline) {
      const trial = planned[next++] as PlannedTrial;
      const started = performance.now();
      let result: TrialResult;
      try {
        result = await trial.run(world);
      } catch (error) {
        result = {
          kind: trial.kind,
          name: trial.label,
          problems: [`the trial itself failed: ${(error as Error).stack ?? error}`],
          crashes: [],
          leaks: 0,
          landed: false,
        };
      }
      results.push(result);
      done(trial, result, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return results;
}

/** The reliability table: per kind, faults injected (landed), trials, leaks, crashes, and failed checks. */
export function reliabilityTable(results: readonly TrialResult[]): string {
  const rows = ['| faults | trials | faults landed | leaks | crashes | failed checks |', '|---|---|---|---|---|---|'];
  const byKind = new Map<string, TrialResult[]>();
  for (const r of results) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  const row = (name: string, rs: readonly TrialResult[]) =>
    `| ${name} | ${rs.length} | ${rs.filter((r) => r.landed).length} | ${rs.reduce((n, r) => n + r.leaks, 0)} | ${rs.reduce((n, r) => n + r.crashes.length, 0)} | ${rs.filter((r) => r.problems.length > 0).length} |`;
  for (const [kind, rs] of byKind) rows.push(row(kind, rs));
  rows.push(row('**all**', results));
  return rows.join('\n');
}
