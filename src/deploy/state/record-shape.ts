import { Call } from '../../template/model.js';
import { DEPLOY_TARGETS } from '../../template/resource-types/type-module.js';
import { ACTIONS } from '../status.js';
import { RECORD_FORMAT } from './record.js';

/**
 * Whether parsed JSON has the shape of a `StackRecord` (`record.ts`), checked before any verb reads it: a file that
 * is valid JSON of another shape (`{}`, `null`, a section of the wrong type, a damaged time) would otherwise crash
 * whatever reads the missing part. Hand-written, like the record type it mirrors; it checks the structure the verbs
 * walk, not the meaning of every template expression. The answer is the path to the first bad field and what was
 * expected there.
 */

/**
 * `undefined` when `value` is well formed, else `path: what is wrong`. `path` is `NO_PATH` on the first pass, which
 * builds no path string for each field of a well-formed record (the common case: 4 ms of a no-op deploy's 50-container
 * record went to them); only a record found wrong is checked again to name the field.
 */
type Check = (value: unknown, path: string | typeof NO_PATH) => string | undefined;
const NO_PATH = null;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function expected(path: string | typeof NO_PATH, what: string, value: unknown): string {
  return `${path || 'the record'}: expected ${what}, found ${value === undefined ? 'nothing' : describe(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Call);
}

const child = (path: string | typeof NO_PATH, key: string | number): string | typeof NO_PATH =>
  path === NO_PATH ? NO_PATH : typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

const string: Check = (v, p) => (typeof v === 'string' ? undefined : expected(p, 'a string', v));
const number: Check = (v, p) => (typeof v === 'number' ? undefined : expected(p, 'a number', v));
const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : expected(p, 'true or false', v));
const anything: Check = () => undefined;

/** An ISO 8601 time, as `new Date().toISOString()` writes it. */
const time: Check = (v, p) =>
  typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v))
    ? undefined
    : expected(p, 'a time (ISO 8601)', v);

const STATUSES = new Set(ACTIONS.flatMap((a) => [`${a}_IN_PROGRESS`, `${a}_COMPLETE`, `${a}_FAILED`]));
const status: Check = (v, p) =>
  typeof v === 'string' && STATUSES.has(v) ? undefined : expected(p, 'a status such as CREATE_COMPLETE', v);

function oneOf(...values: readonly string[]): Check {
  return (v, p) => (typeof v === 'string' && values.includes(v) ? undefined : expected(p, values.join(' or '), v));
}

function optional(check: Check): Check {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}

function listOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return expected(p, 'a list', v);
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], child(p, i));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** An object whose every value passes `check` (a map keyed by names). */
function mapOf(check: Check): Check {
  return (v, p) => {
    if (!isObject(v)) return expected(p, 'an object', v);
    for (const [key, item] of Object.entries(v)) {
      const problem = check(item, child(p, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** An object with these fields (others are allowed: a newer heatstack of the same format may add some). */
function fields(shape: Readonly<Record<string, Check>>): Check {
  const entries = Object.entries(shape);
  return (v, p) => {
    if (!isObject(v)) return expected(p, 'an object', v);
    for (const [key, check] of entries) {
      const problem = check(Object.hasOwn(v, key) ? v[key] : undefined, child(p, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

const template = fields({
  version: fields({ dialect: oneOf('cfn', 'hot'), value: string }),
  parameterGroups: listOf(fields({ parameters: listOf(string) })),
  parameters: mapOf(
    fields({
      type: oneOf('string', 'number', 'comma_delimited_list', 'json', 'boolean'),
      hidden: optional(boolean),
      constraints: listOf(fields({ kind: string })),
    }),
  ),
  mappings: mapOf(mapOf(anything)),
  conditions: mapOf(anything),
  resources: mapOf(fields({ type: string, properties: mapOf(anything), dependsOn: listOf(string) })),
  outputs: mapOf(fields({ description: optional(string) })),
});

const resource = fields({
  type: string,
  status,
  statusReason: string,
  physicalId: optional(string),
  configHash: optional(string),
  deployId: optional(string),
  externalId: optional(string),
  dependsOn: listOf(string),
  locator: mapOf(anything),
  data: optional(mapOf(string)),
  reads: optional(listOf(fields({ resource: string, attribute: string, value: string }))),
  updatedAt: string,
});

const event = fields({
  time,
  resource: optional(string),
  type: optional(string),
  physicalId: optional(string),
  status,
  reason: string,
});

const record = fields({
  format: (v, p) => (v === RECORD_FORMAT ? undefined : expected(p, `format ${RECORD_FORMAT}`, v)),
  name: string,
  id: string,
  status,
  statusReason: string,
  createdAt: time,
  updatedAt: time,
  template,
  source: optional(string),
  target: optional(oneOf(...DEPLOY_TARGETS)),
  parameters: mapOf(anything),
  hiddenParameterHashes: mapOf(string),
  hashSalt: optional(string),
  resources: mapOf(resource),
  outputs: mapOf(fields({ description: optional(string), error: optional(string) })),
  events: listOf(event),
  eventsPurged: optional(number),
  outputReads: optional(listOf(fields({ resource: string, attribute: string, value: string }))),
  pending: optional(
    fields({
      action: oneOf('CREATE', 'UPDATE', 'DELETE', 'SUSPEND', 'RESUME'),
      deployId: string,
      pid: number,
      startedAt: string,
    }),
  ),
});

/**
 * The first field of `value` that does not fit the record of stack `name` (`resources.Db.status: expected …`), if
 * any. A record of another name would be saved under that other name: it does not fit either.
 */
export function recordShapeProblem(value: unknown, name: string): string | undefined {
  if (record(value, NO_PATH) !== undefined) return record(value, '');
  return (value as { name: string }).name === name
    ? undefined
    : expected('name', `"${name}"`, (value as { name: string }).name);
}
