import type { ResourceTypeSchema } from './schema.js';
import type { ResourceTypeModule } from './type-module.js';

/**
 * `Heatstack::Docker::Image`: an image built from a context directory and its Dockerfile (heatstack's own type; no Heat
 * plugin builds images). One module: the schema, and the binding to `deploy/docker/image-build-handler.ts`.
 *
 * The context is read before the deploy starts, as Heat's client reads the files a template names (`get_file`)
 * relative to the template: `readLocalFiles` (`deploy/docker/build-context.ts`) makes `context` absolute and sets
 * `context_digest`, the content hash of what would be sent to the builder (`.dockerignore` respected). That digest
 * is one of the properties the configuration hash is taken of, so a changed context replaces the image — and so every
 * container that reads it — while an unchanged one keeps it: no build. `Ref` / `get_resource` gives the image's tag,
 * which a container's `image` takes. Any change replaces the image (no property is `updateAllowed`).
 */

const NAME = 'Heatstack::Docker::Image';

export const DOCKER_IMAGE: ResourceTypeSchema = {
  names: [
    {
      name: NAME,
      properties: Object.fromEntries(
        ['context', 'dockerfile', 'build_args', 'target', 'labels', 'network', 'docker_endpoint', 'context_digest'].map(
          (p) => [p, p],
        ),
      ),
      attributes: { image_id: 'image_id', tag: 'tag' },
    },
  ],
  properties: {
    context: {
      type: 'string',
      description: 'The build context: a directory, relative to the template (or app) file deployed.',
      required: true,
    },
    dockerfile: {
      type: 'string',
      description: 'The Dockerfile, relative to the context.',
      default: 'Dockerfile',
    },
    build_args: { type: 'map', description: 'Values of the Dockerfile’s `ARG`s.', default: {} },
    target: { type: 'string', description: 'The stage of a multi-stage Dockerfile to build; default the last.' },
    labels: { type: 'map', description: 'Labels of the image, besides heatstack’s own.', default: {} },
    network: {
      type: 'string',
      description:
        'The network the Dockerfile’s `RUN` steps use (Compose’s `build.network`): `none`, `host`, or a network’s name; default Docker’s bridge.',
    },
    docker_endpoint: {
      type: 'string',
      description: 'The Docker daemon to build on (the containers that use the image must run there too).',
    },
    context_digest: {
      type: 'string',
      description: 'Set by heatstack when it reads the context before a deploy (its content hash); not written.',
    },
  },
  attributes: {
    image_id: { type: 'string', description: 'The built image’s id (`sha256:…`).' },
    tag: { type: 'string', description: 'Its tag, `heatstack/<stack>-<resource>:<content hash>` (as `Ref`).' },
  },
};

/** The Docker image type: what the registry lists. */
export const DOCKER_IMAGE_TYPE: ResourceTypeModule = {
  schema: DOCKER_IMAGE,
  construct: { kind: 'Docker image', requiredExample: { context: "'./web'" } },
  deploy: {
    locatorOf: (p) =>
      typeof p.docker_endpoint === 'string' && p.docker_endpoint !== '' ? { docker_endpoint: p.docker_endpoint } : {},
    load: () => import('../../deploy/docker/image-build-handler.js'),
    // Its tag is a hash of what decides the build: a replacement is another tag, or (a setting outside the hash
    // changed) the same image, which the engine then does not delete.
    holds: () => undefined,
    readLocalFiles: async (properties, baseDir, at) =>
      (await import('../../deploy/docker/build-context.js')).readContextProperties(properties, baseDir, at),
  },
};
