import { parseEndpoint } from '../deploy/docker/connection.js';
import {
  type DaemonContainers,
  describeState,
  type LiveContainer,
  listLiveContainers,
} from '../deploy/docker/live-state.js';
import { endpointOfLocator, observedState } from '../deploy/docker/observe.js';
import { commandThere, describeForeign, heldElsewhere, labelledStateDir } from '../deploy/engine/stack-identity.js';
import { LABELS, madeFor } from '../deploy/handler.js';
import { isFinishedOneShot } from '../deploy/plan/drift.js';
import type { ResourceRecord, StackRecord } from '../deploy/state/record.js';
import { StateStore } from '../deploy/state/store.js';
import { HeatstackError } from '../errors.js';
import type { ResourceDef } from '../template/model.js';
import { DOCKER_CONTAINER_TYPE } from '../template/resource-types/docker-container.js';
import { isOwnResourceType, resourceType } from '../template/resource-types/index.js';
import { resourcePath } from './resource-paths.js';
import { noStackMessage } from './stack-record.js';

/**
 * A stack's containers as the record knows them beside what Docker holds now (`ps`, and `ls`'s running count).
 * Containers are matched to resources by id on the daemon the resource lives on; a container carrying the stack's
 * label that no resource records (a killed run's) is shown too: Docker is the ground truth.
 */

/**
 * `running`, `exited`, `restarting`, `paused`, `dead`, `created` (Docker's), or: `missing` (recorded, but Docker
 * has no such container), `none` (no container was created: a failed create, a stack that stopped before it),
 * `unknown` (its daemon could not be asked).
 */
export type ContainerState = LiveContainer['state'] | 'missing' | 'none' | 'unknown';

export interface ResourceView {
  readonly resource: string;
  /** The construct path, when the deployed template carries it. */
  readonly path?: string;
  /** The resource's Heat status from the record; absent when the record has no entry for it. */
  readonly heatStatus?: string;
  /** A container under the stack's label that no resource records (a killed run's leftover). */
  readonly unrecorded?: true;
  readonly state: ContainerState;
  /** The live container, when Docker holds it. */
  readonly container?: LiveContainer;
  /** Why the state is `unknown`. */
  readonly unreachable?: string;
  /** A one-shot that has finished (`isFinishedOneShot`): done, not down. */
  readonly finishedOneShot?: true;
}

/**
 * The template's resources that its conditions switch off for the parameters the stack was deployed with, as deploy
 * skips them (`desired.ts`): nothing was to be created for them. Only resources with a condition and no record are
 * asked, and the template functions load only then. A condition that cannot be told now (it reads a hidden parameter,
 * whose value the record does not keep) leaves its resource shown.
 */
export async function switchedOffResources(record: StackRecord): Promise<ReadonlySet<string>> {
  const asked = Object.entries(record.template.resources).filter(
    ([name, def]) => def.condition !== undefined && !Object.hasOwn(record.resources, name),
  );
  if (asked.length === 0) return new Set();
  const { conditionHolds } = await import('../template/evaluate/index.js');
  const known = Object.fromEntries(
    Object.entries(record.parameters).filter(([name]) => !Object.hasOwn(record.hiddenParameterHashes, name)),
  );
  const switchedOff = ({ condition }: ResourceDef): boolean => {
    try {
      return condition !== undefined && !conditionHolds(record.template, condition, known);
    } catch {
      return false;
    }
  };
  return new Set(asked.filter(([, def]) => switchedOff(def)).map(([name]) => name));
}

/** The views without the rows of resources `switchedOffResources` found: no container was to be made for them. */
export function withoutSwitchedOff(views: readonly ResourceView[], switchedOff: ReadonlySet<string>): ResourceView[] {
  return views.filter((v) => v.state !== 'none' || !switchedOff.has(v.resource));
}

/** Whether a recorded resource is a container (others have nothing in Docker to show): its type's module says. */
export function isContainerResource(rec: Pick<ResourceRecord, 'type'>): boolean {
  // Own types only: any other would load Heat's whole spec to say no.
  return isOwnResourceType(rec.type) && resourceType(rec.type)?.module === DOCKER_CONTAINER_TYPE;
}

/** Whether the stack has a container resource that has been created: only then is Docker worth asking. */
export function hasContainers(record: StackRecord): boolean {
  return Object.values(record.resources).some((r) => isContainerResource(r) && r.physicalId !== undefined);
}

/** The daemons the stack's containers live on: the default one, and each `docker_endpoint` its resources use. */
export function stackEndpoints(record: StackRecord): (string | undefined)[] {
  return [
    undefined,
    ...Object.values(record.resources)
      .map(endpointOf)
      .filter((e) => e !== undefined),
  ];
}

function endpointOf(rec: ResourceRecord): string | undefined {
  return endpointOfLocator(rec.locator);
}

/**
 * The stack's container resources in template order (then those only the record still has), each with its live
 * state, then the containers under the stack's label that no resource records.
 */
export function resourceViews(
  record: StackRecord,
  daemons: readonly DaemonContainers[],
  stateDir: string = new StateStore().dir,
): ResourceView[] {
  // Unrecorded containers of a stack of the same name recorded elsewhere are that stack's (`stack-identity.ts`).
  const identity = { name: record.name, ids: new Set([record.id]), stateDir: labelledStateDir(stateDir) };
  const byKey = new Map(daemons.map((d) => [d.endpoint, d]));
  // By daemon and id: a stack may have thousands of containers.
  const live = new Map<string, LiveContainer>();
  for (const d of daemons) if ('containers' in d) for (const c of d.containers) live.set(`${d.endpoint}\0${c.id}`, c);
  const names = [...new Set([...Object.keys(record.template.resources), ...Object.keys(record.resources)])];
  const shown = new Set<string>();
  const views: ResourceView[] = [];
  for (const name of names) {
    const rec = Object.hasOwn(record.resources, name) ? record.resources[name] : undefined;
    const type = rec?.type ?? record.template.resources[name]?.type ?? '';
    // An adopted container (`external_id`) is not the stack's: it carries none of its labels, and no count includes it.
    if (!isContainerResource({ type }) || rec?.externalId !== undefined) continue;
    const path = resourcePath(record.template, name);
    const base = { resource: name, ...(path ? { path } : {}), ...(rec ? { heatStatus: rec.status } : {}) };
    if (rec?.physicalId === undefined) {
      views.push({ ...base, state: 'none' });
      continue;
    }
    const daemon = byKey.get(parseEndpoint(endpointOf(rec)).key);
    if (daemon === undefined || 'unreachable' in daemon) {
      views.push({
        ...base,
        state: 'unknown',
        unreachable: daemon && 'unreachable' in daemon ? daemon.unreachable : '',
      });
      continue;
    }
    const key = `${daemon.endpoint}\0${rec.physicalId}`;
    const container = live.get(key);
    shown.add(key);
    if (container === undefined) views.push({ ...base, state: 'missing' });
    else {
      const done = isFinishedOneShot(rec, observedState(container)) ? { finishedOneShot: true as const } : {};
      views.push({ ...base, state: container.state, container, ...done });
    }
  }
  for (const daemon of daemons) {
    if ('unreachable' in daemon) continue;
    for (const container of daemon.containers) {
      if (container.stack !== record.name || !madeFor(identity, container.owner)) continue;
      if (shown.has(`${daemon.endpoint}\0${container.id}`)) continue;
      views.push({ resource: container.logicalId, state: container.state, container, unrecorded: true });
    }
  }
  return views;
}

/** How many of the stack's created containers run, and the others (for `ls`). */
export interface RunningCount {
  readonly running: number;
  readonly total: number;
  readonly notRunning: readonly { resource: string; state: string }[];
  /** Set when a daemon of the stack could not be asked: its containers are left out of the counts. */
  readonly unknown?: string;
}

/**
 * Counts the recorded containers (those created) that run. A one-shot that has finished is neither: its job is done,
 * as check and deploy take it (`isFinishedOneShot`).
 */
export function runningCount(views: readonly ResourceView[]): RunningCount {
  const recorded = views.filter((v) => v.heatStatus !== undefined && v.state !== 'none' && !v.finishedOneShot);
  // Containers on a daemon that could not be asked are left out of the counts, which then cover only what is known.
  const unknown = recorded.find((v) => v.state === 'unknown');
  const created = recorded.filter((v) => v.state !== 'unknown');
  const notRunning = created
    .filter((v) => v.state !== 'running')
    .map((v) => ({ resource: v.resource, state: v.container ? describeState(v.container) : v.state }));
  return {
    running: created.length - notRunning.length,
    total: created.length,
    notRunning,
    ...(unknown ? { unknown: unknown.unreachable || 'its Docker daemon could not be asked' } : {}),
  };
}

/**
 * The stack's record, for the verbs that show its containers. Without one, the error says so (with the nearest
 * recorded name) and whether Docker still holds containers under the stack's label: a lost record leaves them
 * running, and `destroy` removes them.
 */
export async function loadContainerStack(
  stackName: string,
  store: StateStore = new StateStore(),
): Promise<StackRecord> {
  const record = await store.load(stackName);
  if (record !== undefined) return record;
  const message = await noStackMessage(stackName, store);
  const held = (await listLiveContainers([undefined], stackName)).flatMap((d) =>
    'containers' in d ? d.containers : [],
  );
  if (held.length === 0) throw new HeatstackError(message);
  const elsewhere = await heldElsewhere(
    { name: stackName, ids: new Set(), stateDir: labelledStateDir(store.dir) },
    held,
  );
  const first = elsewhere[0];
  if (first !== undefined && elsewhere.reduce((n, f) => n + f.objects, 0) === held.length) {
    throw new HeatstackError(
      `${message}; Docker holds ${held.length === 1 ? '1 container' : `${held.length} containers`} of ` +
        `${describeForeign(stackName, first)}: ${commandThere('ps', stackName, first)} shows them`,
    );
  }
  throw new HeatstackError(
    `${message}; Docker holds ${held.length === 1 ? '1 container' : `${held.length} containers`} labelled ` +
      `${LABELS.stack}=${stackName} (its record was lost?): \`heatstack destroy --stack ${stackName}\` removes them`,
  );
}
