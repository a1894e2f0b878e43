import { HeatstackError } from '../../errors.js';
import type { ExprMap } from '../../template/model.js';
import type { CreateRequest, ResourceHandler } from '../handler.js';
import type { LiveValues } from './live-values.js';
import type { RunRecorder } from './run.js';
import type { EngineOptions } from './services.js';
import { labelledStateDir } from './stack-identity.js';

/**
 * A resource's handler and what it is asked to make (a create, or an in-place update): its properties resolved
 * against the live stack and normalized to canonical names with defaults.
 */
export async function handlerRequest(
  run: RunRecorder,
  resource: { readonly name: string; readonly type: string; readonly properties: ExprMap },
  configHash: string,
  deployId: string,
  live: LiveValues,
  options: EngineOptions,
): Promise<{ handler: ResourceHandler; request: CreateRequest }> {
  const handler = options.backend.handlerFor(resource.type);
  if (handler === undefined) throw new HeatstackError(`no handler for resource type ${resource.type}`);
  const properties = await resolvedProperties(resource.properties, resource.type, live, options);
  const request: CreateRequest = {
    stack: run.record.name,
    logicalId: resource.name,
    type: resource.type,
    properties,
    configHash,
    deployId,
    owner: { id: run.record.id, stateDir: labelledStateDir(options.store.dir) },
    signal: options.signal,
    progress: (message) => run.progress(resource.name, message),
  };
  return { handler, request };
}

/** A resource's properties with every function resolved against the live stack, canonical, defaults applied. */
export async function resolvedProperties(
  properties: ExprMap,
  type: string,
  live: LiveValues,
  options: Pick<EngineOptions, 'services'>,
): Promise<Record<string, unknown>> {
  const resolved = (await live.evaluate(properties)) as Record<string, unknown>;
  return options.services.normalizeProperties(type, resolved ?? {});
}
