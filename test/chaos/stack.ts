/**
 * The stack every chaos trial works on, and what "converged" and "left nothing" mean for it: `size` busybox
 * containers in a tree of dependencies (each reads its parent's address), each holding the `Greeting` parameter
 * (so changing it replaces them all), and outputs read from the first and last container and from the parameter.
 */

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { LABELS } from '../../src/deploy/handler.js';
import { testDocker } from '../support/docker.js';
import { TEST_IMAGES } from '../support/images.js';

/** Prints a line (the first container's is an output), then sleeps; PID 1 ignores SIGTERM unless it traps it. */
const SLEEP = 'echo ready; trap "exit 0" TERM; sleep 3600 & wait';

export const resourceName = (i: number): string => `C${String(i).padStart(2, '0')}`;

/** Writes the template of a `size`-container stack into `dir`; returns its path. */
export function writeChaosTemplate(dir: string, size: number): string {
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  Greeting: {type: string, default: hello}',
    'resources:',
  ];
  for (let i = 0; i < size; i++) {
    const env = ['{list_join: ["=", [GREETING, {get_param: Greeting}]]}'];
    if (i > 0)
      env.push(`{list_join: ["=", [UPSTREAM, {get_attr: [${resourceName(Math.floor((i - 1) / 2))}, network_ip]}]]}`);
    lines.push(
      `  ${resourceName(i)}:`,
      '    type: DockerInc::Docker::Container',
      '    properties:',
      `      image: ${TEST_IMAGES.busybox}`,
      `      cmd: [sh, -c, ${JSON.stringify(SLEEP)}]`,
      `      env: [${env.join(', ')}]`,
    );
  }
  lines.push(
    'outputs:',
    '  greeting: {value: {list_join: ["-", [v, {get_param: Greeting}]]}}',
    `  first_ip: {value: {get_attr: [${resourceName(0)}, network_ip]}}`,
    `  last_ip: {value: {get_attr: [${resourceName(size - 1)}, network_ip]}}`,
    `  first_log: {value: {get_attr: [${resourceName(0)}, logs_head]}}`,
  );
  const file = join(dir, `chaos-${size}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const stackFilter = (stack: string) => JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });

/** What Docker and the state directory hold of a stack: the figures a leak is counted in. */
export interface Leftovers {
  readonly containers: number;
  readonly networks: number;
  readonly volumes: number;
  /** The stack's files in the state directory: `<stack>.json`, its lock, temporary and damaged files. */
  readonly files: readonly string[];
}

export async function leftoversOf(stack: string, stateDir: string, daemon?: Docker): Promise<Leftovers> {
  const docker = daemon ?? (await testDocker());
  const filters = stackFilter(stack);
  const [c, n, v] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const files = existsSync(stateDir) ? readdirSync(stateDir).filter((f) => f.startsWith(`${stack}.`)) : [];
  return { containers: c.length, networks: n.length, volumes: (v.Volumes ?? []).length, files };
}

export const leaked = (l: Leftovers): boolean => l.containers + l.networks + l.volumes > 0 || l.files.length > 0;

/** The stack's containers as Docker holds them, by logical resource. */
export async function containersOf(
  stack: string,
  daemon?: Docker,
): Promise<Map<string, Docker.ContainerInspectInfo[]>> {
  const docker = daemon ?? (await testDocker());
  const list = await docker.listContainers({ all: true, filters: stackFilter(stack) });
  const out = new Map<string, Docker.ContainerInspectInfo[]>();
  for (const c of list) {
    const info = await docker.getContainer(c.Id).inspect();
    const resource = c.Labels[LABELS.resource] ?? '?';
    out.set(resource, [...(out.get(resource) ?? []), info]);
  }
  return out;
}

/** The state file of a stack, parsed (undefined when there is none). */
export function recordOf(stack: string, stateDir: string): StackFile | undefined {
  const path = join(stateDir, `${stack}.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as StackFile;
}

/** The part of the state file the checks read. */
export interface StackFile {
  status: string;
  statusReason: string;
  resources: Record<string, { status: string; statusReason: string; physicalId?: string }>;
  outputs: Record<string, { value?: unknown; error?: string }>;
}

const envOf = (info: Docker.ContainerInspectInfo, key: string): string | undefined =>
  (info.Config.Env ?? []).find((e) => e.startsWith(`${key}=`))?.slice(key.length + 1);

const addressOf = (info: Docker.ContainerInspectInfo | undefined): string =>
  Object.values(info?.NetworkSettings?.Networks ?? {})[0]?.IPAddress ?? '';

/**
 * Why the stack has not converged on the template with `greeting` (empty when it has): every resource
 * `*_COMPLETE` in the record, exactly one running container per resource holding the greeting and (with `wiring`)
 * its parent's address, and the outputs (`outputs --json`) read from those containers.
 *
 * `wiring` is left out after a suspend: a restarted container may get a new address on the stack's network, and a
 * dependent keeps the address it was created with (Heat's Docker plugin resolves properties only at create too) —
 * see the README's reliability section.
 */
export async function convergenceProblems(
  stack: string,
  stateDir: string,
  size: number,
  greeting: string,
  outputs: Record<string, { value?: unknown }>,
  wiring = true,
  daemon?: Docker,
): Promise<string[]> {
  const problems: string[] = [];
  const record = recordOf(stack, stateDir);
  if (record === undefined) return ['no state file'];
  if (!/_COMPLETE$/.test(record.status) || record.status.startsWith('DELETE') || record.status.startsWith('ROLLBACK'))
    problems.push(`stack ${record.status}: ${record.statusReason}`);
  const containers = await containersOf(stack, daemon);
  for (let i = 0; i < size; i++) {
    const name = resourceName(i);
    const status = record.resources[name]?.status ?? 'missing';
    if (!/^(CREATE|UPDATE|RESUME)_COMPLETE$/.test(status)) problems.push(`${name} ${status}`);
    const held = containers.get(name) ?? [];
    const [info] = held;
    if (held.length !== 1 || info === undefined) {
      problems.push(`${name}: ${held.length} containers`);
      continue;
    }
    if (!info.State.Running) problems.push(`${name}: ${info.State.Status}`);
    if (record.resources[name]?.physicalId !== info.Id) problems.push(`${name}: the record names another container`);
    if (envOf(info, 'GREETING') !== greeting) problems.push(`${name}: GREETING=${envOf(info, 'GREETING')}`);
    const parent = containers.get(resourceName(Math.floor((i - 1) / 2)))?.[0];
    if (wiring && i > 0 && parent !== undefined && envOf(info, 'UPSTREAM') !== addressOf(parent))
      problems.push(`${name}: UPSTREAM=${envOf(info, 'UPSTREAM')}, its parent is at ${addressOf(parent)}`);
  }
  const extra = [...containers.keys()].filter((r) => !/^C\d\d$/.test(r) || Number(r.slice(1)) >= size);
  if (extra.length > 0) problems.push(`containers of no resource: ${extra.join(', ')}`);
  const want = {
    greeting: `v-${greeting}`,
    first_ip: addressOf(containers.get(resourceName(0))?.[0]),
    last_ip: addressOf(containers.get(resourceName(size - 1))?.[0]),
    first_log: 'ready',
  };
  for (const [key, value] of Object.entries(want))
    if (outputs[key]?.value !== value) problems.push(`output ${key}: ${JSON.stringify(outputs[key])}, want ${value}`);
  return problems;
}
