import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lockStack, StackLockedError } from '../../../src/deploy/state/lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const staggered = (ms: number): Promise<void> =>
  new Promise((r) => {
    const until = performance.now() + ms;
    const spin = (): void => (performance.now() >= until ? r() : void setImmediate(spin));
    spin();
  });

// A pid far above pid_max: no process has it.
const DEAD = { pid: 2 ** 30, action: 'DEPLOY', since: 'then' };

describe('lockStack: taking over a stale lock', () => {
  test('runs racing to take over the same stale lock: exactly one wins, the others are refused', async () => {
    for (let round = 0; round < 10; round++) {
      // GIVEN a lock left by a dead process
      writeFileSync(join(dir, 's.lock'), JSON.stringify(DEAD));
      // WHEN many runs (all of this live process) try to take it at once
      // (staggered by a few hundred microseconds, so that one's removal of the stale lock can land after another has
      // already put its fresh lock in place)
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => staggered(i * 0.25).then(() => lockStack(dir, 's', 'DEPLOY'))),
      );
      // THEN one holds it; every other one sees a live owner, none removed the winner's fresh lock
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StackLockedError);
      expect(JSON.parse(readFileSync(join(dir, 's.lock'), 'utf8')).pid).toBe(process.pid);
      await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
      // AND no temporary files are left behind
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  test('a damaged lock file (not JSON) is stale and taken over', async () => {
    writeFileSync(join(dir, 's.lock'), '{"pid": ');
    const lock = await lockStack(dir, 's', 'DELETE');
    expect(JSON.parse(readFileSync(join(dir, 's.lock'), 'utf8'))).toMatchObject({ pid: process.pid, action: 'DELETE' });
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('lockStack: temporary files left by runs that died', () => {
  test('once the lock is held, the stack’s temporary files of dead processes are removed, no other file', async () => {
    // GIVEN the files a run killed between writing and renaming leaves (a whole record in the first), beside files
    // of a live process (this one, and pid 1), of another stack, and a stack's own record
    const dead = DEAD.pid;
    const planted = {
      [`s.json.${dead}.0a1b2c3d.tmp`]: '{"format": 1, "name": "s"}',
      [`s.lock.${dead}.0a1b2c3d.tmp`]: JSON.stringify(DEAD),
      [`s.lock.${dead}.0a1b2c3d.tmp.takeover`]: JSON.stringify(DEAD),
    };
    const kept = [
      `s.json.${process.pid}.00ff00ff.tmp`,
      's.json.1.00ff00ff.tmp',
      `t.json.${dead}.0a1b2c3d.tmp`,
      `s.json.${dead}.json`,
      's.json',
      's.json.2026-01-01T00-00-00-000Z.damaged',
    ];
    for (const [name, text] of Object.entries(planted)) writeFileSync(join(dir, name), text);
    for (const name of kept) writeFileSync(join(dir, name), '{}');
    // WHEN a run locks the stack
    const lock = await lockStack(dir, 's', 'DEPLOY');
    // THEN only the dead process's temporary files of that stack are gone
    expect(readdirSync(dir).sort()).toEqual([...kept, 's.lock'].sort());
    await lock.release();
  });
});
