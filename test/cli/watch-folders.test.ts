import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type FolderWatch, watchFolders } from '../../src/cli/watch-folders.js';

// The files `--watch` follows are watched through their folders, so a file replaced by a rename (an atomic save)
// is still followed afterwards; the end-to-end case is in watch.test.ts.

let dir: string;
let watch: FolderWatch;
let events: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-watch-folders-'));
  events = [];
  watch = watchFolders(
    (file) => events.push(file),
    (error) => {
      throw error;
    },
  );
});
afterEach(() => {
  watch.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether an event names `file` within 10 s (the events so far are then forgotten). */
async function sawEventFor(file: string): Promise<boolean> {
  const start = Date.now();
  while (!events.includes(file) && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 20));
  const seen = events.includes(file);
  events = [];
  return seen;
}

describe('watchFolders', () => {
  test('a file renamed over twice at once, then written in place, is named by an event each time', async () => {
    const file = join(dir, 'app.ts');
    writeFileSync(file, 'v0');
    watch.add(file);
    for (const text of ['v1', 'v2']) {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    }
    expect(await sawEventFor(file)).toBe(true);
    writeFileSync(file, 'v3');
    expect(await sawEventFor(file)).toBe(true);
    writeFileSync(file, 'v4');
    expect(await sawEventFor(file)).toBe(true);
  });

  test('two files of one folder are each named by the events of their own saves', async () => {
    const a = join(dir, 'a.ts');
    const b = join(dir, 'b.ts');
    writeFileSync(a, 'a');
    writeFileSync(b, 'b');
    watch.add(a);
    watch.add(b);
    writeFileSync(b, 'b2');
    expect(await sawEventFor(b)).toBe(true);
    writeFileSync(a, 'a2');
    expect(await sawEventFor(a)).toBe(true);
  });
});
