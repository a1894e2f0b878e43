/**
 * A real daemon restart (issue 17): the run's private dockerd (`test/support/private-dockerd.ts`) is stopped
 * (`restart`: SIGTERM, a clean shutdown that stops every container) or killed (`kill -9`: containerd and the
 * containers outlive it), then started again, in the middle of a create, an update or a destroy of the 20-container
 * stack. The run may finish, if the daemon came back before it needed it; if it fails, it exits 1 with an error
 * naming the daemon, or the resource the restart broke — never a stack trace or a hang. The state file stays readable, the next run converges on the
 * template (the stopped containers started again, or replaced), and destroy leaves nothing.
 */

import type { PrivateDockerd } from '../support/private-dockerd.js';
import { afterLines, type CliEnv, finish, start } from './cli.js';
import {
  type ApiOp,
  between,
  type ChaosWorld,
  converge,
  deployArgs,
  destroyAndCount,
  lastLines,
  readRecord,
  Trial,
  type TrialResult,
} from './trials.js';

export const RESTARTS = ['restart', 'kill -9'] as const;
export type Restart = (typeof RESTARTS)[number];

export function daemonRestartTrial(world: ChaosWorld, op: ApiOp, how: Restart): Promise<TrialResult> {
  return world.withPrivateDaemon((daemon) => restartDuring(world, daemon, op, how));
}

async function restartDuring(world: ChaosWorld, daemon: PrivateDockerd, op: ApiOp, how: Restart) {
  // A request cut by the restart fails at once; one sent while it starts again waits at most 20 s.
  const where: CliEnv = {
    stateDir: world.stateDir,
    env: { DOCKER_HOST: daemon.host, HEATSTACK_DOCKER_TIMEOUT: '20' },
    docker: daemon.docker,
  };
  const t = new Trial('daemon restart', `${how} during ${op}`, where);
  const { bigFile: file, bigSize: size } = world;
  const greeting = op === 'update' ? 'b' : 'a';
  if (op !== 'create') await t.must('deploy (set-up)', deployArgs(file, t.stack, 'a'));
  if (t.problems.length === 0) {
    const run = start(op === 'destroy' ? ['destroy', '--stack', t.stack] : deployArgs(file, t.stack, greeting), where);
    await afterLines(run, between(world.random, 2, (op === 'update' ? 4 : 2) * size));
    t.landed = run.child.exitCode === null;
    await daemon.restart(how === 'restart' ? 'SIGTERM' : 'SIGKILL');
    const ended = await finish(run);
    t.note(ended, `${op} (daemon restarted)`);
    t.check(ended.code === 0 || ended.code === 1, `${op} exited ${ended.code} across the restart`);
    // Cut off, it names the daemon; back in time, a dependent may find the container the restart stopped (its
    // address gone): the failure names that resource, and the stack ends rolled back or failed.
    if (ended.code === 1)
      t.check(
        /docker daemon/i.test(ended.stderr) || /C\d\d/.test(ended.stderr),
        `the error names neither the daemon nor a resource: ${lastLines(ended.stderr)}`,
      );
    // A destroy that finished before the restart reached it leaves no record, as it should.
    if (op !== 'destroy' || ended.code !== 0) readRecord(t);
    const ls = await t.run('ls', ['ls', '--json']);
    const entry = (JSON.parse(ls.stdout || '[]') as { name?: string }[]).find((s) => s.name === t.stack);
    t.check(!JSON.stringify(entry ?? {}).includes('UNREADABLE'), `ls: ${JSON.stringify(entry)}`);
    if (op === 'destroy') await t.must('destroy again', ['destroy', '--stack', t.stack]);
    else await converge(t, file, size, greeting);
  }
  await destroyAndCount(t);
  return t.result();
}
