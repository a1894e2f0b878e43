import type { AttributeSchema, PropertySchema } from './schema.js';

/**
 * The properties and attributes a Docker container resource gains for `deploy --target swarm`, where it becomes a
 * Swarm service (`docs/swarm.md`): how many replicas, where they run, and how an update rolls out and back. Part of
 * the container type's schema (`docker-container.ts`), `DockerInc::Docker::Container` spelling only; the plain
 * Docker target refuses them (`deploy/swarm/target-properties.ts`). No default: a stack that does not set them keeps
 * its configuration hashes.
 */

export const SWARM_MODES = ['replicated', 'global'] as const;
export const ENDPOINT_MODES = ['vip', 'dnsrr'] as const;
export const UPDATE_ORDERS = ['stop-first', 'start-first'] as const;
export const UPDATE_FAILURE_ACTIONS = ['pause', 'continue', 'rollback'] as const;
export const ROLLBACK_FAILURE_ACTIONS = ['pause', 'continue'] as const;

const count = (description: string): PropertySchema => ({
  type: 'integer',
  description,
  constraints: [{ kind: 'range', min: 0 }],
});

function rollout(what: string, failureActions: readonly string[]): PropertySchema {
  return {
    type: 'map',
    description: `How ${what} rolls out over the service's tasks (Swarm's \`${what === 'an update' ? 'UpdateConfig' : 'RollbackConfig'}\`).`,
    fields: {
      parallelism: count('Tasks changed at once; 0 means all at once. Swarm’s default 1.'),
      delay: count('Seconds between one batch and the next.'),
      order: {
        type: 'string',
        description: '`stop-first` (Swarm’s default) or `start-first` (the new task runs before the old one stops).',
        constraints: [{ kind: 'allowed_values', values: [...UPDATE_ORDERS] }],
      },
      failure_action: {
        type: 'string',
        description: `What a failed task does to the rollout: ${failureActions.join(', ')}.`,
        constraints: [{ kind: 'allowed_values', values: [...failureActions] }],
      },
      monitor: count('Seconds each new task is watched for failure after it starts.'),
      max_failure_ratio: {
        type: 'number',
        description: 'The share of tasks that may fail before the failure action applies (0–1).',
        constraints: [{ kind: 'range', min: 0, max: 1 }],
      },
    },
  };
}

export const SWARM_PROPERTIES: Readonly<Record<string, PropertySchema>> = {
  replicas: count('Swarm only: how many tasks of the service run (mode `replicated`). Default 1.'),
  mode: {
    type: 'string',
    description: 'Swarm only: `replicated` (default; `replicas` tasks) or `global` (one task on every node).',
    constraints: [{ kind: 'allowed_values', values: [...SWARM_MODES] }],
  },
  placement: {
    type: 'map',
    description: 'Swarm only: where the tasks may run.',
    fields: {
      constraints: {
        type: 'list',
        description: 'Constraints every node must meet, such as `node.role==manager` or `node.labels.zone==a`.',
        items: { type: 'string', description: '' },
      },
      preferences: {
        type: 'list',
        description: 'Node labels to spread the tasks over, in order, such as `node.labels.zone`.',
        items: { type: 'string', description: '' },
      },
    },
  },
  endpoint_mode: {
    type: 'string',
    description:
      'Swarm only: how the service is reached on the stack network: `vip` (default; one virtual IP balancing over its ' +
      'tasks, which Swarm builds on the kernel’s ip_vs) or `dnsrr` (its logical id resolves to its tasks’ own ' +
      'addresses; no virtual IP, so it works where the kernel has no ip_vs).',
    constraints: [{ kind: 'allowed_values', values: [...ENDPOINT_MODES] }],
  },
  update_config: rollout('an update', UPDATE_FAILURE_ACTIONS),
  rollback_config: rollout('a rollback', ROLLBACK_FAILURE_ACTIONS),
};

export const SWARM_PROPERTY_NAMES: readonly string[] = Object.keys(SWARM_PROPERTIES);

export const SWARM_ATTRIBUTES: Readonly<Record<string, AttributeSchema>> = {
  replicas_running: { type: 'integer', description: 'Swarm only: how many of its tasks run now.' },
  task_ips: { type: 'list', description: 'Swarm only: the addresses of its running tasks on the stack network.' },
};

export const SWARM_ATTRIBUTE_NAMES: readonly string[] = Object.keys(SWARM_ATTRIBUTES);

/**
 * Properties a service cannot have, with what to do instead. Each refuses only a value that asks for something
 * (`privileged: false`, an empty list and Heat's defaults pass).
 */
const UNEXPRESSIBLE: Readonly<Record<string, { readonly asks: (v: unknown) => boolean; readonly instead: string }>> = {
  privileged: {
    asks: (v) => v === true || v === 'true' || v === 'True',
    instead: 'Swarm services cannot be privileged',
  },
  links: { asks: nonEmpty, instead: 'Swarm has no links: a service reaches another by its logical id' },
  volumes_from: { asks: nonEmpty, instead: 'Swarm services cannot share another container’s volumes' },
  devices: { asks: nonEmpty, instead: 'Swarm services cannot map host devices' },
  networks: {
    asks: nonEmpty,
    instead:
      'a Swarm service joins its stack’s overlay network; a Heatstack::Docker::Network is a network of one daemon',
  },
  cpu_shares: { asks: positive, instead: 'Swarm has no relative CPU weight' },
  cpu_set: { asks: (v) => typeof v === 'string' && v !== '', instead: 'Swarm services cannot be pinned to CPUs' },
  stdin_once: { asks: (v) => v === true, instead: 'a service’s stdin is never attached' },
  attach_stdin: { asks: (v) => v === true, instead: 'a service’s stdin is never attached' },
};

/** What Swarm cannot express among these properties, each as `<path>: why` (empty: all can be deployed). */
export function unexpressible(logicalId: string, properties: Props): string[] {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(UNEXPRESSIBLE)) {
    if (rule.asks(properties[name]))
      problems.push(
        `${`Resources.${logicalId}.Properties.${name}`}: ${rule.instead}; remove it to deploy with --target swarm`,
      );
  }
  return problems;
}

/**
 * Swarm properties set on a resource deployed to plain Docker, each as `<path>: why`: refused rather than ignored,
 * since a stack that asks for three replicas and gets one container is not what was written.
 */
export function swarmOnly(logicalId: string, properties: Props): string[] {
  return SWARM_PROPERTY_NAMES.filter((name) => properties[name] !== undefined && properties[name] !== null).map(
    (name) => `Resources.${logicalId}.Properties.${name}: a Swarm property; deploy with --target swarm, or remove it`,
  );
}

type Props = Readonly<Record<string, unknown>>;

function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return typeof value === 'string' && value !== '';
}

function positive(value: unknown): boolean {
  return Number(value) > 0;
}
