import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `heatstack …` in-process through the real dispatcher, capturing what it prints. */
export async function heatstack(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Runs `fn` with `dir` as the working folder (where heatstack.json is looked for), then goes back. */
export async function inFolder<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

/**
 * A fresh folder for each test of the calling file, with `HEATSTACK_STATE_DIR` inside it (so a verb that gets as
 * far as the state never touches the user's); removed after the test. Returns the current test's folder.
 */
export function folderPerTest(prefix: string): () => string {
  let dir = '';
  const before = process.env.HEATSTACK_STATE_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.HEATSTACK_STATE_DIR = join(dir, 'state');
  });
  afterEach(() => {
    process.env.HEATSTACK_STATE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
