import { type IResolvable, Resolvable } from '../resolvable.js';
import { listToken, numberToken, stringToken } from './encoding.js';

/**
 * Every token this copy of the library handed out, by number. The counter starts at a random value so that a
 * token string from another copy of heatstack (or another process) is almost never mistaken for one of ours: it
 * is reported as unknown instead. Numbers have 10 digits, so that a leftover of a token's text is recognised by
 * them (see findMangledToken). Token numbers never reach a template, so output stays deterministic.
 */
const FIRST = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
/** Token N is at `tokens[N - FIRST]`: an array is faster than a map for dense integer keys. */
const tokens: IResolvable[] = [];
const strings = new WeakMap<IResolvable, string>();

function register(r: IResolvable): number {
  tokens.push(r);
  return FIRST + tokens.length - 1;
}

/** The string token of a resolvable; the same resolvable always gets the same string. */
export function registerString(r: IResolvable): string {
  if (r instanceof Resolvable) {
    r._tokenString ??= stringToken(r.displayHint, register(r));
    return r._tokenString;
  }
  let s = strings.get(r);
  if (s === undefined) {
    s = stringToken(r.displayHint, register(r));
    strings.set(r, s);
  }
  return s;
}

export function registerList(r: IResolvable): string[] {
  return [listToken(r.displayHint, register(r))];
}

export function registerNumber(r: IResolvable): number {
  return numberToken(register(r));
}

export function isLiveToken(n: number): boolean {
  return lookupToken(n) !== undefined;
}

export function lookupToken(n: number): IResolvable | undefined {
  return n >= FIRST ? tokens[n - FIRST] : undefined;
}
