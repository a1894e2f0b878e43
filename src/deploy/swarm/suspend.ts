import type Docker from 'dockerode';
import { replicaCount } from './service-spec.js';

/**
 * Suspend and resume of a Swarm service (`docs/swarm.md`, "Readiness, updates, suspend"), as spec changes. A replicated
 * service is scaled to 0 and back. A global service has no count — it runs one task on every node that meets its
 * placement constraints, and Swarm refuses to change a service's mode — so it is given one constraint no node meets
 * (`SUSPENDED_CONSTRAINT`: its tasks stop, none starts) and resumed by taking that constraint away. Either way the
 * service keeps what a resume needs in `SUSPENDED_REPLICAS_LABEL`, on the service itself: labels are the ground truth.
 */

/** The replica count a suspend scaled a service down from (`global` for a global service). */
export const SUSPENDED_REPLICAS_LABEL = 'io.heatstack.suspended-replicas';

/** A constraint no node meets (a node id is 25 letters and digits, never this). */
export const SUSPENDED_CONSTRAINT = 'node.id==heatstack-suspended';

const GLOBAL = 'global';

/** @internal The spec that suspends the service; undefined when it already is suspended. */
export function suspendedSpec(spec: Docker.ServiceSpec): Docker.ServiceSpec | undefined {
  if (spec.Labels?.[SUSPENDED_REPLICAS_LABEL] !== undefined) return undefined;
  const replicas = spec.Mode?.Replicated?.Replicas;
  const labels = { ...spec.Labels, [SUSPENDED_REPLICAS_LABEL]: replicas === undefined ? GLOBAL : String(replicas) };
  if (replicas !== undefined) return { ...spec, Labels: labels, Mode: { Replicated: { Replicas: 0 } } };
  const task = spec.TaskTemplate as Docker.ContainerTaskSpec | undefined;
  const placement = {
    ...task?.Placement,
    Constraints: [...(task?.Placement?.Constraints ?? []), SUSPENDED_CONSTRAINT],
  };
  return { ...spec, Labels: labels, TaskTemplate: { ...task, Placement: placement } };
}

/** @internal The spec that resumes the service as it was before its suspend; undefined when it is not suspended. */
export function resumedSpec(spec: Docker.ServiceSpec): Docker.ServiceSpec | undefined {
  const kept = spec.Labels?.[SUSPENDED_REPLICAS_LABEL];
  if (kept === undefined) return undefined;
  const { [SUSPENDED_REPLICAS_LABEL]: _dropped, ...labels } = spec.Labels ?? {};
  if (kept !== GLOBAL)
    return {
      ...spec,
      Labels: labels,
      Mode: { Replicated: { Replicas: replicaCount(kept, SUSPENDED_REPLICAS_LABEL) } },
    };
  const task = spec.TaskTemplate as Docker.ContainerTaskSpec | undefined;
  const { Constraints: constraints = [], ...placement } = task?.Placement ?? {};
  const left = constraints.filter((c) => c !== SUSPENDED_CONSTRAINT);
  return {
    ...spec,
    Labels: labels,
    TaskTemplate: { ...task, Placement: left.length > 0 ? { ...placement, Constraints: left } : placement },
  };
}

/** @internal Whether a spec is that of a suspended service (no task of it should run). */
export function isSuspended(spec: Docker.ServiceSpec): boolean {
  return spec.Labels?.[SUSPENDED_REPLICAS_LABEL] !== undefined;
}
