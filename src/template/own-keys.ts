/**
 * Maps built from a template's own keys: a key is data, never a way into `Object.prototype`. Assignment
 * (`obj[key] = v`) takes `__proto__` as the prototype, and reading (`obj[key]`) finds `constructor` or `toString`
 * on a plain object; these two helpers make both plain own-property operations.
 */

/** `obj[key] = value` as an own property, for `__proto__` too. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `obj[key]` when `obj` has that own key, else `undefined` (never an inherited member). */
export function getOwn<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
