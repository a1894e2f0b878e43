import { HeatstackError } from '../errors.js';
import type { Observation } from './engine/services.js';
import type { Fingerprint } from './plan/drift.js';
import type { ObservedObject } from './plan/planner.js';

/**
 * The contract between the deploy engine and a resource type's handler. The engine owns ordering, parallelism,
 * state and events; a handler only talks to the backend (Docker) for one resource at a time.
 */

/**
 * A create failed after it made its object, which is kept (`CreateRequest.keepFailed`): the engine records the id with
 * CREATE_FAILED, so `logs`, `ps` and `destroy` find it, and the next deploy replaces it.
 */
export class FailedObjectKept extends HeatstackError {
  override name = 'FailedObjectKept';
  constructor(
    message: string,
    readonly physicalId: string,
  ) {
    super(message);
  }
}

/**
 * The run was interrupted (Ctrl-C): the engine starts nothing more, and a handler that gives up a create on the
 * request's signal throws this, having removed what it made.
 */
export class InterruptedError extends HeatstackError {
  override name = 'InterruptedError';
  constructor(message = 'interrupted (Ctrl-C)') {
    super(message);
  }
}

/** Labels every object a deploy creates carries: Docker alone is enough to find a stack's objects. */
export const LABELS = {
  stack: 'io.heatstack.stack',
  resource: 'io.heatstack.resource',
  configHash: 'io.heatstack.config-hash',
  /** The deploy run that created the object, so a rollback removes exactly what that run created. */
  deployId: 'io.heatstack.deploy-id',
  /**
   * The DeletionPolicy an object of a type that honours it was created with (`Retain` or `Delete`): an object no
   * record holds is judged by it, so cleanup never takes a retained one (`engine/retention.ts`).
   */
  deletionPolicy: 'io.heatstack.deletion-policy',
  /**
   * The id of the stack record the object was created for (the record's `id`, Heat's stack id): two state
   * directories holding a stack of one name share the name label, and this tells their objects apart
   * (`engine/stack-identity.ts`). An object without it was made before it existed, and counts as the stack's.
   */
  stackId: 'io.heatstack.stack-id',
  /** The state directory that record is in (absolute): where the owner of an object of another id can be found. */
  stateDir: 'io.heatstack.state-dir',
} as const;

/** The stack record an object is created for: its id and state directory (`LABELS.stackId`, `LABELS.stateDir`). */
export interface StackOwner {
  readonly id: string;
  readonly stateDir: string;
}

/** The labels naming an object's stack: its name and, when known, the record it belongs to. */
export function stackLabels(stack: string, owner: StackOwner | undefined): Record<string, string> {
  return owner === undefined
    ? { [LABELS.stack]: stack }
    : { [LABELS.stack]: stack, [LABELS.stackId]: owner.id, [LABELS.stateDir]: owner.stateDir };
}

/**
 * Which of the objects under a stack's name label are the stack's own, for whatever lists them to act on them (a
 * sweep, a rollback, `ps`): those without an id label (made before it existed), those of one of `ids`, and those
 * labelled with `stateDir` (an earlier record of the stack in this directory: destroyed with a retained volume, or
 * lost). `ids` absent: every object under the name (the tests' cleanup).
 */
export interface StackIdentity {
  readonly name: string;
  readonly ids?: ReadonlySet<string>;
  readonly stateDir?: string;
}

/** The record an object with these labels was made for; undefined for one made before `LABELS.stackId` existed. */
export function ownerOf(labels: Readonly<Record<string, string>> | undefined): StackOwner | undefined {
  const id = labels?.[LABELS.stackId];
  return id === undefined ? undefined : { id, stateDir: labels?.[LABELS.stateDir] ?? '' };
}

/** Whether an object with these labels is `stack`'s own (`StackIdentity`). */
export function ownedBy(stack: StackIdentity, labels: Readonly<Record<string, string>> | undefined): boolean {
  return madeFor(stack, ownerOf(labels));
}

/** Whether an object made for `owner` (undefined: before the id label existed) is `stack`'s own (`StackIdentity`). */
export function madeFor(stack: StackIdentity, owner: StackOwner | undefined): boolean {
  if (owner === undefined || stack.ids === undefined || stack.ids.has(owner.id)) return true;
  return stack.stateDir !== undefined && owner.stateDir === stack.stateDir;
}

/**
 * Whether a failed `update` was undone by the backend, the object left as it was before (Swarm rolls a failed rolling
 * update back: `swarm/service-handler.ts`): such an error carries `undone: true`. The engine then keeps the resource's
 * previous status beside the failure's event, so a rollback finds it unchanged instead of replacing it.
 */
export function isUndoneUpdate(error: unknown): boolean {
  return (error as { undone?: unknown } | undefined)?.undone === true;
}

/** Heat's deletion policies that heatstack acts on (`Snapshot` is refused by validation for Docker types). */
export type DeletionPolicyName = 'Retain' | 'Delete';

export interface ResourceRef {
  readonly stack: string;
  /** The logical resource name in the template (`Blog`). */
  readonly logicalId: string;
  /** The resource type as the template spells it (`OS::Heat::Docker`). */
  readonly type: string;
}

/** An object a handler observed, as its labels (`LABELS`) describe it: its resource, configuration and run. */
export function observedObject(
  labels: Readonly<Record<string, string>> | undefined,
  physicalId: string,
  type: string,
  locator: Locator,
): ObservedObject {
  const owner = ownerOf(labels);
  return {
    logicalId: labels?.[LABELS.resource] ?? '',
    physicalId,
    configHash: labels?.[LABELS.configHash],
    deployId: labels?.[LABELS.deployId],
    type,
    locator,
    ...(labels?.[LABELS.deletionPolicy] === 'Retain' && { retained: true }),
    ...(owner && { owner }),
  };
}

/** What a handler gets to create a resource: its properties with every function already resolved. */
export interface CreateRequest extends ResourceRef {
  /** Resolved properties, keyed by canonical (snake_case) names, defaults applied. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** A hash of the declared properties; stored as a label, compared on update. */
  readonly configHash: string;
  readonly deployId: string;
  /** The record the object is made for, labelled on it (`stackLabels`); absent: only the name label (tests). */
  readonly owner?: StackOwner;
  /**
   * The resource's DeletionPolicy (the template's, else its type's default), for a type that honours it
   * (`ResourceHandler.defaultDeletionPolicy`): the handler labels the object with it (`LABELS.deletionPolicy`).
   */
  readonly deletionPolicy?: DeletionPolicyName;
  /** Aborted when the run is interrupted: the handler may give up (throwing `InterruptedError`), leaving nothing. */
  readonly signal?: AbortSignal;
  /** Progress for long steps (an image pull), shown by the CLI. */
  readonly progress?: (message: string) => void;
  /**
   * Rollback is disabled (`--no-rollback`): an object made before its create failed is kept for inspection and its
   * id given back in a `FailedObjectKept` (not when interrupted), as Heat's `disable_rollback` keeps a failed resource.
   */
  readonly keepFailed?: boolean;
}

export interface ExistingResource extends ResourceRef {
  /** The backend's id (the container id), as `Ref`/`get_resource` gives it. */
  readonly physicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** What the handler's create kept in the record (`Created.data`). */
  readonly data?: ResourceData;
  /** What its create found (`Created.fingerprint`), as the record keeps it: whether it was left running, for one. */
  readonly fingerprint?: Fingerprint;
}

/**
 * What a handler keeps in the stack's record for a resource it created, as Heat's `data_set(…, redact=True)`: an
 * engine-run type's state (a RandomString's value). Every value is secret: masked in every event and message.
 */
export type ResourceData = Readonly<Record<string, string>>;

/** What a create gives back. */
export interface Created {
  /** The backend's id: what `get_resource` gives. */
  readonly physicalId: string;
  readonly data?: ResourceData;
  /** What its content was (`plan/drift.ts`), to tell later whether it was changed outside heatstack. */
  readonly fingerprint?: Fingerprint;
}

export interface ResourceHandler {
  /**
   * Set for a type that honours Heat's `DeletionPolicy: Retain` (its objects carry `LABELS.deletionPolicy`, its
   * sweep leaves retained ones): the policy of a resource whose template says none. Absent: every delete deletes.
   */
  readonly defaultDeletionPolicy?: DeletionPolicyName;
  /**
   * What the record keeps to find the resource's object again (`Locator`), from its normalized properties; absent:
   * always the backend's default place.
   */
  locatorOf?(properties: Readonly<Record<string, unknown>>): Locator;
  /**
   * Creates the resource and waits until it is ready; throws a HeatstackError with the reason on failure. The
   * `fingerprint` of what it made (`plan/drift.ts`) is kept to tell later whether it was changed outside heatstack.
   */
  create(request: CreateRequest): Promise<Created>;
  /** Deletes it; a resource already gone counts as deleted. */
  delete(resource: ExistingResource): Promise<void>;
  suspend(resource: ExistingResource): Promise<void>;
  resume(resource: ExistingResource): Promise<void>;
  /**
   * Brings back to running an object observed stopped or paused outside heatstack (`ObservedState`), and throws when
   * it does not stay up: the engine then replaces it. Absent: `resume`.
   */
  repair?(resource: ExistingResource): Promise<void>;
  /**
   * Changes the object in place to the request's configuration (its properties resolved, canonical, defaults applied),
   * of which only what its binding's `inPlace` allows differs from the object's (a container's limits; anything of a
   * Swarm service, as a rolling update), waiting until it has converged (or rolled itself back: then it throws with
   * the reason); resolves to what changed of its fingerprint.
   */
  update?(resource: ExistingResource, request: CreateRequest): Promise<{ fingerprint?: Fingerprint }>;
  /** Its `update` is one short call (its binding's `quickUpdates`): many run at once. */
  readonly quickUpdates?: true;
  /**
   * Whether the object `resource.physicalId` names exists, for a resource that adopts it (`external_id`; Heat's
   * `_show_resource`: `engine/external.ts`). Absent: the type cannot adopt an existing object.
   */
  exists?(resource: ExistingResource): Promise<boolean>;
  /** The object's content as it is now (`plan/drift.ts`); absent: the handler cannot tell. */
  fingerprint?(resource: ExistingResource): Promise<Fingerprint>;
  /**
   * The attributes (canonical names) whose current value its `observe` reports for each object
   * (`ObservedObject.attributes`: a container's `network_ip`): what was made from an older value is replaced.
   */
  readonly listedAttributes?: readonly string[];
  /**
   * Reads one attribute (canonical name) from the live resource. May wait, bounded (`logs_head` waits for the
   * first line). The engine fetches every attribute an expression needs before evaluating it.
   */
  attribute(resource: ExistingResource, attribute: string): Promise<unknown>;
}

/**
 * Where a handler finds a resource's object besides the backend's default place (`{}`): the few properties the type's
 * binding says locate it (`locatorOf` in `template/resource-types/type-module.ts`). Kept in the state record.
 */
export type Locator = Readonly<Record<string, unknown>>;

/** A locator as a map key: `''` for the default place, else its entries in key order. */
export function locatorKey(locator: Locator): string {
  const keys = Object.keys(locator).sort();
  return keys.length === 0 ? '' : JSON.stringify(keys.map((k) => [k, locator[k]]));
}

/**
 * A type's handler as the backend holds it: besides each resource's life, what it owns under a stack's labels.
 * Ownership is what keeps cleanup exact: a handler observes and sweeps only objects of its own kind, so one type's
 * objects are never planned as another's, nor removed as another's leftovers.
 */
export interface TypeHandler extends ResourceHandler {
  /**
   * Its objects under the stack's labels, at the default place and at each locator, each reported with its type.
   * A place that cannot be asked is reported in `unreachable` (by `locatorKey`, `''` for the default) instead of
   * failing the rest.
   */
  observe(stack: string, locators: readonly Locator[]): Promise<Observation>;
  /**
   * Removes what it owns under the stack's labels at the places that answered (the default one and `locators`), of
   * the stack's own objects (`ownedBy`) only, or only what one run created. Resolves to how many objects it removed.
   */
  sweep(
    stack: StackIdentity,
    locators: readonly Locator[],
    deployId?: string,
    keep?: ReadonlySet<string>,
  ): Promise<number>;
}

/** How a run configures the handlers (the CLI's deploy options); each handler reads what concerns it. */
export interface HandlerOptions {
  /** `missing` (default): pull only an image the daemon lacks; `always`: pull once per deploy; `never`: fail. */
  readonly pullPolicy?: 'missing' | 'always' | 'never';
  /** How long a `logs_head` read waits for a first line of output. */
  readonly logsHeadTimeoutMs?: number;
  /** Seconds a suspend gives each object to stop before it is killed (default: its own, else the backend's). */
  readonly stopTimeoutSeconds?: number;
  /**
   * Told what the backend left that the user should know of although the run succeeded (a network Docker would not
   * let go); the CLI shows it below the progress.
   */
  readonly onNotice?: (line: string) => void;
}

/** What a type's handler module exports (`DeployBinding.load` resolves to it). */
export interface LoadedHandler {
  /** A handler for the given type names (the module's schema names; the last is the one observed objects carry). */
  createHandler(typeNames: readonly string[], options: HandlerOptions): TypeHandler;
}
