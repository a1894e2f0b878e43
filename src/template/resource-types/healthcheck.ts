import type { PropertySchema } from './schema.js';

/**
 * The container's `healthcheck` property (heatstack's own, on `DockerInc::Docker::Container`), as Compose's
 * `healthcheck:`: mapped onto Docker's `Healthcheck` by `deploy/docker/healthcheck.ts`; a container with one is
 * created once healthy (`deploy/docker/health-gate.ts`, `docs/docker-resources.md`).
 */

const seconds = (description: string): PropertySchema => ({
  type: 'number',
  description,
  constraints: [{ kind: 'range', min: 0 }],
});

export const HEALTHCHECK: PropertySchema = {
  type: 'map',
  description:
    'A health check (Docker’s HEALTHCHECK): the container counts as created only once it is healthy, so dependents start after it is ready.',
  fields: {
    test: {
      type: 'list',
      description:
        "The probe: `['CMD', prog, arg…]`, `['CMD-SHELL', 'command']`, or `['NONE']` to turn the image’s off.",
      required: true,
      items: { type: 'string', description: '' },
    },
    interval: seconds('Seconds between probes; default 30.'),
    timeout: seconds('Seconds a probe may run before it counts as failed; default 30.'),
    retries: {
      type: 'integer',
      description: 'Failed probes in a row that make the container unhealthy; default 3.',
      constraints: [{ kind: 'range', min: 0 }],
    },
    start_period: seconds('Seconds after start during which failed probes do not count; default 0.'),
  },
};
