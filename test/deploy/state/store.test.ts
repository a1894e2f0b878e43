import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lockStack } from '../../../src/deploy/state/lock.js';
import type { StackRecord } from '../../../src/deploy/state/record.js';
import { RecordJournal, StateStore } from '../../../src/deploy/state/store.js';
import { call, emptyTemplate } from '../../../src/template/model.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(name: string): StackRecord {
  const template = {
    ...emptyTemplate('cfn'),
    resources: {
      A: { type: 'OS::Heat::Docker', properties: { Env: [call('get_attr', 'B', 'NetworkIp')] }, dependsOn: [] },
    },
  };
  return {
    format: 1,
    name,
    id: 'id',
    status: 'CREATE_COMPLETE',
    statusReason: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    template,
    parameters: {},
    hiddenParameterHashes: {},
    resources: {},
    outputs: {},
    events: [],
  };
}

describe('StateStore', () => {
  test('a saved record loads back equal, function calls included', async () => {
    const store = new StateStore(dir);
    await store.save(record('blog'));
    expect(await store.load('blog')).toEqual(record('blog'));
    expect(readdirSync(dir)).toEqual(['blog.json']);
  });

  test('lists every stack and skips a damaged file', async () => {
    const store = new StateStore(dir);
    await store.save(record('b'));
    await store.save(record('a'));
    writeFileSync(join(dir, 'broken.json'), '{');
    expect((await store.list()).map((r) => r.name)).toEqual(['a', 'b']);
  });

  test('a missing stack loads as undefined; a damaged one is an error naming the file', async () => {
    const store = new StateStore(dir);
    expect(await store.load('nope')).toBeUndefined();
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(store.load('bad')).rejects.toThrow(`the state file ${join(dir, 'bad.json')} is not valid JSON`);
  });

  test('each load is a copy of its own, and a file changed between loads is checked again', async () => {
    // GIVEN a record loaded once (a run loads its record several times: its shape is checked once per text)
    const store = new StateStore(dir);
    await store.save(record('blog'));
    const first = await store.load('blog');
    // WHEN one copy is changed, THEN the next load does not see it
    (first as StackRecord).status = 'DELETE_FAILED';
    expect(await store.load('blog')).toEqual(record('blog'));
    expect(await store.load('blog')).not.toBe(await store.load('blog'));
    // WHEN the file changes to a record of another shape, THEN loading it fails naming the field
    const damaged = { ...record('blog'), events: [{ time: 'yesterday', status: 'CREATE_COMPLETE', reason: '' }] };
    writeFileSync(join(dir, 'blog.json'), JSON.stringify(damaged));
    await expect(store.load('blog')).rejects.toThrow(
      'events[0].time: expected a time (ISO 8601), found string "yesterday"',
    );
    // AND the same text read under another stack's name is refused as before
    await store.save(record('blog'));
    writeFileSync(join(dir, 'other.json'), readFileSync(join(dir, 'blog.json')));
    await expect(store.load('other')).rejects.toThrow('name: expected "other", found string "blog"');
  });

  test('HEATSTACK_STATE_DIR chooses the directory', () => {
    const before = process.env.HEATSTACK_STATE_DIR;
    process.env.HEATSTACK_STATE_DIR = dir;
    try {
      expect(new StateStore().dir).toBe(dir);
    } finally {
      process.env.HEATSTACK_STATE_DIR = before;
    }
  });

  test('a journal coalesces a burst of changes and its last persist writes the latest', async () => {
    const rec = record('j');
    const journal = new RecordJournal(new StateStore(dir), rec);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      rec.statusReason = `change ${i}`;
      writes.push(journal.persist());
    }
    await Promise.all(writes);
    expect(JSON.parse(readFileSync(join(dir, 'j.json'), 'utf8')).statusReason).toBe('change 19');
    expect(readdirSync(dir)).toEqual(['j.json']);
  });
});

describe('lockStack', () => {
  test('a live owner refuses a second lock; release frees it', async () => {
    const lock = await lockStack(dir, 's', 'DEPLOY');
    await expect(lockStack(dir, 's', 'DELETE')).rejects.toThrow(
      `stack 's' is busy: process ${process.pid} has been running \`deploy\``,
    );
    await lock.release();
    await (await lockStack(dir, 's', 'DELETE')).release();
  });

  test('a lock whose owner is dead is stale and taken over', async () => {
    // GIVEN a lock left by a process that no longer runs (pid far above pid_max)
    writeFileSync(join(dir, 's.lock'), JSON.stringify({ pid: 2 ** 30, action: 'DEPLOY', since: 'then' }));
    // WHEN / THEN
    const lock = await lockStack(dir, 's', 'DEPLOY');
    expect(JSON.parse(readFileSync(join(dir, 's.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});
