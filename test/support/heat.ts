import { spawnSync } from 'node:child_process';
import { test } from 'vitest';

/**
 * OpenStack Heat 19 (Debian's python3-heat) is the reference for what Heat accepts. Tests that compare with it run
 * where the system interpreter can import Heat, and skip, saying so, elsewhere (CI installs it). The interpreter is
 * the system's on purpose: a python3 earlier on PATH (pyenv, a virtualenv) does not see Debian's packages.
 */
export const HEAT_PYTHON = process.env.HEATSTACK_HEAT_PYTHON ?? '/usr/bin/python3';

function probeHeat(): string | undefined {
  const probe = spawnSync(HEAT_PYTHON, ['-c', 'import heat.engine.resources'], { encoding: 'utf8' });
  if (probe.error) return `${HEAT_PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${HEAT_PYTHON} cannot import heat (apt-get install python3-heat)`;
  return undefined;
}

const unavailable = probeHeat();

/** Why Heat cannot be used here, or undefined when it can. */
export function heatUnavailable(): string | undefined {
  return unavailable;
}

/** A test that needs Heat: skipped, saying why, where Heat cannot be imported. */
export function testWithHeat(title: string, body: () => void, timeoutMs?: number): void {
  if (unavailable === undefined) test(title, body, timeoutMs);
  else test.skip(`${title} (skipped: ${unavailable})`, body);
}

export interface HeatVerdict {
  readonly valid: boolean;
  readonly error?: string;
}

const VERDICT_SCRIPT = new URL('./heat_verdict.py', import.meta.url).pathname;

/**
 * Heat 19's verdict on each template text (`heat_verdict.py`: Heat's parser and `Stack.validate`, offline), or on a
 * template with parameter values.
 */
export function heatVerdicts(templates: readonly (string | HeatCase)[]): HeatVerdict[] {
  const run = spawnSync(HEAT_PYTHON, [VERDICT_SCRIPT], {
    input: JSON.stringify(templates),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`heat_verdict.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as HeatVerdict[];
}

export interface HeatCase {
  readonly template: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** An environment file's text, whose `parameters` Heat reads in place of `parameters` (`heat_outputs.py` only). */
  readonly environment?: string;
}

/** What Heat made of one case: its version and each output's value or error, or the error that refused it. */
export type HeatResult =
  | {
      readonly version: [string, string];
      readonly outputs: Record<string, { value?: unknown; error?: string }>;
      readonly error?: undefined;
    }
  | { readonly error: string };

const OUTPUTS_SCRIPT = new URL('./heat_outputs.py', import.meta.url).pathname;

/**
 * Each template loaded and validated by Heat 19 as a stack with the given parameters (`heat_outputs.py`; no resource
 * is created, so an attribute is `null`), and each of its outputs resolved. One process for every case: loading
 * Heat takes seconds.
 */
export function heatOutputs(cases: readonly HeatCase[]): HeatResult[] {
  const run = spawnSync(HEAT_PYTHON, [OUTPUTS_SCRIPT], {
    input: cases.map((c) => JSON.stringify(c)).join('\n'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`heat_outputs.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as HeatResult[];
}
