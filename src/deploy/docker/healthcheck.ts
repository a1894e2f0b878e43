import type Docker from 'dockerode';
import { isExactNumber } from '../../template/exact-number.js';
import { DockerPropertyError, dropUndefined } from './container-spec.js';

/**
 * The container's `healthcheck` property (heatstack's own, snake_case as the container's other properties) → the
 * Engine API's `Healthcheck`, as Docker's `HEALTHCHECK` instruction and Compose's `healthcheck:` spell it:
 *
 * - `test`: `['CMD', prog, arg…]` runs a program, `['CMD-SHELL', 'a shell command']` a shell line, `['NONE']` turns
 *   off the image's check; a list that starts with none of these is a program and its arguments (`CMD` implied);
 * - `interval`, `timeout`, `start_period`: seconds (fractions allowed), Docker's nanoseconds on the wire; 0 or absent
 *   keeps Docker's default (30 s, 30 s, 0 s) or the image's;
 * - `retries`: consecutive failures that make the container unhealthy (Docker's default 3).
 *
 * Pure: the mapping is tested without a daemon. What a health check means for a create is `health-gate.ts`.
 */

const TEST_KINDS: ReadonlySet<string> = new Set(['CMD', 'CMD-SHELL', 'NONE']);

/** @internal `Healthcheck` for the create body; undefined when the property is absent (the image's check applies). */
export function healthcheckConfig(value: unknown, where: string): Docker.HealthConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new DockerPropertyError(`${where}: expected {test, interval, timeout, retries, start_period}`);
  const h = value as Readonly<Record<string, unknown>>;
  return dropUndefined({
    Test: probe(h.test, `${where}.test`),
    Interval: nanoseconds(h.interval, `${where}.interval`),
    Timeout: nanoseconds(h.timeout, `${where}.timeout`),
    StartPeriod: nanoseconds(h.start_period, `${where}.start_period`),
    Retries: count(h.retries, `${where}.retries`),
  });
}

function probe(value: unknown, where: string): string[] {
  const hint =
    "such as ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/'] or ['CMD-SHELL', 'test -f /ready']";
  if (!Array.isArray(value) || value.length === 0)
    throw new DockerPropertyError(`${where}: expected a command, ${hint}`);
  const words = value.map((v, i) => {
    if (typeof v === 'string' || typeof v === 'number' || isExactNumber(v)) return String(v);
    throw new DockerPropertyError(`${where}[${i}]: expected a string`);
  });
  const [kind] = words as [string, ...string[]];
  if (!TEST_KINDS.has(kind)) return ['CMD', ...words];
  if (kind !== 'NONE' && words.length < 2) throw new DockerPropertyError(`${where}: ${kind} needs a command, ${hint}`);
  return words;
}

/** Seconds → nanoseconds; 0 leaves Docker's default. Docker refuses a non-zero duration under 1 ms. */
function nanoseconds(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || (seconds > 0 && seconds < 0.001))
    throw new DockerPropertyError(`${where}: expected a number of seconds, 0 or at least 0.001`);
  return seconds === 0 ? undefined : Math.round(seconds * 1e9);
}

function count(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new DockerPropertyError(`${where}: expected a whole number ≥ 0`);
  return n === 0 ? undefined : n;
}
