/**
 * Hostile templates through the real CLI, each in its own process (issue 17): `heatstack validate` and `heatstack
 * convert` must answer every one — exit 0 or 1, never 2 or a signal — within a bound, with no stack trace or
 * `internal error`, and with no raw control character in anything printed (the template's text is quoted in
 * diagnostics, written out).
 */

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RAW_CONTROL } from '../../support/terminal.js';
import type { HostileCase } from './hostile.js';

const CLI = fileURLToPath(new URL('../../deploy/support/heatstack-cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A process's start-up (tsx compiles the sources) is most of it: a case itself takes milliseconds. */
export const CLI_BOUND_MS = 30_000;

/** A stack frame as Node prints it (`    at parse (file.ts:1:2)`). */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export interface CliCaseProblem {
  readonly verb: string;
  readonly problem: string;
}

interface Answer {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(args: string[]): Promise<Answer> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_BOUND_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** What is wrong with one answer of the CLI (nothing: undefined). `verb` prints the template itself on success. */
function problemOf(answer: Answer, printsTemplate: boolean): string | undefined {
  if (answer.signal !== null) return `killed by ${answer.signal} (over ${CLI_BOUND_MS} ms?)`;
  if (answer.code !== 0 && answer.code !== 1) return `exit ${answer.code}: ${answer.stderr.slice(0, 300)}`;
  if (/internal error/.test(answer.stderr) || STACK_FRAME.test(answer.stderr))
    return `a stack trace: ${answer.stderr.slice(0, 500)}`;
  if (RAW_CONTROL.test(answer.stderr)) return `a raw control character on stderr: ${JSON.stringify(answer.stderr)}`;
  // A converted template is text for a file; its own quoting escapes what needs it in YAML.
  if (!printsTemplate && RAW_CONTROL.test(answer.stdout)) return 'a raw control character on stdout';
  return undefined;
}

/** Runs one case through `validate` and `convert`; returns what was wrong (empty: answered well). */
export async function runCaseThroughCli(c: HostileCase, dir: string, n: number): Promise<CliCaseProblem[]> {
  const file = join(dir, `case-${n}.yaml`);
  writeFileSync(file, c.input);
  const problems: CliCaseProblem[] = [];
  const validate = await run(['validate', file]);
  const v = problemOf(validate, false);
  if (v !== undefined) problems.push({ verb: 'validate', problem: v });
  const convert = await run(['convert', file, '--dialect', 'hot']);
  const k = problemOf(convert, true);
  if (k !== undefined) problems.push({ verb: 'convert', problem: k });
  return problems;
}
