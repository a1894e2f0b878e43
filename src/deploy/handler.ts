import { HeatstackError } from '../errors.js';

/**
 * The contract between the deploy engine and a resource type's handler. The engine owns ordering, parallelism,
 * state and events; a handler only talks to the backend (Docker) for one resource at a time.
 */

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
} as const;

export interface ResourceRef {
  readonly stack: string;
  /** The logical resource name in the template (`Blog`). */
  readonly logicalId: string;
  /** The resource type as the template spells it (`OS::Heat::Docker`). */
  readonly type: string;
}

/** What a handler gets to create a resource: its properties with every function already resolved. */
export interface CreateRequest extends ResourceRef {
  /** Resolved properties, keyed by canonical (snake_case) names, defaults applied. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** A hash of the declared properties; stored as a label, compared on update. */
  readonly configHash: string;
  readonly deployId: string;
  /** Aborted when the run is interrupted: the handler may give up (throwing `InterruptedError`), leaving nothing. */
  readonly signal?: AbortSignal;
  /** Progress for long steps (an image pull), shown by the CLI. */
  readonly progress?: (message: string) => void;
}

export interface ExistingResource extends ResourceRef {
  /** The backend's id (the container id), as `Ref`/`get_resource` gives it. */
  readonly physicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ResourceHandler {
  /** Creates the resource and waits until it is ready; throws a HeatstackError with the reason on failure. */
  create(request: CreateRequest): Promise<{ physicalId: string }>;
  /** Deletes it; a resource already gone counts as deleted. */
  delete(resource: ExistingResource): Promise<void>;
  suspend(resource: ExistingResource): Promise<void>;
  resume(resource: ExistingResource): Promise<void>;
  /**
   * Reads one attribute (canonical name) from the live resource. May wait, bounded (`logs_head` waits for the
   * first line). The engine fetches every attribute an expression needs before evaluating it.
   */
  attribute(resource: ExistingResource, attribute: string): Promise<unknown>;
}
