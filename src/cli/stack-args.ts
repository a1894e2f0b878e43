import type { PullPolicy } from '../deploy/docker/index.js';
import { checkStackName } from '../deploy/input.js';
import { UsageError } from '../errors.js';
import { appFromConfig, targetFromConfig } from '../synth/app-config.js';
import { DEPLOY_TARGETS, type DeployTarget } from '../template/resource-types/type-module.js';
import { showText } from '../terminal-text.js';

export function requireStack(value: unknown, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--stack NAME is required\n\n${usage}`);
  checkStackName(value);
  return value;
}

export function concurrencyOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--concurrency expects a whole number of at least 1, got '${showText(String(value))}'`);
  return n;
}

export function pullOption(value: unknown): PullPolicy | undefined {
  if (value === undefined) return undefined;
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  throw new UsageError(`--pull expects missing, always or never, got '${showText(String(value))}'`);
}

/** `--target docker|swarm` (`docs/swarm.md`). */
export function targetOption(value: unknown): DeployTarget | undefined {
  if (value === undefined) return undefined;
  const target = DEPLOY_TARGETS.find((t) => t === value);
  if (target !== undefined) return target;
  throw new UsageError(`--target expects ${DEPLOY_TARGETS.join(' or ')}, got '${showText(String(value))}'`);
}

/** A target a verb was asked for, and where, when not by `--target` (for a message). */
export interface RequestedTarget {
  readonly target: DeployTarget;
  readonly from?: string;
}

/**
 * The target a deploy asks for: `--target`, else the nearest heatstack.json's for the stack (its
 * `stacks.<name>.target`, else its `target`), else none — the stack's record, or plain Docker (`docs/swarm.md`).
 */
export function requestedTarget(flag: unknown, stackName: string, cwd = process.cwd()): RequestedTarget | undefined {
  const target = targetOption(flag);
  return target !== undefined ? { target } : targetFromConfig(stackName, cwd);
}

/** `--stop-timeout SECONDS`: a whole number of seconds, 0 (kill at once) included. */
export function stopTimeoutOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (String(value).trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`--stop-timeout expects a whole number of seconds (0 or more), got '${String(value)}'`);
  return n;
}

/** The app or template file a verb reads: the one given, else the `app` of the nearest heatstack.json (as synth). */
export function inputFile(positionals: readonly string[], verb: string, usage: string, cwd = process.cwd()): string {
  if (positionals.length > 1)
    throw new UsageError(`${verb} takes one app or template file, got ${showText(positionals.join(' '))}\n\n${usage}`);
  const file = positionals[0] ?? appFromConfig(cwd);
  if (file === undefined)
    throw new UsageError(
      `give the app or template file to ${verb}, or add a heatstack.json with {"app": "…"}\n\n${usage}`,
    );
  return file;
}
