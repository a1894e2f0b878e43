import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { stackTarget } from '../../../src/deploy/engine/target.js';
import { StateStore } from '../../../src/deploy/state/store.js';

const dir = mkdtempSync(join(tmpdir(), 'heatstack-target-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a stack without a record runs on the target asked for, else plain Docker', async () => {
  const store = new StateStore(dir);
  expect(await stackTarget(store, 'fresh')).toBe('docker');
  expect(await stackTarget(store, 'fresh', 'swarm')).toBe('swarm');
});

test('a damaged record is left to the verb (destroy sets it aside): its target is not asked of it', async () => {
  writeFileSync(join(dir, 'broken.json'), '{"format": 1, "name": "bro');
  expect(await stackTarget(new StateStore(dir), 'broken')).toBe('docker');
});
