import { isCall } from '../model.js';

/**
 * What a Docker container holds that its replacement would need too, so that the two cannot run side by side and a
 * replace must delete the old one first: a fixed `name`, a host port it publishes (`port_bindings` with a host
 * port, or a 2013 `port_specs` entry `8080:80`; a binding to any free port, `HostPort: ''`, holds none), or a volume
 * or host directory it writes (`mounts`, `volumes`: two containers writing one database's files corrupt them). Read from the
 * resource's meaning (`deploy/plan/meaning.ts`): a value only a deploy knows counts as held.
 */
export function dockerContainerHolds(properties: Readonly<Record<string, unknown>>): string | undefined {
  const name = properties.name;
  if (isCall(name) || (typeof name === 'string' && name !== '')) return 'a fixed name';
  if (Object.values(asMap(properties.port_bindings)).some(bindsHostPort)) return 'a host port';
  const specs = Array.isArray(properties.port_specs) ? properties.port_specs : [];
  if (specs.some((s) => isCall(s) || (typeof s === 'string' && s.includes(':')))) return 'a host port';
  // Two processes writing one data directory (a database's) would corrupt it: the old one goes first.
  const mounts = Array.isArray(properties.mounts) ? properties.mounts : [];
  if (mounts.some((m) => asMap(m).read_only !== true)) return 'a volume it writes';
  if (Object.values(asMap(properties.volumes)).some(writable)) return 'a host directory it writes';
  return undefined;
}

/**
 * What a Docker volume or network holds that its replacement would need too: a fixed `name` (without one, each create
 * picks a new name, `<stack>-<resource>-<6 hex digits>`), and a network's `subnet` (Docker refuses a second network
 * on an address range one has). Nothing else keeps the two apart, so the new one is created first.
 */
export function dockerObjectHolds(properties: Readonly<Record<string, unknown>>): string | undefined {
  const fixed = (value: unknown): boolean => isCall(value) || (typeof value === 'string' && value !== '');
  if (fixed(properties.name)) return 'a fixed name';
  if (fixed(properties.subnet)) return 'a fixed subnet';
  return undefined;
}

/** A bind's target as `volumes` takes it: `/data`, `/data:ro`, `{bind, ro | mode}`. */
function writable(target: unknown): boolean {
  if (typeof target === 'string') return !/:ro$/.test(target);
  const t = asMap(target);
  return t.ro !== true && t.mode !== 'ro';
}

function bindsHostPort(binding: unknown): boolean {
  if (Array.isArray(binding)) return binding.some(bindsHostPort);
  if (isCall(binding)) return true;
  if (typeof binding === 'number') return binding !== 0;
  if (typeof binding === 'string') return binding.replace(/^.*:/, '') !== '';
  if (typeof binding === 'object' && binding !== null) {
    const b = binding as Record<string, unknown>;
    const port = b.HostPort ?? b.host_port;
    return port !== undefined && port !== null && port !== '' && port !== 0;
  }
  return false;
}

function asMap(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isCall(value)
    ? (value as Record<string, unknown>)
    : {};
}
