/**
 * A value written into a message, as JSON, in bounded time. A message quotes the value it refuses, as Heat's do;
 * a value that YAML aliases expand to a million items (issue 17's fuzzer: `[&a0 [lol, lol], &a1 [*a0, …] …]`) took a
 * second to write and megabytes to print. A value of more than `SHOWN_VALUES` values is cut to its first
 * `SHOWN_CHARACTERS` characters and `…`; anything smaller is written exactly as `JSON.stringify` writes it.
 */

import { pyStr } from '../evaluate/python.js';
import { isExactNumber } from '../exact-number.js';

export const SHOWN_VALUES = 10_000;
export const SHOWN_CHARACTERS = 1_000;

/** `JSON.stringify(value)`, cut when the value is large; throws what `JSON.stringify` throws (too deep). */
export function shownJson(value: unknown): string | undefined {
  if (!isLargeValue(value)) return JSON.stringify(value);
  return `${jsonPrefix(value, SHOWN_CHARACTERS)}…`;
}

/** Python's `str()` of a value (`pyStr`), for a message: cut as `shownJson` cuts when the value is large. */
export function shownPyStr(value: unknown): string {
  return isLargeValue(value) ? `${jsonPrefix(value, SHOWN_CHARACTERS)}…` : pyStr(value);
}

/** Whether `value` holds more than `SHOWN_VALUES` values: a message cuts it, and it is masked by its parts. */
export function isLargeValue(value: unknown): boolean {
  return holdsMoreThan(value, SHOWN_VALUES);
}

/** Whether `value` holds more than `limit` values (lists, maps and scalars), counting a shared one each time. */
function holdsMoreThan(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limit) return true;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

/** A list or map being written: its keys (a list has none), and how many of its entries are written. */
interface Open {
  readonly value: Record<string, unknown> | readonly unknown[];
  readonly keys?: readonly string[];
  next: number;
}

/** The first `limit` characters of the value's JSON, written without recursion and no further than needed. */
function jsonPrefix(value: unknown, limit: number): string {
  let out = '';
  const open: Open[] = [];
  let pending: unknown = value;
  let hasPending = true;
  while (out.length < limit) {
    if (hasPending) {
      hasPending = false;
      const v = pending;
      if (isExactNumber(v)) out += v.text;
      else if (v === null || typeof v !== 'object') out += JSON.stringify(v) ?? 'null';
      else if (Array.isArray(v)) {
        out += '[';
        open.push({ value: v, next: 0 });
      } else {
        out += '{';
        open.push({ value: v as Record<string, unknown>, keys: Object.keys(v), next: 0 });
      }
      continue;
    }
    const top = open.at(-1);
    if (top === undefined) break;
    const { keys, value: container } = top;
    if (top.next === (keys ?? (container as unknown[])).length) {
      out += keys === undefined ? ']' : '}';
      open.pop();
      continue;
    }
    const key = keys?.[top.next];
    out += `${top.next > 0 ? ',' : ''}${key === undefined ? '' : `${JSON.stringify(key)}:`}`;
    pending = key === undefined ? (container as unknown[])[top.next] : (container as Record<string, unknown>)[key];
    top.next++;
    hasPending = true;
  }
  return out.slice(0, limit);
}
