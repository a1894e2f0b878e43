import { readFileSync } from 'node:fs';
import { camelName } from '../constructs/private/type-names.js';
import type { ExprMap } from '../template/model.js';
import type { Code } from './expressions.js';

/**
 * The TypeScript type a place of the generated code takes, as the construct's props declare it: a value of the
 * template goes there as a typed prop only when its code has that type, so the import compiles under strict `tsc`.
 * The shapes follow the generated classes (`scripts/gen/constructs.ts`, `typeOf`) and `DockerContainerProps`.
 */
export type Want =
  /** Anything (`unknown`): an output's value, a `HeatResource`'s properties, metadata. */
  | { readonly kind: 'unknown' }
  /** `string`; with allowed values, a union of their literals and `IResolvable`. */
  | { readonly kind: 'string'; readonly allowed?: readonly (string | number)[] }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  /** `readonly T[]`, and `| IResolvable` when `resolvable`. */
  | { readonly kind: 'list'; readonly item: Want; readonly resolvable: boolean }
  /** `Readonly<Record<string, T>> | IResolvable`. */
  | { readonly kind: 'record'; readonly value: Want; readonly resolvable: boolean }
  /** An interface of named fields (Heat's names → the props' camelCase ones) `| IResolvable` unless `plain`. */
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Field>; readonly plain?: true };

export interface Field {
  /** The prop's name in the construct's props. */
  readonly camel: string;
  readonly want: Want;
  readonly required: boolean;
}

export const UNKNOWN: Want = { kind: 'unknown' };
export const STRING: Want = { kind: 'string' };
export const NUMBER: Want = { kind: 'number' };
const BOOLEAN: Want = { kind: 'boolean' };
export const STRINGS: Want = { kind: 'list', item: STRING, resolvable: false };

interface SpecProperty {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'map' | 'list' | 'any';
  readonly required: boolean;
  readonly implemented?: boolean;
  readonly support_status?: { readonly status: string };
  readonly constraints?: readonly Readonly<Record<string, unknown>>[];
  readonly schema?: Readonly<Record<string, SpecProperty>>;
}

export interface SpecType {
  readonly support_status: { readonly status: string };
  readonly properties: Readonly<Record<string, SpecProperty>>;
  readonly attributes: Readonly<
    Record<string, { readonly type?: string; readonly support_status?: { status: string } }>
  >;
}

const SPEC_FILE = new URL('../../spec/heat-resource-types.json', import.meta.url);
let spec: Readonly<Record<string, SpecType>> | undefined;

/** A stock Heat type as the spec the classes were generated from gives it; undefined for others and hidden ones. */
export function specType(typeName: string): SpecType | undefined {
  spec ??= (JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { resource_types: Record<string, SpecType> }).resource_types;
  const type = Object.hasOwn(spec, typeName) ? spec[typeName] : undefined;
  return type?.support_status.status === 'HIDDEN' ? undefined : type;
}

/** The props of a generated class: Heat's property name → its field. */
export function specFields(type: SpecType): ReadonlyMap<string, Field> {
  return fieldsOf(type.properties);
}

function fieldsOf(props: Readonly<Record<string, SpecProperty>>): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const [name, p] of Object.entries(props)) {
    if (p.support_status?.status === 'HIDDEN' || p.implemented === false) continue;
    out.set(name, { camel: camelName(name), want: wantOf(p), required: p.required });
  }
  return out;
}

function wantOf(p: SpecProperty): Want {
  switch (p.type) {
    case 'string': {
      const allowed = p.constraints?.find((c) => 'allowed_values' in c)?.allowed_values as (string | number)[];
      return allowed === undefined ? STRING : { kind: 'string', allowed };
    }
    case 'integer':
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    case 'any':
      return UNKNOWN;
    case 'list': {
      const item = p.schema?.['*'];
      return { kind: 'list', item: item === undefined ? UNKNOWN : wantOf(item), resolvable: true };
    }
    case 'map': {
      const schema = p.schema;
      if (schema === undefined) return { kind: 'record', value: UNKNOWN, resolvable: true };
      const any = schema['*'];
      if (any !== undefined) return { kind: 'record', value: wantOf(any), resolvable: true };
      const fields = fieldsOf(schema);
      return fields.size === 0 ? { kind: 'record', value: UNKNOWN, resolvable: true } : { kind: 'object', fields };
    }
  }
}

// A list of volume mounts is the construct's `volumes` (its map form is bind mounts, the template's `volumes`).
const MOUNTS: Want = {
  kind: 'list',
  resolvable: false,
  item: {
    kind: 'object',
    plain: true,
    fields: new Map<string, Field>([
      ['volume', { camel: 'volume', want: STRING, required: true }],
      ['path', { camel: 'path', want: STRING, required: true }],
      ['read_only', { camel: 'readOnly', want: BOOLEAN, required: false }],
    ]),
  },
};

/**
 * `DockerContainerProps` by canonical property name: those whose value is written as given. The others
 * (`port_bindings`, `restart_policy`, `devices`, bind-mount `volumes`, capabilities, the seed's one-name `VolumesFrom`) are
 * reshaped by the construct or typed more narrowly: a container using them is imported as a `HeatResource`.
 */
export const DOCKER_FIELDS: ReadonlyMap<string, Field> = new Map(
  (
    [
      ['image', STRING, true],
      ['cmd', STRINGS],
      ['env', STRINGS],
      ['hostname', STRING],
      ['user', STRING],
      ['memory', NUMBER],
      ['port_specs', STRINGS],
      ['links', { kind: 'record', value: STRING, resolvable: false }],
      ['name', STRING],
      ['privileged', BOOLEAN],
      ['tty', BOOLEAN],
      ['open_stdin', BOOLEAN],
      ['stdin_once', BOOLEAN],
      ['attach_stdin', BOOLEAN],
      ['attach_stdout', BOOLEAN],
      ['attach_stderr', BOOLEAN],
      ['dns', STRINGS],
      ['volumes_from', STRINGS],
      ['docker_endpoint', STRING],
      ['read_only', BOOLEAN],
      ['cpu_shares', NUMBER],
      ['cpu_set', STRING],
      ['stop_timeout', NUMBER],
      [
        'healthcheck',
        {
          kind: 'object',
          plain: true,
          fields: fieldMap([
            ['test', STRINGS, true],
            ['interval', NUMBER],
            ['timeout', NUMBER],
            ['retries', NUMBER],
            ['start_period', NUMBER],
          ]),
        },
      ],
      [
        'networks',
        {
          kind: 'list',
          resolvable: false,
          item: {
            kind: 'object',
            plain: true,
            fields: fieldMap([
              ['network', STRING, true],
              ['aliases', STRINGS],
            ]),
          },
        },
      ],
    ] as [string, Want, boolean?][]
  )
    .map(([name, want, required]): [string, Field] => [
      name,
      { camel: camelName(name), want, required: required === true },
    ])
    .concat([['mounts', { camel: 'volumes', want: MOUNTS, required: false }]]),
);

export function fieldMap(fields: readonly [string, Want, boolean?][]): ReadonlyMap<string, Field> {
  return new Map(
    fields.map(([name, want, required]) => [name, { camel: camelName(name), want, required: required === true }]),
  );
}

const STRING_RECORD: Want = { kind: 'record', value: STRING, resolvable: false };
const DOCKER_OBJECT: readonly [string, Want][] = [
  ['name', STRING],
  ['driver_opts', STRING_RECORD],
  ['labels', STRING_RECORD],
  ['docker_endpoint', STRING],
];

/**
 * A type heatstack has a class of its own for (`heatstack`'s `DockerVolume`, `RandomString`, …): the construct, its
 * props (each value written as given), its string getters by attribute, and what else it reads or cannot hold.
 */
export interface OwnClass {
  readonly construct: string;
  readonly fields: ReadonlyMap<string, Field>;
  readonly getters: Readonly<Record<string, string>>;
  /** Whether the props can hold these properties as TypeScript types them. @default - when every one is a field */
  readonly takes?: (properties: ExprMap) => boolean;
  /** The code of an attribute no string getter reads (a list, a member's, one with a path). */
  readonly attribute?: (variable: string, name: string, path: readonly (string | number)[]) => Code | undefined;
}

/** heatstack's own Docker objects by type name. */
export const DOCKER_OBJECTS: ReadonlyMap<string, OwnClass> = new Map<string, OwnClass>([
  [
    'Heatstack::Docker::Volume',
    {
      construct: 'DockerVolume',
      fields: fieldMap([['driver', STRING], ...DOCKER_OBJECT]),
      getters: { name: 'volumeName', mountpoint: 'mountpoint' },
    },
  ],
  [
    'Heatstack::Docker::Network',
    {
      construct: 'DockerNetwork',
      fields: fieldMap([
        ['driver', STRING],
        ['internal', BOOLEAN],
        ['subnet', STRING],
        ['gateway', STRING],
        ...DOCKER_OBJECT,
      ]),
      getters: { name: 'networkName', subnet: 'subnet', gateway: 'gateway' },
    },
  ],
  [
    'Heatstack::Docker::Image',
    {
      construct: 'DockerImage',
      fields: fieldMap([
        ['context', STRING, true],
        ['dockerfile', STRING],
        ['build_args', STRING_RECORD],
        ['target', STRING],
        ['labels', STRING_RECORD],
        ['network', STRING],
        ['docker_endpoint', STRING],
      ]),
      getters: { tag: 'tag', image_id: 'imageId' },
    },
  ],
]);
