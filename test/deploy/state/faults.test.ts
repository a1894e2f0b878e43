import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { deployStack, destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { StateAccessError } from '../../../src/deploy/state/errors.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { heatstack } from '../../support/cli.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * A state directory heatstack cannot use — a file where the directory should be, a directory where a stack's file
 * should be, an immutable or read-only directory, a full disk — is a clear error naming the path and what to do,
 * and the run stops before it has touched the backend. (The tests run as root, for whom `chmod` changes nothing: the
 * faults are made with `chattr +i` and small tmpfs mounts, and skipped with a message where those are refused.)
 */

let root: string;
let backend: FakeBackend;
const before = process.env.HEATSTACK_STATE_DIR;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'heatstack-faults-'));
  backend = new FakeBackend();
});
afterEach(() => {
  process.env.HEATSTACK_STATE_DIR = before;
  rmSync(root, { recursive: true, force: true });
});

const template = things({ A: { image: 'a' }, B: { image: 'b' } });
const options = (dir: string) => ({ store: new StateStore(dir), backend, services: fakeServices });
const deploy = (dir: string) =>
  deployStack({ stackName: 's', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() }, options(dir));

/** Runs `command`; false (with a warning naming the reason) when this machine refuses it. */
function tryRun(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return true;
  } catch (err) {
    console.warn(`skipped: \`${command} ${args.join(' ')}\` failed here (${(err as Error).message.split('\n')[0]})`);
    return false;
  }
}

describe('HEATSTACK_STATE_DIR naming a file', () => {
  test('deploy and destroy refuse before touching the backend, naming the directory', async () => {
    const file = join(root, 'state');
    writeFileSync(file, 'not a directory');
    for (const dir of [file, join(file, 'below')]) {
      await expect(deploy(dir)).rejects.toThrow(
        new StateAccessError(
          `cannot use the state directory ${dir}: ${dir} is not a directory (it, or a folder on its path, is a file) ` +
            `(${dir === file ? 'EEXIST' : 'ENOTDIR'}). Move the file away, or set HEATSTACK_STATE_DIR to a directory ` +
            '(the default is ~/.heatstack/stacks)',
        ),
      );
      await expect(destroyStack('s', options(dir))).rejects.toThrow(StateAccessError);
    }
    expect(backend.calls).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  test('ls, outputs and events say so too', async () => {
    process.env.HEATSTACK_STATE_DIR = join(root, 'state');
    writeFileSync(join(root, 'state'), '');
    await expect(heatstack('ls')).rejects.toThrow(/state directory .*state is not a directory .*\(ENOTDIR\)/);
    await expect(heatstack('outputs', '--stack', 's')).rejects.toThrow(/is not a directory .*\(ENOTDIR\)/);
    await expect(heatstack('events', '--stack', 's')).rejects.toThrow(/is not a directory .*\(ENOTDIR\)/);
  });
});

describe('a directory where a stack’s file should be', () => {
  test('deploy, destroy and outputs refuse naming it; ls lists it as UNREADABLE', async () => {
    const dir = join(root, 'state');
    mkdirSync(join(dir, 's.json'), { recursive: true });
    const reason = `${join(dir, 's.json')} is a directory where heatstack keeps a stack's file (EISDIR). Move that directory away`;
    await expect(deploy(dir)).rejects.toThrow(`cannot use the state directory ${dir}: ${reason}`);
    await expect(destroyStack('s', options(dir))).rejects.toThrow(reason);
    expect(backend.calls).toEqual([]);
    process.env.HEATSTACK_STATE_DIR = dir;
    await expect(heatstack('outputs', '--stack', 's')).rejects.toThrow(reason);
    const { stdout } = await heatstack('ls');
    expect(stdout).toMatch(/^s\s+UNREADABLE \(cannot use the state directory .* is a directory/m);
  });

  test('a save that cannot rename its temporary file into place removes the temporary file', async () => {
    const dir = join(root, 'state');
    await deploy(dir);
    const store = new StateStore(dir);
    const record = await store.load('s');
    if (record === undefined) throw new Error('no record');
    rmSync(join(dir, 's.json'));
    mkdirSync(join(dir, 's.json', 'occupied'), { recursive: true });
    await expect(store.save(record)).rejects.toThrow(StateAccessError);
    expect(readdirSync(dir)).toEqual(['s.json']);
  });
});

describe('an immutable state directory or state file (chattr +i: refused even to root)', () => {
  const immutable: string[] = [];
  const chattr = (flag: '+i' | '-i', path: string): boolean => {
    const ok = tryRun('chattr', [flag, path]);
    if (ok && flag === '+i') immutable.push(path);
    return ok;
  };
  afterEach(() => {
    for (const path of immutable.splice(0)) chattr('-i', path);
  });

  test('a new stack in an immutable directory: refused before the backend is touched, nothing left', async () => {
    const dir = join(root, 'state');
    mkdirSync(dir);
    if (!chattr('+i', dir)) return;
    const error = await deploy(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateAccessError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^cannot use the state directory ${dir}: ${dir}/s\\.lock\\.\\d+\\.[0-9a-f]+\\.tmp: permission denied \\(EPERM\\)\\. Make it writable`,
      ),
    );
    expect(backend.calls).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an update whose state file is immutable: refused before the backend is touched, no temporary file left', async () => {
    const dir = join(root, 'state');
    await deploy(dir);
    const saved = readFileSync(join(dir, 's.json'), 'utf8');
    if (!chattr('+i', join(dir, 's.json'))) return;
    backend.calls.length = 0;
    // WHEN the template changes (B's image), and then WHEN the stack is destroyed
    const changed = things({ A: { image: 'a' }, B: { image: 'b2' } });
    await expect(
      deployStack(
        { stackName: 's', stackId: 'id', template: changed, parameters: {}, hiddenParameters: new Set() },
        options(dir),
      ),
    ).rejects.toThrow(new RegExp(`${dir}/s\\.json: permission denied \\(EPERM\\)`));
    await expect(destroyStack('s', options(dir))).rejects.toThrow(StateAccessError);
    // THEN nothing was created, replaced or deleted; the record and the directory are as they were
    expect(backend.calls).toEqual([]);
    expect(backend.objects.size).toBe(2);
    expect(readFileSync(join(dir, 's.json'), 'utf8')).toBe(saved);
    expect(readdirSync(dir)).toEqual(['s.json']);
  });
});

describe('a state directory on a small tmpfs: read-only, or full', () => {
  let mount: string;
  let mounted = false;
  beforeAll(() => {
    mount = mkdtempSync(join(tmpdir(), 'heatstack-tmpfs-'));
  });
  afterEach(() => {
    if (mounted) tryRun('umount', [mount]);
    mounted = false;
  });
  afterAll(() => rmSync(mount, { recursive: true, force: true }));

  test('read-only (EROFS): refused before the backend is touched', async () => {
    mounted = tryRun('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mount]);
    if (!mounted) return;
    await expect(deploy(mount)).rejects.toThrow(/is on a read-only file system \(EROFS\)\. Set HEATSTACK_STATE_DIR/);
    expect(backend.calls).toEqual([]);
  });

  test('full (ENOSPC): refused before the backend is touched, no temporary file left', async () => {
    mounted = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
    if (!mounted) return;
    // GIVEN the file system filled up to its last byte
    try {
      writeFileSync(join(mount, 'filler'), Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC: as much as fits was written
    }
    await expect(deploy(mount)).rejects.toThrow(/no space left for .* \(ENOSPC\)\. Free some space/);
    expect(backend.calls).toEqual([]);
    expect(readdirSync(mount)).toEqual(['filler']);
  });
});
