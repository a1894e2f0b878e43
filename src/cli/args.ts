import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { closest } from '../template/validate/coerce.js';
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
    throw new UsageError(`${showText(unknownOption(err, all) ?? (err as Error).message)}\n\n${usage}`);
  }
}

/**
 * `Unknown option '--formt' (did you mean '--format'?)` for a near miss; undefined for any other mistake (Node's
 * own message says it).
 */
function unknownOption(err: unknown, options: Options): string | undefined {
  if ((err as { code?: unknown }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const given = /'(-[^']*)'/.exec((err as Error).message)?.[1];
  if (given === undefined) return undefined;
  const spellings = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const near = closest(given, spellings);
  return near === undefined ? undefined : `Unknown option '${given}' (did you mean '${near}'?)`;
}

/** An option's value, checked against the values it allows. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be ${allowed.join(' or ')}, not '${showText(value)}'`);
}
