import type { IResolvable } from '../resolvable.js';
import { listToken, numberToken, stringToken } from './encoding.js';

/**
 * Every token this copy of the library handed out, by number. The counter starts at a random value so that a
 * token string from another copy of heatstack (or another process) is almost never mistaken for one of ours: it
 * is reported as unknown instead. Token numbers never reach a template, so output stays deterministic.
 */
const tokens = new Map<number, IResolvable>();
const strings = new WeakMap<IResolvable, string>();
let counter = Math.floor(Math.random() * 0x100_0000) + 1;

function register(r: IResolvable): number {
  const n = counter++;
  tokens.set(n, r);
  return n;
}

/** The string token of a resolvable; the same resolvable always gets the same string. */
export function registerString(r: IResolvable): string {
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

export function lookupToken(n: number): IResolvable | undefined {
  return tokens.get(n);
}
