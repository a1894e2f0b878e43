import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { showText } from '../terminal-text.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
export type VerbArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>
>;

/** Every verb's `parseArgs` (with `-h, --help`), its errors turned into usage errors that show the verb's usage. */
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
    throw new UsageError(`${showText((err as Error).message)}\n\n${usage}`);
  }
}

/** An option's value, checked against the values it allows. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be ${allowed.join(' or ')}, not '${showText(value)}'`);
}
