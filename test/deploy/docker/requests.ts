import type { CreateRequest, ExistingResource } from '../../../src/deploy/handler.js';
import { DOCKER_CONTAINER } from '../../../src/template/resource-types/index.js';

/** Canonical properties with the schema's defaults applied, as the engine hands them to a handler. */
export function withDefaults(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(DOCKER_CONTAINER.properties)) {
    if (schema.default !== undefined) out[name] = schema.default;
  }
  return { ...out, ...properties };
}

export function createRequest(
  stack: string,
  logicalId: string,
  properties: Record<string, unknown>,
  extra: Partial<CreateRequest> = {},
): CreateRequest {
  return {
    stack,
    logicalId,
    type: 'DockerInc::Docker::Container',
    properties: withDefaults(properties),
    configHash: `hash-${logicalId}`,
    deployId: `deploy-${stack}`,
    ...extra,
  };
}

export function existing(request: CreateRequest, physicalId: string): ExistingResource {
  return {
    stack: request.stack,
    logicalId: request.logicalId,
    type: request.type,
    physicalId,
    properties: request.properties,
  };
}
