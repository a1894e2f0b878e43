import { isCall } from '../../template/model.js';
import { isResolvable } from '../../tokens/resolvable.js';

/**
 * How a typed resource class's camelCase props are spelled in its Heat type: a prop → the type's name for it, or
 * that name and the names of the fields inside it (a map's fields, or each list item's). Props absent from the
 * table are written as they are. Generated with the classes (`scripts/gen/constructs.ts`).
 */
export type PropertyNames = { readonly [camel: string]: string | readonly [string, PropertyNames] };

/** `props` with its keys spelled as the Heat type spells them, at every depth the names reach; tokens untouched. */
export function heatProperties(props: object, names: PropertyNames): Record<string, unknown> {
  return renamed(props, names) as Record<string, unknown>;
}

function renamed(value: unknown, names: PropertyNames): unknown {
  if (Array.isArray(value)) return value.map((item) => renamed(item, names));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const name = Object.hasOwn(names, key) ? names[key] : undefined;
    if (name === undefined) out[key] = v;
    else if (typeof name === 'string') out[name] = v;
    else out[name[0]] = renamed(v, name[1]);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || isResolvable(value) || isCall(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const SNAKE = new Map<string, string>();

/** A camelCase prop's canonical (snake_case) property name: `restartPolicy` → `restart_policy`. Remembered. */
export function snakeCase(camel: string): string {
  let s = SNAKE.get(camel);
  if (s === undefined) {
    s = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    SNAKE.set(camel, s);
  }
  return s;
}

const CAMEL = new Map<string, string>();

/** A canonical property or attribute name's camelCase prop: `network_ip` → `networkIp`. Remembered. */
export function camelCase(snake: string): string {
  let c = CAMEL.get(snake);
  if (c === undefined) {
    c = snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    CAMEL.set(snake, c);
  }
  return c;
}
