import type { Expr } from '../../template/model.js';
import type { DeletionPolicyName, ResourceHandler } from '../handler.js';
import type { ObservedObject } from '../plan/planner.js';
import type { RunTarget } from './operations.js';
import type { EngineOptions } from './services.js';

/**
 * Heat's `DeletionPolicy` (`docs/storage.md`): a resource whose policy is `Retain` is not deleted when its stack is
 * destroyed, when it is replaced, or when the template drops it — its object stays, labelled with the policy it
 * was created with, and the stack forgets it. The next deploy of the same stack adopts it again when a resource of
 * the same logical id and configuration asks for it (the planner's adoption of an unrecorded object). Only types
 * whose binding declares `defaultDeletionPolicy` honour it (a Docker volume, whose default is `Retain`); for the
 * others every delete deletes, as before. `destroy --delete-volumes` (`EngineOptions.deleteRetained`) deletes
 * retained objects too.
 */

/**
 * The policy of `resource` as the run's template declares it, else its type's default; undefined for a type that
 * does not honour one. A policy written as a function (`get_param`) is evaluated with the run's parameters; one that
 * cannot be is the type's default (the safe side: a volume is kept).
 */
export function deletionPolicyOf(
  handler: ResourceHandler,
  resource: string,
  target: Pick<RunTarget, 'template' | 'parameters'>,
  options: Pick<EngineOptions, 'services'>,
): DeletionPolicyName | undefined {
  const fallback = handler.defaultDeletionPolicy;
  if (fallback === undefined) return undefined;
  const declared = target.template.resources[resource]?.deletionPolicy;
  if (declared === undefined) return fallback;
  const value = typeof declared === 'string' ? declared : evaluated(declared, target, options);
  if (typeof value !== 'string') return fallback;
  // HOT writes the policies in lower case too (`retain`), as Heat's newer HOT versions accept.
  return value.toLowerCase() === 'retain' ? 'Retain' : 'Delete';
}

function evaluated(
  expr: Expr,
  target: Pick<RunTarget, 'template' | 'parameters'>,
  options: Pick<EngineOptions, 'services'>,
): unknown {
  try {
    return options.services.evaluate(expr, {
      template: target.template,
      parameters: target.parameters,
      resourceId: () => undefined,
      attribute: () => undefined,
    });
  } catch {
    return undefined;
  }
}

/** Whether a delete of `resource` keeps its object: its policy is `Retain` and the run does not delete retained ones. */
export function keepsObject(
  handler: ResourceHandler,
  resource: string,
  target: Pick<RunTarget, 'template' | 'parameters'>,
  options: Pick<EngineOptions, 'services' | 'deleteRetained'>,
): boolean {
  return options.deleteRetained !== true && deletionPolicyOf(handler, resource, target, options) === 'Retain';
}

/** An object a destroy left in place by its DeletionPolicy, as `destroy` lists it. */
export interface RetainedObject {
  readonly resource: string;
  readonly physicalId: string;
  readonly type?: string;
}

/** The retained objects among what the backend holds, sorted by resource then id. */
export function retainedObjects(observed: readonly ObservedObject[]): RetainedObject[] {
  return observed
    .filter((o) => o.retained === true)
    .map((o) => ({ resource: o.logicalId, physicalId: o.physicalId, type: o.type }))
    .sort((a, b) => a.resource.localeCompare(b.resource) || a.physicalId.localeCompare(b.physicalId));
}
