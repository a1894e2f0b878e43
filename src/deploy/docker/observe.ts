import type Docker from 'dockerode';
import { reasonOf } from '../engine/run.js';
import type { Observation } from '../engine/services.js';
import { LABELS, type Locator, locatorKey, observedObject } from '../handler.js';
import type { ObservedObject, ObservedState } from '../plan/planner.js';
import { parseEndpoint } from './connection.js';
import { engineGet } from './engine-get.js';
import { resourceError } from './errors.js';
import { listedFingerprint } from './fingerprint.js';
import { describeState, type LiveContainer, liveContainer } from './live-state.js';

/** The Docker endpoint a locator names (`docker_endpoint`); undefined for the default daemon. */
export function endpointOfLocator(locator: Locator): string | undefined {
  const e = locator.docker_endpoint;
  return typeof e === 'string' && e !== '' ? e : undefined;
}

/** The default daemon always, plus the endpoints the locators name (each daemon once, by its key). */
export function daemonsOf(locators: readonly Locator[]): (string | undefined)[] {
  const byKey = new Map<string, string | undefined>([[parseEndpoint(undefined).key, undefined]]);
  for (const l of locators) {
    const e = endpointOfLocator(l);
    if (e !== undefined && !byKey.has(parseEndpoint(e).key)) byKey.set(parseEndpoint(e).key, e);
  }
  return [...byKey.values()];
}

/**
 * The stack's containers on the default daemon and on each locator's, reported as `type`: one list call per
 * daemon, on the critical path of every deploy.
 */
export function observeContainers(stack: string, locators: readonly Locator[], type: string): Promise<Observation> {
  return observeDaemons(locators, (endpoint) => containersOn(stack, endpoint, type));
}

/**
 * What `objectsOn` finds on the default daemon and on each locator's, each daemon asked once. A daemon that cannot be
 * asked makes every locator naming it unreachable (so a resource's record finds its reason), `''` for the default one.
 */
export async function observeDaemons(
  locators: readonly Locator[],
  objectsOn: (endpoint: string | undefined) => Promise<ObservedObject[]>,
): Promise<Observation> {
  const targets = daemonsOf(locators);
  const found = await Promise.allSettled(targets.map(objectsOn));
  const objects: ObservedObject[] = [];
  const unreachable = new Map<string, string>();
  found.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      objects.push(...result.value);
      return;
    }
    const key = parseEndpoint(targets[i]).key;
    const reason = reasonOf(result.reason);
    if (key === parseEndpoint(undefined).key) unreachable.set('', reason);
    for (const l of locators) {
      const e = endpointOfLocator(l);
      if (e !== undefined && parseEndpoint(e).key === key) unreachable.set(locatorKey(l), reason);
    }
  });
  return { objects, unreachable };
}

async function containersOn(stack: string, declared: string | undefined, type: string): Promise<ObservedObject[]> {
  const endpoint = parseEndpoint(declared);
  const filters = encodeURIComponent(JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }));
  let list: Docker.ContainerInfo[];
  try {
    // Not through dockerode: a deploy that changes nothing asks only this, and need not load it (`engine-get.ts`).
    list = (await engineGet(endpoint, `/containers/json?all=1&filters=${filters}`)) as Docker.ContainerInfo[];
  } catch (error) {
    throw resourceError(`stack ${stack}`, 'listing its containers', endpoint, error);
  }
  const locator = declared === undefined ? {} : { docker_endpoint: declared };
  return list.map((c) => {
    const live = liveContainer(endpoint.key, c);
    return {
      ...observedObject(c.Labels, c.Id, type, locator),
      state: observedState(live),
      fingerprint: listedFingerprint(c),
      // The binding's `listedAttributes`: the address readers were made with, while it has one.
      ...(live.state === 'running' && live.address !== undefined ? { attributes: { network_ip: live.address } } : {}),
    };
  });
}

/**
 * Docker's state in the engine's neutral words. An exit with code 0 is a finished one-shot (a create counts it as
 * done) and is left alone; any other exit, and a container created but never started, is stopped. `removing` is on
 * its way to missing: it cannot be started again.
 */
export function observedState(c: Pick<LiveContainer, 'state' | 'exitCode' | 'health'>): ObservedState {
  const description = describeState(c);
  if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') return { phase: c.state, description };
  if (c.state === 'exited' && c.exitCode === 0) return { phase: 'finished', description };
  if (c.state === 'exited' || c.state === 'created') return { phase: 'stopped', description };
  return { phase: 'dead', description };
}
