/**
 * Compiled app files, kept by content hash in heatstack's cache folder: `HEATSTACK_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/heatstack/transpiled`, else `~/.cache/heatstack/transpiled`. The key holds everything the output
 * depends on (the transpiler and its version, the module format, the file's path, which its source map names, and
 * its text), so an entry is never stale: a changed file is a new key. A folder that cannot be written only costs
 * the compile each time.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(): string {
  if (process.env.HEATSTACK_CACHE_DIR) return process.env.HEATSTACK_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'heatstack', 'transpiled');
}

/** The cached output for `key`, or `produce()`'s, stored for next time. */
export function cachedOutput(key: readonly string[], produce: () => string): string {
  const hash = createHash('sha256');
  for (const part of key) hash.update(part).update('\0');
  const file = join(cacheDir(), `${hash.digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const output = produce();
  store(file, output);
  return output;
}

/** Written under a temporary name and renamed, so a run reading at the same time never sees half a file. */
function store(file: string, output: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(temporary, output);
    renameSync(temporary, file);
  } catch {
    // a cache that cannot be written is no error: the next run compiles again
  }
}
