import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { PullPolicy } from './docker/index.js';
import { checkStackName } from './input.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
export type VerbArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>
>;

/** `parseArgs` (with `-h, --help`), its errors turned into usage errors that show the verb's usage. */
export function parseVerbArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): VerbArgs<O> {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>;
  try {
    return parseArgs({ args, options: all, allowPositionals: allowPositionals as true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

export function requireStack(value: unknown, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--stack NAME is required\n\n${usage}`);
  checkStackName(value);
  return value;
}

export function concurrencyOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--concurrency expects a whole number of at least 1, got '${String(value)}'`);
  return n;
}

export function pullOption(value: unknown): PullPolicy | undefined {
  if (value === undefined) return undefined;
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  throw new UsageError(`--pull expects missing, always or never, got '${String(value)}'`);
}
