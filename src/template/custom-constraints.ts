import { loadOnce } from '../load-once.js';

/** `node:net` (for `isIP`), loaded on the first address checked: it costs start-up time most runs never use. */
const net = loadOnce<typeof import('node:net')>('node:net');

/**
 * Heat's custom constraints (`custom_constraint: ip_addr` on a parameter, or in a resource type's schema). Heat 19
 * checks a few offline (`heat/engine/constraint/common_constraints.py`, with `netaddr`, `neutron_lib`'s validators,
 * `croniter`, `pytz` and `oslo_utils.timeutils`); those are checked here the same way. The others look a name up in
 * an OpenStack service (`nova.flavor`: does this flavor exist?), which only a cloud can answer: they are known by
 * name and not checked. A name Heat does not know is refused when a value is checked against it, as Heat refuses
 * it ("constraint not found").
 */

/** Why `value` breaks the offline constraint, or undefined when it satisfies it. */
type OfflineCheck = (value: unknown) => string | undefined;

export type CustomConstraintVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'service' }
  | { readonly kind: 'unknown'; readonly message: string };

/** The constraints Heat 19 registers that ask an OpenStack service (`heat/engine/clients/os/*`). */
const SERVICE_CONSTRAINTS = new Set([
  'barbican.container',
  'barbican.secret',
  'blazar.reservation',
  'cinder.backup',
  'cinder.qos_specs',
  'cinder.snapshot',
  'cinder.volume',
  'cinder.vtype',
  'designate.zone',
  'glance.image',
  'ironic.node',
  'ironic.portgroup',
  'keystone.domain',
  'keystone.group',
  'keystone.project',
  'keystone.region',
  'keystone.role',
  'keystone.service',
  'keystone.user',
  'magnum.cluster_template',
  'manila.share_network',
  'manila.share_snapshot',
  'manila.share_type',
  'mistral.workflow',
  'monasca.notification',
  'neutron.address_scope',
  'neutron.flow_classifier',
  'neutron.lb.provider',
  'neutron.lbaas.listener',
  'neutron.lbaas.loadbalancer',
  'neutron.lbaas.pool',
  'neutron.lbaas.provider',
  'neutron.network',
  'neutron.port',
  'neutron.port_pair',
  'neutron.port_pair_group',
  'neutron.qos_policy',
  'neutron.router',
  'neutron.security_group',
  'neutron.segment',
  'neutron.subnet',
  'neutron.subnetpool',
  'neutron.taas.tap_flow',
  'neutron.taas.tap_service',
  'nova.flavor',
  'nova.host',
  'nova.keypair',
  'nova.network',
  'nova.server',
  'octavia.flavor',
  'octavia.flavorprofile',
  'octavia.l7policy',
  'octavia.listener',
  'octavia.loadbalancer',
  'octavia.pool',
  'sahara.cluster',
  'sahara.cluster_template',
  'sahara.data_source',
  'sahara.image',
  'sahara.job_binary',
  'sahara.job_type',
  'sahara.plugin',
  'senlin.cluster',
  'senlin.policy',
  'senlin.policy_type',
  'senlin.profile',
  'senlin.profile_type',
  'trove.flavor',
  'zaqar.queue',
  // Heat's own test constraint (it sleeps): nothing to check.
  'test_constr',
]);

/** Python's `not value`: Heat lets an empty value through most of these. */
function empty(value: unknown): boolean {
  return value === '' || value === null || value === undefined || value === false || value === 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `neutron_lib`'s `validate_ip_address`: IPv4 in its canonical dotted form (no leading zeros), or IPv6. */
function ipAddressProblem(value: string): string | undefined {
  if (value.trim() !== value || value === '') return `'${value}' is not a valid IP address`;
  // netaddr takes no IPv6 zone (`%eth0`), which Node's isIP would.
  if (value.includes(':'))
    return net().isIP(value) === 6 && !value.includes('%') ? undefined : `'${value}' is not a valid IP address`;
  const parts = value.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]+$/.test(p) && Number(p) <= 255)) {
    return `'${value}' is not a valid IP address`;
  }
  const canonical = parts.map((p) => String(Number(p))).join('.');
  return canonical === value ? undefined : `'${value}' is not an accepted IP address, '${canonical}' is recommended`;
}

/**
 * `neutron_lib`'s `validate_subnet`: an address and a prefix, written as netaddr writes it back (no leading zeros;
 * host bits may be set).
 */
function subnetProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? '' : value.slice(slash + 1);
  const version = net().isIP(address);
  const maxPrefix = version === 6 ? 128 : 32;
  if (version === 0 || address.includes('%') || !/^[0-9]*$/.test(prefix) || Number(prefix) > maxPrefix) {
    return `'${value}' is not a valid IP subnet`;
  }
  if (version === 4) {
    const canonical = `${address
      .split('.')
      .map((o) => String(Number(o)))
      .join('.')}/${slash < 0 || prefix === '' ? 32 : Number(prefix)}`;
    if (canonical !== value) return `'${value}' isn't a recognized IP subnet cidr, '${canonical}' is recommended`;
  } else if (slash < 0) {
    return `'${value}' isn't a recognized IP subnet cidr, '${address}/128' is recommended`;
  }
  return undefined;
}

/** `netaddr.valid_mac`: six groups of 1–2 hex digits (`:` or `-`), three of 1–4 (`:`, `-` or `.`), or twelve. */
function validMac(value: string): boolean {
  return (
    /^[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(\1[0-9a-f]{1,2}){4}$/i.test(value) ||
    /^[0-9a-f]{1,4}([:.-])[0-9a-f]{1,4}\1[0-9a-f]{1,4}$/i.test(value) ||
    /^[0-9a-f]{12}$/i.test(value)
  );
}

/** `iso8601.parse_date` (what `timeutils.parse_isotime` uses): a date, then optionally a time and a zone. */
const ISO_8601 =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIsoTime(value: string): number | undefined {
  const m = ISO_8601.exec(value);
  if (m === null) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', zone] = m;
  const [month, day, hour, minute, second] = [mo, d, h, mi, s].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return undefined;
  if (zone === undefined || zone.toUpperCase() === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return local - sign * offset * 60_000;
}

function dnsNameProblem(value: string): string | undefined {
  if (value === '') return undefined;
  const trimmed = value.endsWith('.') ? value.slice(0, -1) : value;
  if (trimmed.length > 255) return `'${trimmed}' exceeds the 255 character FQDN limit`;
  const names = trimmed.split('.');
  for (const name of names) {
    if (name === '') return 'Encountered an empty component.';
    if (name.startsWith('-') || name.endsWith('-')) return `Name '${name}' must not start or end with a hyphen.`;
    if (!/^[a-z0-9-]{1,63}$/.test(name)) {
      return `Name '${name}' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen.`;
    }
  }
  if (value.endsWith('.') && names.length > 1 && /^[0-9]+$/.test(names[names.length - 1] as string)) {
    return `TLD '${names[names.length - 1]}' must not be all numeric.`;
  }
  return undefined;
}

/** `croniter`: five fields (a sixth, seconds, and a seventh, years, allowed), each a list of ranges and steps. */
const CRON_FIELDS: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
  [0, 59],
  [1970, 2099],
];
const CRON_NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

function cronProblem(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7)
    return `Exactly 5, 6 or 7 columns has to be specified for iterator expression.`;
  for (const [i, field] of fields.entries()) {
    const [min, max] = CRON_FIELDS[i] as [number, number];
    for (const part of field.split(',')) {
      const [range, step] = part.split('/');
      if (step !== undefined && !/^[0-9]+$/.test(step)) return `[${value}] is not acceptable`;
      if (range === '*' || range === '?' || (range !== undefined && /^l$|^\d*[lw#]\d*$/i.test(range))) continue;
      for (const bound of (range ?? '').split('-')) {
        if (CRON_NAMES.test(bound)) continue;
        if (!/^[0-9]+$/.test(bound) || Number(bound) < min || Number(bound) > max) {
          return `[${value}] is not acceptable, out of range`;
        }
      }
    }
  }
  return undefined;
}

function timezoneKnown(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const OFFLINE: Readonly<Record<string, OfflineCheck>> = {
  ip_addr: (v) => {
    const s = text(v);
    return s !== undefined && ipAddressProblem(s) === undefined ? undefined : 'Invalid IP address';
  },
  net_cidr: (v) => {
    const s = text(v);
    if (s === undefined) return 'Invalid net cidr';
    return subnetProblem(s);
  },
  ip_or_cidr: (v) => {
    const s = text(v);
    if (s === undefined) return `${String(v)} is not a valid IP or CIDR`;
    return s.includes('/') ? subnetProblem(s) : ipAddressProblem(s);
  },
  mac_addr: (v) => {
    const s = text(v);
    return s !== undefined && validMac(s) ? undefined : 'Invalid MAC address.';
  },
  iso_8601: (v) => {
    const s = text(v);
    return s !== undefined && parseIsoTime(s) !== undefined ? undefined : 'Invalid ISO 8601 time';
  },
  expiration: (v) => {
    if (empty(v)) return undefined;
    const s = text(v);
    const time = s === undefined ? undefined : parseIsoTime(s.trim());
    if (time === undefined) return `Expiration ${String(v)} is invalid: not an ISO 8601 time`;
    return time > Date.now() ? undefined : `Expiration ${s} is invalid: Expiration time is out of date.`;
  },
  cron_expression: (v) => {
    if (empty(v)) return undefined;
    const s = text(v);
    const problem = s === undefined ? 'not a string' : cronProblem(s);
    return problem === undefined ? undefined : `Invalid CRON expression: ${problem}`;
  },
  timezone: (v) => {
    if (empty(v)) return undefined;
    const s = text(v);
    return s !== undefined && timezoneKnown(s) ? undefined : `Invalid timezone: '${String(v)}'`;
  },
  dns_name: (v) => {
    const s = text(v);
    if (s === undefined) return empty(v) ? undefined : `'${String(v)}' not in valid format.`;
    const problem = dnsNameProblem(s);
    return problem === undefined ? undefined : `'${s}' not in valid format. Reason: ${problem}`;
  },
  dns_domain: (v) => {
    const s = text(v);
    if (s === undefined || s === '') return empty(v) ? undefined : `'${String(v)}' not in valid format.`;
    const problem = dnsNameProblem(s);
    if (problem !== undefined) return `'${s}' not in valid format. Reason: ${problem}`;
    return s.endsWith('.') ? undefined : `'${s}' must end with '.'.`;
  },
  rel_dns_name: (v) => {
    const s = text(v);
    if (s === undefined || s === '') return empty(v) ? undefined : `'${String(v)}' not in valid format.`;
    if (s.endsWith('.')) return `'${s}' is a FQDN. It should be a relative domain name.`;
    if (s.length > 252)
      return `'${s}' contains '${s.length}' characters. Adding a domain name will cause it to exceed the maximum length of a FQDN of '255'.`;
    const problem = dnsNameProblem(s);
    return problem === undefined ? undefined : `'${s}' not in valid format. Reason: ${problem}`;
  },
};

/** `value` against the custom constraint `name`, as Heat 19 would judge it without a cloud. */
export function checkCustomConstraint(name: string, value: unknown): CustomConstraintVerdict {
  if (Object.hasOwn(OFFLINE, name)) {
    const problem = (OFFLINE[name] as OfflineCheck)(value);
    return problem === undefined ? { kind: 'ok' } : { kind: 'invalid', message: problem };
  }
  if (SERVICE_CONSTRAINTS.has(name)) return { kind: 'service' };
  return { kind: 'unknown', message: `does not validate ${name} (constraint not found)` };
}

/** Whether Heat knows the constraint at all (offline or asking a service). */
export function isKnownCustomConstraint(name: string): boolean {
  return Object.hasOwn(OFFLINE, name) || SERVICE_CONSTRAINTS.has(name);
}
