/** Template data as read from a file, before it becomes the model: JSON-like values. */
export type RawValue = string | number | boolean | null | RawValue[] | RawMap;
export interface RawMap {
  [key: string]: RawValue;
}

/** `obj[key] = value`, safe for a key named `__proto__`. */
export function setRawKey(obj: RawMap, key: string, value: RawValue): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
