import type { ExactNumber } from '../exact-number.js';
import { setOwn } from '../own-keys.js';

/** Template data as read from a file, before it becomes the model: JSON-like values. */
export type RawValue = string | number | boolean | null | ExactNumber | RawValue[] | RawMap;
export interface RawMap {
  [key: string]: RawValue;
}

/** `obj[key] = value`, safe for a key named `__proto__`. */
export const setRawKey: (obj: RawMap, key: string, value: RawValue) => void = setOwn;
