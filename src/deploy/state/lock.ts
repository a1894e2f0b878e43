import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { stateAccessError } from './errors.js';
import { isNotFound, temporaryFileOf } from './store.js';

/** A second run on a stack that a live process is already working on. */
export class StackLockedError extends HeatstackError {
  override name = 'StackLockedError';
}

export interface StackLock {
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  readonly action: string;
  readonly since: string;
}

/**
 * Takes `<dir>/<stack>.lock`, holding the owner's pid. The lock appears whole and atomically: it is written to a
 * private temporary file, then hard-linked to the lock's name (which fails if the name exists). A lock whose owner
 * is no longer running (a `kill -9`ed deploy) is stale and taken over; one whose owner lives refuses the run. Once
 * the lock is held, the temporary files of the stack that dead runs left behind are removed. A directory that cannot
 * be written is a `StateAccessError` before anything else happens.
 */
export async function lockStack(dir: string, stack: string, action: string): Promise<StackLock> {
  try {
    const lock = await takeLock(dir, stack, action);
    // Housekeeping: a file that cannot be removed now is removed by a later run.
    await removeDeadTemporaries(dir, stack).catch(() => undefined);
    return lock;
  } catch (err) {
    throw stateAccessError(err, dir);
  }
}

async function takeLock(dir: string, stack: string, action: string): Promise<StackLock> {
  await fs.mkdir(dir, { recursive: true });
  const file = join(dir, `${stack}.lock`);
  const text = JSON.stringify({ pid: process.pid, action, since: new Date().toISOString() } satisfies LockOwner);
  const mine = temporaryFileOf(file);
  try {
    await fs.writeFile(mine, text, { flag: 'wx' });
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await linkIfAbsent(mine, file)) return releaser(file, text);
      const current = await readText(file);
      if (current === undefined) continue; // released meanwhile: try again
      const owner = parseOwner(current);
      if (owner && isAlive(owner.pid)) {
        throw new StackLockedError(
          `stack '${stack}' is busy: process ${owner.pid} has been running \`${verbOf(owner.action)}\` on it since ${owner.since}; wait for it to finish (or stop that process) and try again`,
        );
      }
      // Stale (its owner is gone) or damaged.
      if (await takeOver(file, current, mine)) return releaser(file, text);
    }
    throw new StackLockedError(`could not lock stack '${stack}' (${file}): another run keeps taking it`);
  } finally {
    await fs.rm(mine, { force: true });
  }
}

/** The command a lock's action stands for, as the user typed it (`DELETE` is `destroy`). */
function verbOf(action: string): string {
  return action === 'DELETE' ? 'destroy' : action.toLowerCase();
}

/**
 * `<stack>.json.<pid>.<hex>.tmp` and `<stack>.lock.<pid>.<hex>.tmp[.takeover]`: a run's private files, renamed or
 * linked into place. The pid says whose; the rest of the name cannot be another stack's (names end at `.json`).
 */
function temporaryOwner(name: string, stack: string): number | undefined {
  if (!name.startsWith(`${stack}.`)) return undefined;
  const m = /^(?:json|lock)\.(\d+)\.[0-9a-f]+\.tmp(?:\.takeover)?$/.exec(name.slice(stack.length + 1));
  return m ? Number(m[1]) : undefined;
}

/** Removes the temporary files of `stack` whose writer no longer runs (a run killed between write and rename). */
async function removeDeadTemporaries(dir: string, stack: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const pid = temporaryOwner(name, stack);
    if (pid !== undefined && !isAlive(pid)) await fs.rm(join(dir, name), { force: true });
  }
}

async function linkIfAbsent(from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** A guard older than this was left by a run killed while taking over (which takes milliseconds). */
const STALE_GUARD_MS = 5000;

/**
 * Replaces the stale lock whose content was `stale` with ours — only if it is still that lock. Removing a stale lock
 * and then creating ours would race: another run could put its fresh lock in place between the two, and ours
 * would remove it. So takeovers are serialized by `<lock>.takeover` (created exclusively), and under it the lock is
 * read again and, still stale, atomically replaced by a rename. A fresh lock never replaces an existing file, so
 * nothing else can change the lock while the guard is held.
 */
async function takeOver(file: string, stale: string, mine: string): Promise<boolean> {
  const guard = `${file}.takeover`;
  try {
    await fs.writeFile(guard, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = await fs.stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_GUARD_MS) await fs.rm(guard, { force: true });
    else await new Promise((r) => setTimeout(r, 10));
    return false;
  }
  try {
    if ((await readText(file)) !== stale) return false;
    // A copy under a second private name: `mine` must stay for the caller to link again if this fails.
    const replacement = `${mine}.takeover`;
    await fs.link(mine, replacement);
    try {
      await fs.rename(replacement, file);
    } finally {
      await fs.rm(replacement, { force: true });
    }
    return true;
  } finally {
    await fs.rm(guard, { force: true });
  }
}

/** Releasing removes the lock only while it is still ours. */
function releaser(file: string, text: string): StackLock {
  return {
    release: async () => {
      if ((await readText(file)) === text) await fs.rm(file, { force: true });
    },
  };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid is running (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
