/**
 * The chaos trials (issue 17). Each works on a stack of its own, injects one fault into a real run of the CLI
 * against Docker, then checks what heatstack promises: the run ends with a clear error (never a stack trace), the
 * record tells the truth about what Docker holds, the next run converges on the template, and `destroy` leaves
 * nothing under the stack's labels — no container, network, volume or state file.
 */

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivateDockerd } from '../support/private-dockerd.js';
import { type Answer, afterLines, type CliEnv, crashesIn, finish, heatstack, start } from './cli.js';
import type { Fault, FaultProxy, FaultRule, OperationKind } from './fault-proxy.js';
import { containersOf, convergenceProblems, leaked, leftoversOf, recordOf, type StackFile } from './stack.js';

/** What one trial found. */
export interface TrialResult {
  readonly kind: string;
  readonly name: string;
  /** Checks that failed: anything here fails the run. */
  readonly problems: string[];
  /** A stack trace, an internal error or a raw control character printed, or a command that hung. */
  readonly crashes: string[];
  /** What the last destroy left under the stack's labels (0 when it left nothing). */
  readonly leaks: number;
  /** Whether the fault landed (the kill came before the run ended; the Nth call came). */
  readonly landed: boolean;
}

/** Where a trial works: its files, the templates, the daemon it speaks to. */
export interface ChaosWorld {
  readonly dir: string;
  readonly stateDir: string;
  /** The 20-container template, and the small one the Engine API faults use to try every call. */
  readonly bigFile: string;
  readonly bigSize: number;
  readonly smallFile: string;
  readonly smallSize: number;
  /** A fault proxy of the trial's own in front of the daemon (each trial counts its own calls). */
  openProxy(): Promise<FaultProxy>;
  /**
   * Runs `work` with a dockerd of the run's own that it may restart or kill (started on first use): one such work
   * at a time, as a restart stops everything on that daemon.
   */
  withPrivateDaemon<T>(work: (daemon: PrivateDockerd) => Promise<T>): Promise<T>;
  readonly random: () => number;
}

/** A trial's bookkeeping: its stack, and what it has found so far. */
export class Trial {
  readonly stack = `hs-chaos-${randomBytes(4).toString('hex')}`;
  readonly problems: string[] = [];
  readonly crashes: string[] = [];
  landed = true;
  leaks = 0;

  constructor(
    readonly kind: string,
    readonly name: string,
    readonly where: CliEnv,
  ) {}

  /** Runs a command to its end, noting a crash or hang. */
  async run(what: string, args: string[], where = this.where): Promise<Answer> {
    const answer = await heatstack(where, ...args);
    this.note(answer, what);
    return answer;
  }

  note(answer: Answer, what: string): void {
    this.crashes.push(...crashesIn(answer, what));
    if (answer.hung) this.crashes.push(`${what}: did not end within its bound`);
  }

  /** Runs a command that must succeed; a failure is a problem (and the trial's later checks are skipped). */
  async must(what: string, args: string[], where = this.where): Promise<Answer | undefined> {
    const answer = await this.run(what, args, where);
    if (answer.code === 0) return answer;
    this.problems.push(`${what} exited ${answer.code}: ${lastLines(answer.stderr)}`);
    return undefined;
  }

  check(ok: boolean, problem: string): void {
    if (!ok) this.problems.push(problem);
  }

  result(): TrialResult {
    return {
      kind: this.kind,
      name: this.name,
      problems: this.problems,
      crashes: this.crashes,
      leaks: this.leaks,
      landed: this.landed,
    };
  }
}

export const lastLines = (text: string, n = 4): string => text.trimEnd().split('\n').slice(-n).join(' ⏎ ');

export const deployArgs = (file: string, stack: string, greeting: string) => [
  'deploy',
  file,
  '--stack',
  stack,
  '-P',
  `Greeting=${greeting}`,
];

/** With `--pull always`, so the pull calls (answered by the proxy) are among the points a fault can hit. */
const pulling = (args: string[]): string[] => [...args, '--pull', 'always'];

/** The command of an Engine API fault trial: what `op` runs, pulling its image (through the proxy) when it deploys. */
const faultedArgs = (file: string, stack: string, op: ApiOp): string[] =>
  op === 'destroy' ? ['destroy', '--stack', stack] : pulling(deployArgs(file, stack, op === 'update' ? 'b' : 'a'));

/** Deploys with `greeting` and checks that the stack converged on it (outputs included). */
export async function converge(
  t: Trial,
  file: string,
  size: number,
  greeting: string,
  where = t.where,
  wiring = true,
): Promise<boolean> {
  const deployed = await t.must(`deploy ${greeting}`, deployArgs(file, t.stack, greeting), where);
  if (deployed === undefined) return false;
  const outputs = await t.must('outputs', ['outputs', '--stack', t.stack, '--json'], where);
  if (outputs === undefined) return false;
  const problems = await convergenceProblems(
    t.stack,
    where.stateDir,
    size,
    greeting,
    JSON.parse(outputs.stdout),
    wiring,
    where.docker,
  );
  t.problems.push(...problems.map((p) => `after deploy ${greeting}: ${p}`));
  return problems.length === 0;
}

/** Destroys the stack and counts what is left of it in Docker and in the state directory. */
export async function destroyAndCount(t: Trial, where = t.where): Promise<void> {
  await t.must('destroy', ['destroy', '--stack', t.stack], where);
  const aside = setAside(t.stack, where.stateDir);
  if (aside.length > 0) t.problems.push(`destroy set aside a record that was not damaged: ${aside.join(', ')}`);
  const left = await leftoversOf(t.stack, where.stateDir, where.docker);
  t.leaks = left.containers + left.networks + left.volumes + left.files.length;
  if (leaked(left)) t.problems.push(`destroy left ${JSON.stringify(left)}`);
}

/**
 * Commands through the proxy. A request the proxy holds forever must end in an error, not a hang: heatstack's
 * Engine API timeout is set shorter (20 s, still above a slow start under load) than its default of 120 s.
 */
const viaProxy = (world: ChaosWorld, proxy: FaultProxy): CliEnv => ({
  stateDir: world.stateDir,
  env: { DOCKER_HOST: `unix://${proxy.socketPath}`, HEATSTACK_DOCKER_TIMEOUT: '20' },
});

/** A random whole number in [min, max]. */
export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

// --- kill -9 ---------------------------------------------------------------------------------------------------

export const KILL_PHASES = ['create', 'update', 'destroy', 'suspend', 'resume'] as const;
export type KillPhase = (typeof KILL_PHASES)[number];

/**
 * kill -9 of the CLI at a random moment of `phase` on a fresh 20-container stack: after a random number of its
 * progress lines (a create prints about two per resource), and a random few hundred milliseconds more. Then the
 * next deploy converges (after a `resume` where the stack was being suspended or resumed: a deploy refuses a stack
 * that is, even partly, suspended), and destroy leaves nothing.
 */
export async function killTrial(world: ChaosWorld, phase: KillPhase): Promise<TrialResult> {
  const t = new Trial('kill -9', phase, { stateDir: world.stateDir });
  const { bigFile: file, bigSize: size } = world;
  const setUp = phase === 'create' || (await t.must('deploy (set-up)', deployArgs(file, t.stack, 'a'))) !== undefined;
  if (setUp && phase === 'resume') await t.must('suspend (set-up)', ['suspend', '--stack', t.stack]);
  if (t.problems.length === 0) {
    const victim = {
      create: deployArgs(file, t.stack, 'a'),
      update: deployArgs(file, t.stack, 'b'),
      destroy: ['destroy', '--stack', t.stack],
      suspend: ['suspend', '--stack', t.stack],
      resume: ['resume', '--stack', t.stack],
    }[phase];
    // An update replaces every container: twice the lines of the other runs.
    const lines = (phase === 'update' ? 4 : 2) * size + 2;
    const run = start(victim, t.where);
    await afterLines(run, between(world.random, 0, lines));
    await new Promise((r) => setTimeout(r, between(world.random, 0, 300)));
    run.child.kill('SIGKILL');
    const killed = await finish(run);
    t.landed = killed.signal === 'SIGKILL';
    t.note(killed, `${phase} (killed)`);
    if (phase === 'suspend' || phase === 'resume')
      await t.must(`resume (after a killed ${phase})`, ['resume', '--stack', t.stack]);
    const suspended = phase === 'suspend' || phase === 'resume';
    await converge(t, file, size, phase === 'update' ? 'b' : 'a', t.where, !suspended);
  }
  await destroyAndCount(t);
  return t.result();
}

// --- the Engine API fails --------------------------------------------------------------------------------------

export const API_OPS = ['create', 'update', 'destroy'] as const;
export type ApiOp = (typeof API_OPS)[number];

/** The statuses a run may truthfully end in after a failed call. */
const FAILED_ENDS: Record<ApiOp, RegExp> = {
  create: /^(ROLLBACK_COMPLETE|ROLLBACK_FAILED|CREATE_FAILED)$/,
  update: /^(ROLLBACK_COMPLETE|ROLLBACK_FAILED|UPDATE_FAILED)$/,
  destroy: /^DELETE_FAILED$/,
};

/**
 * The `nth` `kind` call of `op` answered with `fault`, through the proxy, on the small stack. The run either
 * absorbs it (and has converged) or fails truthfully: a failed status, a reason naming a resource, every resource
 * the record calls complete held by Docker, a rolled-back create holding nothing. Then the same command again
 * succeeds, and destroy leaves nothing.
 */
export async function apiFaultTrial(
  world: ChaosWorld,
  op: ApiOp,
  kind: OperationKind,
  nth: number,
  fault: Fault,
): Promise<TrialResult> {
  const proxy = await world.openProxy();
  try {
    return await apiFault(world, proxy, op, { kind, nth, fault });
  } finally {
    await proxy.close();
  }
}

async function apiFault(world: ChaosWorld, proxy: FaultProxy, op: ApiOp, rule: FaultRule): Promise<TrialResult> {
  const { kind, nth, fault } = rule;
  const t = new Trial('Engine API fault', `${op}: ${kind} #${nth} → ${fault}`, viaProxy(world, proxy));
  const { smallFile: file, smallSize: size } = world;
  if (op !== 'create') await t.must('deploy (set-up)', deployArgs(file, t.stack, 'a'));
  if (t.problems.length === 0) {
    proxy.arm(rule);
    const faulted = await t.run(`${op} (faulted)`, faultedArgs(file, t.stack, op));
    t.landed = proxy.fired();
    proxy.arm(undefined);
    if (faulted.code !== 0 && !faulted.hung) await checkTruthful(t, op, faulted);
    if (op === 'destroy') {
      await t.must('destroy again', ['destroy', '--stack', t.stack]);
    } else {
      await converge(t, file, size, op === 'update' ? 'b' : 'a');
    }
  }
  proxy.arm(undefined);
  await destroyAndCount(t);
  return t.result();
}

/**
 * A failed run's record and message against what Docker holds. A run that failed before it started (its first look
 * at Docker failed: no `*_IN_PROGRESS` printed) must have changed nothing — a create wrote no record and created
 * nothing — and say which stack.
 */
async function checkTruthful(t: Trial, op: ApiOp, answer: Answer): Promise<void> {
  const started = /_IN_PROGRESS/.test(answer.stderr);
  if (!started) t.check(answer.stderr.includes(t.stack), `the error names no stack: ${lastLines(answer.stderr)}`);
  if (!started && op === 'create') {
    t.check(recordOf(t.stack, t.where.stateDir) === undefined, 'a create that never started wrote a record');
    t.check((await containersOf(t.stack)).size === 0, 'a create that never started left containers');
    return;
  }
  const record = readRecord(t);
  if (record === undefined) return;
  const ends = started ? FAILED_ENDS[op] : /^CREATE_COMPLETE$/;
  t.check(
    ends.test(record.status),
    `${op} exited ${answer.code} with the stack ${record.status}: ${record.statusReason}`,
  );
  // A rollback that completed ends with Heat's own words ("Stack ROLLBACK completed successfully"); the failure it
  // rolled back is in the events and the error printed.
  // The reason names the resource that failed — or the stack, when the failed call was the sweep of its leftovers.
  const named = (text: string) => /C\d\d/.test(text) || text.includes(`stack ${t.stack}:`);
  if (started && record.status !== 'ROLLBACK_COMPLETE')
    t.check(named(record.statusReason), `the stack's reason names no resource: ${record.statusReason}`);
  if (started) t.check(named(answer.stderr), `the error names no resource: ${lastLines(answer.stderr)}`);
  const containers = await containersOf(t.stack);
  for (const [name, r] of Object.entries(record.resources)) {
    const held = (containers.get(name) ?? []).map((c) => c.Id);
    if (/^(CREATE|UPDATE|RESUME)_COMPLETE$/.test(r.status) && !held.includes(r.physicalId ?? ''))
      t.problems.push(`${name} is ${r.status} in the record, but Docker does not hold its container`);
  }
  if (record.status === 'ROLLBACK_COMPLETE' && op === 'create' && containers.size > 0)
    t.problems.push(`ROLLBACK_COMPLETE, but Docker holds ${[...containers.keys()].join(', ')}`);
}

export function readRecord(t: Trial, stateDir = t.where.stateDir): StackFile | undefined {
  try {
    const record = recordOf(t.stack, stateDir);
    if (record === undefined) t.problems.push('no state file after the run');
    return record;
  } catch (error) {
    t.problems.push(`the state file cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

// --- the daemon goes away --------------------------------------------------------------------------------------

export const DAEMON_AWAY = ['cut', 'refuse'] as const;

/**
 * The daemon goes away in the middle of a deploy (create or update) or destroy of the 20-container stack: every
 * connection cut, and new ones cut (`cut`) or refused (`refuse`). The run ends with an error naming the daemon and
 * what it was doing, the state file stays readable, and once the daemon is back the next run converges.
 */
export async function daemonAwayTrial(
  world: ChaosWorld,
  op: ApiOp,
  how: (typeof DAEMON_AWAY)[number],
): Promise<TrialResult> {
  const proxy = await world.openProxy();
  try {
    return await daemonAway(world, proxy, op, how);
  } finally {
    await proxy.close();
  }
}

async function daemonAway(
  world: ChaosWorld,
  proxy: FaultProxy,
  op: ApiOp,
  how: (typeof DAEMON_AWAY)[number],
): Promise<TrialResult> {
  const t = new Trial('daemon away', `${op}: connections ${how}`, viaProxy(world, proxy));
  const { bigFile: file, bigSize: size } = world;
  if (op !== 'create') await t.must('deploy (set-up)', deployArgs(file, t.stack, 'a'));
  if (t.problems.length === 0) {
    const args =
      op === 'destroy' ? ['destroy', '--stack', t.stack] : deployArgs(file, t.stack, op === 'update' ? 'b' : 'a');
    const run = start(args, t.where);
    await afterLines(run, between(world.random, 2, op === 'update' ? 4 * size : 2 * size));
    t.landed = run.child.exitCode === null;
    await proxy.down(how);
    const away = await finish(run);
    await proxy.up();
    t.note(away, `${op} (daemon away)`);
    if (t.landed) {
      t.check(away.code === 1, `${op} exited ${away.code} with the daemon away`);
      t.check(
        /Docker daemon|docker daemon/.test(away.stderr),
        `the error does not name the daemon: ${lastLines(away.stderr)}`,
      );
      // A resource, or the stack when the cut came during a step of the stack's own (its network, its sweep).
      const named = /C\d\d/.test(away.stderr) || away.stderr.includes(`stack ${t.stack}:`);
      t.check(named, `the error names no resource: ${lastLines(away.stderr)}`);
    }
    readRecord(t);
    // (the state directory is shared with the other trials: only this stack's entry counts)
    const ls = await t.run('ls', ['ls', '--json']);
    const entry = (JSON.parse(ls.stdout || '[]') as { name?: string }[]).find((s) => s.name === t.stack);
    t.check(!JSON.stringify(entry ?? {}).includes('UNREADABLE'), `ls: ${JSON.stringify(entry)}`);
    if (op === 'destroy') await t.must('destroy again', ['destroy', '--stack', t.stack]);
    else await converge(t, file, size, op === 'update' ? 'b' : 'a');
  }
  await destroyAndCount(t);
  return t.result();
}

// --- the state directory fails ---------------------------------------------------------------------------------

export const STATE_FAULTS = ['full', 'read-only', 'full mid-run', 'corrupt', 'truncated', 'newer'] as const;
export type StateFault = (typeof STATE_FAULTS)[number];

/**
 * The state directory fails. `full`, `read-only`: a small tmpfs (mounted by the trial), for a new stack and for an
 * update — refused with an error naming the directory before Docker is touched, nothing left in it. `full mid-run`:
 * the disk fills while a deploy writes its record; afterwards the file is whole JSON, no temporary file is left, and
 * once space is freed the next deploy converges. `corrupt`, `truncated`, `newer`: the record of a deployed stack
 * damaged — every verb but destroy refuses it (a newer one, destroy too), Docker untouched.
 */
export async function stateFaultTrial(world: ChaosWorld, fault: StateFault): Promise<TrialResult> {
  const mount = join(world.dir, `tmpfs-${randomBytes(3).toString('hex')}`);
  const onTmpfs = fault === 'full' || fault === 'read-only' || fault === 'full mid-run';
  const t = new Trial('state directory', fault, { stateDir: onTmpfs ? mount : world.stateDir });
  if (onTmpfs && !mountTmpfs(mount, fault === 'full mid-run' ? '256k' : '64k')) {
    t.problems.push(`cannot mount a tmpfs at ${mount} (run as root)`);
    return t.result();
  }
  try {
    if (fault === 'full' || fault === 'read-only') await unusableDirectory(t, world, fault, mount);
    else if (fault === 'full mid-run') await fullMidRun(t, world, mount);
    else await damagedRecord(t, world, fault);
  } finally {
    if (onTmpfs) unmount(mount);
  }
  return t.result();
}

async function unusableDirectory(t: Trial, world: ChaosWorld, fault: 'full' | 'read-only', mount: string) {
  // An update first: the stack deployed while the directory could be written, then the directory fails.
  await t.must('deploy (set-up)', deployArgs(world.smallFile, t.stack, 'a'));
  const before = await idsOf(t.stack);
  const files = () => listFiles(mount).filter((f) => f !== 'filler');
  const filesBefore = files();
  const recordBefore = readFileSync(join(mount, `${t.stack}.json`), 'utf8');
  breakDirectory(mount, fault);
  const update = await t.run('update (directory failing)', deployArgs(world.smallFile, t.stack, 'b'));
  t.check(update.code === 1, `an update with the directory ${fault} exited ${update.code}`);
  t.check(update.stderr.includes(mount), `the error does not name the directory: ${lastLines(update.stderr)}`);
  t.check(sameIds(before, await idsOf(t.stack)), 'the update changed the containers though it could not write');
  t.check(
    JSON.stringify(files()) === JSON.stringify(filesBefore),
    `files changed: ${filesBefore.join(', ')} → ${files().join(', ')}`,
  );
  t.check(readFileSync(join(mount, `${t.stack}.json`), 'utf8') === recordBefore, 'the record changed');
  // A new stack is refused too, and Docker holds nothing of it.
  const fresh = `${t.stack}-new`;
  const create = await t.run('create (directory failing)', deployArgs(world.smallFile, fresh, 'a'));
  t.check(create.code === 1, `a create with the directory ${fault} exited ${create.code}`);
  t.check((await idsOf(fresh)).length === 0, 'a create that could not write its record created containers');
  repairDirectory(mount, fault);
  await destroyAndCount(t);
}

async function fullMidRun(t: Trial, world: ChaosWorld, mount: string) {
  const run = start(deployArgs(world.bigFile, t.stack, 'a'), t.where);
  await afterLines(run, between(world.random, 1, 2 * world.bigSize));
  fill(mount);
  const full = await finish(run);
  t.note(full, 'deploy (disk filled)');
  t.check(
    full.code === 0 || /ENOSPC|no space/.test(full.stderr),
    `deploy exited ${full.code}: ${lastLines(full.stderr)}`,
  );
  t.check(
    listFiles(mount).every((f) => !f.endsWith('.tmp')),
    `temporary files left: ${listFiles(mount).join(', ')}`,
  );
  // The disk may fill before the first record is written: then the deploy must have refused before touching Docker.
  if (existsSync(join(mount, `${t.stack}.json`))) readRecord(t);
  else
    t.check(
      full.code !== 0 && (await idsOf(t.stack)).length === 0,
      'the deploy wrote no record, yet created containers',
    );
  rmSync(join(mount, 'filler'), { force: true });
  await converge(t, world.bigFile, world.bigSize, 'a');
  await destroyAndCount(t);
}

async function damagedRecord(t: Trial, world: ChaosWorld, fault: 'corrupt' | 'truncated' | 'newer') {
  if ((await t.must('deploy (set-up)', deployArgs(world.smallFile, t.stack, 'a'))) === undefined) return;
  const file = join(world.stateDir, `${t.stack}.json`);
  const text = readFileSync(file, 'utf8');
  const before = await idsOf(t.stack);
  if (fault === 'truncated') truncateSync(file, between(world.random, 0, text.trimEnd().length - 1));
  else if (fault === 'corrupt') writeFileSync(file, corrupted(text, world.random));
  else writeFileSync(file, JSON.stringify({ ...JSON.parse(text), format: 2 }));
  for (const args of [
    deployArgs(world.smallFile, t.stack, 'b'),
    ['outputs', '--stack', t.stack],
    ['events', '--stack', t.stack],
    ['suspend', '--stack', t.stack],
  ]) {
    const answer = await t.run(args[0] as string, args);
    // A corruption may leave valid JSON of the right shape (a changed letter in a value): then it may work.
    if (fault !== 'corrupt' || answer.code !== 0)
      t.check(
        answer.code === 1 && answer.stderr.includes(file),
        `${args[0]}: exit ${answer.code}: ${lastLines(answer.stderr)}`,
      );
  }
  const ls = await t.run('ls', ['ls']);
  if (fault !== 'corrupt') t.check(ls.stdout.includes('UNREADABLE') || ls.stderr.includes(t.stack), `ls: ${ls.stdout}`);
  if (fault !== 'corrupt') t.check(sameIds(before, await idsOf(t.stack)), 'Docker was touched');
  if (fault === 'newer') {
    const destroy = await t.run('destroy (newer)', ['destroy', '--stack', t.stack]);
    t.check(destroy.code === 1, `destroy of a newer record exited ${destroy.code}`);
    t.check(sameIds(before, await idsOf(t.stack)), 'destroy of a newer record touched Docker');
    writeFileSync(file, text);
  }
  // A damaged record is set aside by destroy, deliberately (not a leak): it must be there, and is removed here.
  await t.must('destroy', ['destroy', '--stack', t.stack]);
  const aside = setAside(t.stack, world.stateDir);
  // (the newer one was put back as it was, to be destroyed normally; a corrupted one may still have been whole JSON)
  if (fault !== 'corrupt')
    t.check(aside.length === (fault === 'truncated' ? 1 : 0), `destroy set aside ${aside.length}`);
  for (const f of aside) rmSync(join(world.stateDir, f));
  const left = await leftoversOf(t.stack, world.stateDir);
  t.leaks = left.containers + left.networks + left.volumes + left.files.length;
  if (leaked(left)) t.problems.push(`destroy left ${JSON.stringify(left)}`);
}

/** The stack's records that destroy moved aside as damaged (`<stack>.json.<time>.damaged`). */
function setAside(stack: string, stateDir: string): string[] {
  return listFiles(stateDir).filter((f) => f.startsWith(`${stack}.json.`) && f.endsWith('.damaged'));
}

/** The text with a few bytes overwritten by characters that break JSON more often than not. */
function corrupted(text: string, random: () => number): string {
  const chars = [...text];
  for (let i = 0; i < 3; i++) chars[between(random, 0, chars.length - 1)] = '{"\\\u0000]'[between(random, 0, 4)] ?? '';
  return chars.join('');
}

// --- two runs at once ------------------------------------------------------------------------------------------

export const RACES = ['deploy/deploy', 'deploy/destroy', 'destroy/destroy', 'stale lock'] as const;
export type Race = (typeof RACES)[number];

/**
 * Two runs on one stack at once: the second, started while the first holds the stack, is refused naming the first's
 * process and verb, and changes nothing; the first finishes as if alone. `stale lock`: a lock left by a dead process,
 * and two deploys started together — exactly one works, the other is refused naming it.
 */
export async function raceTrial(world: ChaosWorld, race: Race): Promise<TrialResult> {
  const t = new Trial('two runs at once', race, { stateDir: world.stateDir });
  // The 20-container stack: a run long enough that the other is started while it holds the stack.
  const file = world.bigFile;
  const verb = (v: string) => (v === 'deploy' ? deployArgs(file, t.stack, 'b') : ['destroy', '--stack', t.stack]);
  if (race === 'stale lock') {
    writeFileSync(
      join(world.stateDir, `${t.stack}.lock`),
      JSON.stringify({ pid: 2 ** 30, action: 'CREATE', since: new Date().toISOString() }),
    );
    const runs = [start(verb('deploy'), t.where), start(verb('deploy'), t.where)];
    const answers = await Promise.all(runs.map((r) => finish(r)));
    for (const [i, a] of answers.entries()) t.note(a, `deploy ${i + 1}`);
    const winners = answers.filter((a) => a.code === 0);
    t.check(winners.length === 1, `${winners.length} of the two deploys worked`);
    const loser = answers.findIndex((a) => a.code !== 0);
    const winnerPid = runs[1 - loser]?.child.pid;
    if (loser >= 0)
      t.check(
        (answers[loser]?.stderr ?? '').includes(`is busy: process ${winnerPid} has been running \`deploy\``),
        `the refused deploy does not name the winner (${winnerPid}): ${lastLines(answers[loser]?.stderr ?? '')}`,
      );
  } else {
    const [first, second] = race.split('/') as [string, string];
    if (first === 'destroy') await t.must('deploy (set-up)', deployArgs(file, t.stack, 'a'));
    const one = start(verb(first), t.where);
    // The first holds the stack once it prints its first line (it locks before it starts).
    await afterLines(one, 1);
    const two = await finish(start(verb(second), t.where));
    t.note(two, `${second} (second)`);
    // The race happened only if the first still ran when the second was answered.
    t.landed = one.child.exitCode === null;
    const done = await finish(one);
    t.note(done, `${first} (first)`);
    t.check(done.code === 0, `the first ${first} exited ${done.code}: ${lastLines(done.stderr)}`);
    if (t.landed) {
      t.check(two.code === 1, `the second ${second} exited ${two.code}`);
      const holder = `is busy: process ${one.child.pid} has been running \`${first}\``;
      t.check(two.stderr.includes(holder), `the second is not told who holds the stack: ${lastLines(two.stderr)}`);
    }
  }
  await destroyAndCount(t);
  return t.result();
}

// --- helpers ---------------------------------------------------------------------------------------------------

async function idsOf(stack: string): Promise<string[]> {
  const containers = await containersOf(stack);
  return [...containers.values()].flatMap((list) => list.map((c) => `${c.Id}:${c.State.Status}`)).sort();
}

const sameIds = (a: string[], b: string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function mountTmpfs(at: string, size: string): boolean {
  try {
    execFileSync('mkdir', ['-p', at]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(at: string): void {
  try {
    execFileSync('umount', [at], { stdio: 'ignore' });
    rmSync(at, { recursive: true, force: true });
  } catch {
    // left mounted: the next run's mount point is another
  }
}

/** Fills the file system at `dir` up to its last byte. */
function fill(dir: string): void {
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(64 * 1024 * 1024));
  } catch {
    // ENOSPC: as much as fits was written
  }
}

function breakDirectory(mount: string, fault: 'full' | 'read-only'): void {
  if (fault === 'full') fill(mount);
  else execFileSync('mount', ['-o', 'remount,ro', mount]);
}

function repairDirectory(mount: string, fault: 'full' | 'read-only'): void {
  if (fault === 'full') rmSync(join(mount, 'filler'), { force: true });
  else execFileSync('mount', ['-o', 'remount,rw', mount]);
}

/**
 * How many calls of each kind `op` makes on the small stack, counted by the proxy on a run without faults: the
 * points an Engine API fault can be put at.
 */
export async function callsOf(world: ChaosWorld, op: ApiOp): Promise<Record<OperationKind, number>> {
  const proxy = await world.openProxy();
  const t = new Trial('calibration', op, viaProxy(world, proxy));
  try {
    if (op !== 'create') await t.must('deploy (set-up)', deployArgs(world.smallFile, t.stack, 'a'));
    proxy.arm(undefined);
    await t.must(op, faultedArgs(world.smallFile, t.stack, op));
    const counts = { ...proxy.counts };
    await destroyAndCount(t);
    if (t.problems.length > 0 || t.crashes.length > 0)
      throw new Error(`counting the calls of ${op} failed: ${[...t.problems, ...t.crashes].join('; ')}`);
    return counts;
  } finally {
    await proxy.close();
  }
}
