import type { PropertySchema } from '../resource-types/index.js';

/**
 * Where heatstack's one container schema is stricter than the Heat plugins each type name comes from, so that
 * validation can give Heat's verdict (an error) apart from heatstack's own demands (a warning):
 * - `DockerInc::Docker::Container` (Heat's `contrib/heat_docker`): `image` is not required, and `memory`,
 *   `cpu_shares` and `restart_policy.MaximumRetryCount` have no range;
 * - `OS::Heat::Docker` (the 2013 plugin): `Memory` has no range, and `VolumesFrom` is a string (one container),
 *   which heatstack reads as a list of one;
 * - both: the lists `cmd`, `env`, `dns`, `port_specs` and `volumes_from` take items of any type (no item schema).
 */

type Fields = Readonly<Record<string, PropertySchema>>;

/** The type's fields as its Heat plugin declares them, derived from heatstack's (canonical names). */
export function heatPluginFields(typeName: string, fields: Fields): Fields | undefined {
  switch (typeName) {
    case 'DockerInc::Docker::Container':
      return relax(fields, {
        ...ANY_ITEMS,
        image: (s) => ({ ...s, required: false }),
        memory: unconstrained,
        cpu_shares: unconstrained,
        restart_policy: (s) =>
          s.fields?.MaximumRetryCount
            ? { ...s, fields: { ...s.fields, MaximumRetryCount: unconstrained(s.fields.MaximumRetryCount) } }
            : s,
      });
    case 'OS::Heat::Docker':
      return relax(fields, { ...ANY_ITEMS, memory: unconstrained });
    default:
      return undefined;
  }
}

/** The 2013 plugin's `VolumesFrom` is one container name: as heatstack's list, `''` is none. */
export function legacyValue(typeName: string, canonical: string, value: unknown): unknown {
  if (typeName === 'OS::Heat::Docker' && canonical === 'volumes_from' && typeof value === 'string') {
    return value === '' ? [] : [value];
  }
  return value;
}

function anyItems(s: PropertySchema): PropertySchema {
  const { items: _dropped, ...rest } = s;
  return rest;
}

const ANY_ITEMS = { cmd: anyItems, env: anyItems, dns: anyItems, port_specs: anyItems, volumes_from: anyItems };

function unconstrained(s: PropertySchema): PropertySchema {
  const { constraints: _dropped, ...rest } = s;
  return rest;
}

function relax(fields: Fields, changes: Readonly<Record<string, (s: PropertySchema) => PropertySchema>>): Fields {
  const out: Record<string, PropertySchema> = { ...fields };
  for (const [name, change] of Object.entries(changes)) {
    const s = out[name];
    if (s !== undefined) out[name] = change(s);
  }
  return out;
}
