import type Docker from 'dockerode';
import { containerCreateOptions } from '../../../src/deploy/docker/container-spec.js';
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

/** The create body of a busybox container of the stack `blog` with these properties (defaults applied). */
export function createBody(properties: Record<string, unknown>, logicalId = 'Blog'): Docker.ContainerCreateOptions {
  return containerCreateOptions({
    stack: 'blog',
    logicalId,
    properties: withDefaults({ image: 'busybox', ...properties }),
    configHash: 'abc',
    deployId: 'd1',
    network: 'heatstack-blog',
  });
}
