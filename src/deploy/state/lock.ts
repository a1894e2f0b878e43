import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { isNotFound } from './store.js';

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
 * Takes `<dir>/<stack>.lock`, created exclusively and holding the owner's pid. A lock whose owner is no longer
 * running (a `kill -9`ed deploy) is stale and taken over; one whose owner lives refuses the run.
 */
export async function lockStack(dir: string, stack: string, action: string): Promise<StackLock> {
  await fs.mkdir(dir, { recursive: true });
  const file = join(dir, `${stack}.lock`);
  const owner: LockOwner = { pid: process.pid, action, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(owner), { flag: 'wx' });
      return { release: () => fs.rm(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = await readOwner(file);
    if (current && isAlive(current.pid)) {
      throw new StackLockedError(
        `stack '${stack}' is busy: process ${current.pid} has been running \`${current.action.toLowerCase()}\` on it since ${current.since}; wait for it to finish (or stop that process) and try again`,
      );
    }
    if (current === undefined && attempt === 0) {
      // Perhaps created an instant ago and not yet written: look again before calling it stale.
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    // Stale (its owner is gone) or unreadable: remove it and try again. Two runs racing here both retry the
    // exclusive create, and only one of them wins it.
    await fs.rm(file, { force: true });
  }
  throw new StackLockedError(`could not lock stack '${stack}' (${file}): another run keeps taking it`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
  } catch (err) {
    if (isNotFound(err) || err instanceof SyntaxError) return undefined;
    throw err;
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
