import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deployStack, destroyStack, type RunResult } from '../../../src/deploy/engine/stack-engine.js';
import type { ExistingResource } from '../../../src/deploy/handler.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * Two runs at once on one stack: whichever comes second is refused, told which process holds the stack and doing
 * what, and changes nothing; the first finishes as if alone. A lock left by a dead process is taken over by exactly
 * one of the runs racing for it, even when they are separate processes.
 */

let dir: string;
let backend: FakeBackend;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-concurrent-'));
  backend = new FakeBackend();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = () => ({ store: new StateStore(dir), backend, services: fakeServices });
const template = things({ A: { image: 'a' } });
const deploy = () =>
  deployStack({ stackName: 's', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() }, options());
const destroy = () => destroyStack('s', options());

/** A gate the backend's creates or deletes wait at, until the test opens it. */
function gate(kind: 'create' | 'delete'): { open(): void; reached: Promise<void> } {
  let open = (): void => undefined;
  let reach = (): void => undefined;
  const opened = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (reach = r));
  const handler = backend.handler as { create: typeof backend.handler.create; delete: typeof backend.handler.delete };
  if (kind === 'create') {
    const create = handler.create;
    handler.create = async (req) => {
      reach();
      await opened;
      return create(req);
    };
  } else {
    const remove = handler.delete;
    handler.delete = async (res: ExistingResource) => {
      reach();
      await opened;
      return remove(res);
    };
  }
  return { open, reached };
}

const BUSY = (verb: string) =>
  new RegExp(`stack 's' is busy: process ${process.pid} has been running \`${verb}\` on it since \\S+Z; wait`);

describe('a second run on a stack a live run holds is refused, naming who holds it', () => {
  test('deploy, then destroy', async () => {
    const held = gate('create');
    const first = deploy();
    await held.reached;
    await expect(destroy()).rejects.toThrow(BUSY('deploy'));
    held.open();
    expect((await first).ok).toBe(true);
    expect(Object.keys(backend.of('s'))).toEqual(['A']);
  });

  test('destroy, then destroy', async () => {
    await deploy();
    const held = gate('delete');
    const first = destroy();
    await held.reached;
    await expect(destroy()).rejects.toThrow(BUSY('destroy'));
    held.open();
    expect((await first).ok).toBe(true);
    expect(backend.objects.size).toBe(0);
  });

  test('destroy, then deploy', async () => {
    await deploy();
    const held = gate('delete');
    const first: Promise<RunResult> = destroy();
    await held.reached;
    await expect(deploy()).rejects.toThrow(BUSY('destroy'));
    held.open();
    expect((await first).ok).toBe(true);
    expect(backend.objects.size).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});

const LOCK_RACER = fileURLToPath(new URL('./support/lock-racer.ts', import.meta.url));

describe('processes racing for a stale lock', () => {
  test('exactly one takes it over; each other is refused, naming the winner', async () => {
    // GIVEN a lock left by a dead process (a pid far above pid_max)
    writeFileSync(join(dir, 's.lock'), JSON.stringify({ pid: 2 ** 30, action: 'DEPLOY', since: 'then' }));
    const go = join(dir, 'go');
    const release = join(dir, 'release');
    // WHEN four processes, all started and waiting for `go`, try to take it at once (the winner holds it)
    const racers: Racer[] = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', LOCK_RACER, dir, 's', go, release], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let errors = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
      const done = new Promise<string>((resolve) => child.on('close', () => resolve(out + errors)));
      return { child, done, out: () => out };
    });
    await waitUntil(() => racers.every((r) => r.out().startsWith('ready')), racers);
    writeFileSync(go, '');
    const results = await settleWithRelease(racers, release);
    // THEN
    const winners = results.filter((r) => r.out === 'ready\nlocked\n');
    expect(winners).toHaveLength(1);
    const winner = winners[0] as { pid: number; out: string };
    for (const r of results.filter((x) => x !== winner)) {
      expect(r.out).toMatch(
        new RegExp(`^ready\nrefused: stack 's' is busy: process ${winner.pid} has been running \`deploy\``),
      );
    }
    // AND no lock or temporary file is left behind
    expect(readdirSync(dir).sort()).toEqual(['go', 'release']);
  }, 60_000);
});

interface Racer {
  readonly child: { readonly pid?: number };
  readonly done: Promise<string>;
  out(): string;
}

/** Waits until every racer but the winner (which holds the lock until `release` exists) has exited, then releases it. */
async function settleWithRelease(racers: readonly Racer[], release: string): Promise<{ pid: number; out: string }[]> {
  const outs: (string | undefined)[] = racers.map(() => undefined);
  racers.forEach((r, i) => {
    void r.done.then((out) => (outs[i] = out));
  });
  await waitUntil(() => outs.filter((o) => o !== undefined).length === racers.length - 1, racers);
  writeFileSync(release, '');
  await Promise.all(racers.map((r) => r.done));
  return racers.map((r, i) => ({ pid: r.child.pid as number, out: outs[i] ?? '' }));
}

/** Polls `condition`; on timeout, fails showing what each racer has printed. */
async function waitUntil(condition: () => boolean, racers: readonly Racer[], timeoutMs = 50_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out; the racers printed ${racers.map((r) => JSON.stringify(r.out())).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
