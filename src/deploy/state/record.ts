import { Call, type Expr, type FnName, type Template } from '../../template/model.js';
import { parseJsonExactly, stringifyJsonExactly } from '../../template/parse/json-numbers.js';
import type { DeployTarget } from '../../template/resource-types/type-module.js';
import type { StackEvent, Status } from '../status.js';

/**
 * What heatstack remembers about a stack between runs. Docker's labels are the ground truth for which containers
 * exist; the record adds what Docker cannot hold: the template and parameters the stack was deployed with, states,
 * events and outputs.
 *
 * Hidden parameter values are never written: the record keeps `HIDDEN_VALUE` in their place and a salted hash of
 * the value, so a later deploy can tell whether a re-supplied value changed.
 */
export interface StackRecord {
  readonly format: 1;
  readonly name: string;
  readonly id: string;
  status: Status;
  statusReason: string;
  readonly createdAt: string;
  updatedAt: string;
  template: Template;
  /** The file or app the template came from, for messages. */
  source?: string;
  /** Where its resources live (`engine/target.ts`); absent: plain Docker. */
  target?: DeployTarget;
  /** Resolved parameter values; hidden ones as `HIDDEN_VALUE`. */
  parameters: Record<string, unknown>;
  /** sha256(stack id + value) of each hidden parameter's value. */
  hiddenParameterHashes: Record<string, string>;
  /**
   * The stack's secret key for hidden values in configuration-hash labels (absent in records written before it
   * existed: the next deploy adds one).
   */
  hashSalt?: string;
  resources: Record<string, ResourceRecord>;
  outputs: Record<string, OutputRecord>;
  events: StackEvent[];
  /** How many of the oldest events were purged to keep the record small (`event-log.ts`); absent when none was. */
  eventsPurged?: number;
  /** The run working on the stack now; left behind when that run was killed, so the next run knows to recover. */
  pending?: PendingRun;
  /** The template and parameters of the deploy before the last one that changed them (`heatstack rollback`). */
  previousDeploy?: PreviousDeploy;
  /**
   * Whether `template` and `parameters` were once deployed successfully (only such a deploy is a rollback target:
   * `engine/previous-deploy.ts`); absent in records written before it existed, where the status tells.
   */
  templateSucceeded?: boolean;
  /** The listed attribute values the outputs were computed from (`ReadValue`): a deploy that changes nothing keeps them only while each is the same. */
  outputReads?: ReadValue[];
}

/**
 * An attribute value a resource or an output was made from, of those the backend's list tells again on every deploy
 * (`ResourceHandler.listedAttributes`: a container's `network_ip`). When its object tells another one now (started
 * again on another address), what read it was made from a value that is gone (`plan/drift.ts`, `staleRead`).
 */
export interface ReadValue {
  readonly resource: string;
  /** Its canonical name (`network_ip`). */
  readonly attribute: string;
  readonly value: string;
}

/** A deploy's input as the record keeps it: hidden parameters as `HIDDEN_VALUE`, with their hashes. */
export interface PreviousDeploy {
  readonly template: Template;
  readonly parameters: Record<string, unknown>;
  readonly hiddenParameterHashes: Record<string, string>;
  readonly source?: string;
}

export interface ResourceRecord {
  readonly type: string;
  status: Status;
  statusReason: string;
  /** The container id; absent until the backend has created it. */
  physicalId?: string;
  configHash?: string;
  /**
   * Its properties as the configuration hash saw them at the last deploy (`../plan/meaning.ts`: canonical names,
   * parameters resolved, functions of other resources kept, hidden values only as a salted HMAC), so `diff` can say
   * what changed. Absent in records written before it existed.
   */
  properties?: Record<string, unknown>;
  /** The run that created it. */
  deployId?: string;
  /** The `external_id` it adopted (`../engine/external.ts`): the object is not the stack's, and no delete removes it. */
  externalId?: string;
  /** Its object's content when it was made (`../plan/drift.ts`): a re-created or changed object differs. */
  fingerprint?: Record<string, string>;
  /** The listed attribute values its properties were resolved with (`ReadValue`); absent: it read none. */
  reads?: ReadValue[];
  /** What it depended on when created: destroy and suspend walk this graph in reverse. */
  dependsOn: string[];
  /** Only what a handler needs to find the object again (`docker_endpoint`); never resolved env or secrets. */
  locator: Record<string, unknown>;
  /**
   * What its handler keeps between runs (`ResourceData`: a RandomString's value), secret: the only values a record
   * holds unmasked, as Heat's database does, and masked in every event (the record file is the user's alone, 0600).
   */
  data?: Record<string, string>;
  updatedAt: string;
}

export interface OutputRecord {
  readonly description?: string;
  value?: unknown;
  /** Why the value could not be computed (Heat shows an output's error in place of its value). */
  error?: string;
}

export interface PendingRun {
  readonly action: 'CREATE' | 'UPDATE' | 'DELETE' | 'SUSPEND' | 'RESUME';
  readonly deployId: string;
  readonly pid: number;
  readonly startedAt: string;
}

export const HIDDEN_VALUE = '******';

/** The record format this heatstack reads and writes; a file of a higher one was written by a newer heatstack. */
export const RECORD_FORMAT = 1;

const CALL_KEY = '$heatstack:call';

/** JSON text of a record: `Call`s become `{"$heatstack:call": fn, "args": [...]}`, keys in insertion order. */
export function serializeRecord(record: StackRecord): string {
  // Exactly: an output's `1.0` or long integer is kept as Python has it (`src/template/exact-number.ts`).
  return `${stringifyJsonExactly(record, (_key, value: unknown) => (value instanceof Call ? { [CALL_KEY]: value.fn, args: value.args } : value))}\n`;
}

/** The parsed JSON of a record's text (`Call`s rebuilt); its shape is checked by `recordShapeProblem`. */
export function deserializeRecord(text: string): unknown {
  return parseJsonExactly(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, CALL_KEY)) {
      const v = value as { [CALL_KEY]: unknown; args: unknown };
      // A damaged call stays a plain object (the template is not re-validated; its shape is checked on load).
      if (typeof v[CALL_KEY] === 'string' && Array.isArray(v.args))
        return new Call(v[CALL_KEY] as FnName, v.args as Expr[]);
    }
    return value;
  });
}
