import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';
import type { Observation } from '../engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  InterruptedError,
  LABELS,
  observedObject,
  ownedBy,
  stackLabels,
  type TypeHandler,
} from '../handler.js';
import { type BuildContext, contextTar, readBuildContext } from './build-context.js';
import { type DockerEndpoint, dockerClient, parseEndpoint } from './connection.js';
import { DockerResourceError, daemonMessage, resourceError, statusOf } from './errors.js';
import { daemonsOf, endpointOfLocator, observeDaemons } from './observe.js';

/**
 * The handler of `Heatstack::Docker::Image` (`template/resource-types/docker-image.ts`): builds the image from its
 * context, streamed as a tar through the Engine API's `POST /build` (the classic builder: a base image the daemon
 * has is used as it is, never pulled), with the builder's steps shown as progress. The image is tagged
 * `heatstack/<stack>-<resource>:<hash>`, the hash of the context's digest and the build's settings, and labelled
 * with the stack, the resource, the configuration hash and the run, as every object a deploy creates. That tag is
 * its physical id (what `get_resource` gives a container's `image`).
 *
 * An image with that tag already built for the stack is taken as it is: the same context and settings never build
 * twice. A build that fails removes the layers it made (a failed create leaves nothing) and fails the create with the
 * builder's last lines; an interrupted one removes them too, once the daemon has stopped its step. Deleting the image removes its tag and the layers only it used (the build's intermediates).
 */

/** How many of the builder's last lines a failed build's message shows. */
const TAIL_LINES = 12;

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export function createHandler(typeNames: readonly string[]): TypeHandler {
  const type = typeNames[typeNames.length - 1] as string;
  return {
    create: (request) => createImage(request),
    delete: (resource) => deleteImage(resource),
    // An image does not run: nothing to stop or start.
    suspend: async () => undefined,
    resume: async () => undefined,
    attribute: (resource, attribute) => imageAttribute(resource, attribute),
    observe: (stack, locators): Promise<Observation> =>
      observeDaemons(locators, async (endpoint) => {
        const locator = endpoint === undefined ? {} : { docker_endpoint: endpoint };
        return (await stackImages(stack, endpoint)).map((i) =>
          observedObject(i.Labels, physicalIdOf(i), type, locator),
        );
      }),
    sweep: async (stack, locators, deployId) => {
      let removed = 0;
      for (const endpoint of daemonsOf(locators)) {
        const docker = await dockerClient(parseEndpoint(endpoint));
        for (const image of await stackImages(stack.name, endpoint)) {
          if (!ownedBy(stack, image.Labels)) continue;
          if (deployId !== undefined && image.Labels?.[LABELS.deployId] !== deployId) continue;
          if (await removeImage(docker, physicalIdOf(image))) removed++;
        }
      }
      return removed;
    },
  };
}

/**
 * The image's tag: its repository names the stack and the resource (Docker's lower-case alphabet), its tag is a hash
 * of everything that decides what is built, so a changed context or setting is a new tag.
 */
export function imageTag(stack: string, logicalId: string, properties: Readonly<Record<string, unknown>>): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const repository = `heatstack/${clean(`${stack}-${logicalId}`) || 'image'}`.slice(0, 200);
  const settings = ['context_digest', 'dockerfile', 'build_args', 'target', 'labels'].map((k) => properties[k] ?? null);
  const hash = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
  return `${repository}:${hash}`;
}

const where = (logicalId: string) => `Resources.${logicalId}`;

function endpointOf(resource: { logicalId: string; properties: Readonly<Record<string, unknown>> }): DockerEndpoint {
  const declared = endpointOfLocator(resource.properties);
  return parseEndpoint(declared, process.env, `${where(resource.logicalId)}.Properties.docker_endpoint`);
}

async function createImage(request: CreateRequest): Promise<{ physicalId: string }> {
  const at = where(request.logicalId);
  const endpoint = endpointOf(request);
  const p = request.properties;
  const tag = imageTag(request.stack, request.logicalId, p);
  const docker = await dockerClient(endpoint);
  try {
    if (await builtFor(docker, tag, request.stack)) {
      request.progress?.(`${tag} is built already: no build`);
      return { physicalId: tag };
    }
    const dockerfile = typeof p.dockerfile === 'string' ? p.dockerfile : 'Dockerfile';
    const context = await readBuildContext(String(p.context), dockerfile, `${at}.Properties.context`);
    await build(docker, context, tag, request);
    return { physicalId: tag };
  } catch (error) {
    throw resourceError(at, 'building the image', endpoint, error);
  }
}

/** Whether `tag` exists and was built for `stack` (an image of another stack with that tag is not taken). */
async function builtFor(docker: Docker, tag: string, stack: string): Promise<boolean> {
  try {
    return (await docker.getImage(tag).inspect()).Config.Labels?.[LABELS.stack] === stack;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

async function build(docker: Docker, context: BuildContext, tag: string, request: CreateRequest): Promise<void> {
  const p = request.properties;
  const labels = {
    ...stringMap(p.labels),
    ...stackLabels(request.stack, request.owner),
    [LABELS.resource]: request.logicalId,
    [LABELS.configHash]: request.configHash,
    [LABELS.deployId]: request.deployId,
  };
  const options = {
    t: tag,
    dockerfile: typeof p.dockerfile === 'string' ? p.dockerfile : 'Dockerfile',
    buildargs: stringMap(p.build_args),
    labels,
    ...(typeof p.target === 'string' && p.target !== '' ? { target: p.target } : {}),
    ...(typeof p.network === 'string' && p.network !== '' ? { networkmode: p.network } : {}),
    rm: true,
    forcerm: true,
    ...(request.signal ? { abortSignal: request.signal } : {}),
  };
  request.progress?.(`building ${tag} from ${context.dir} (${context.entries.length} files)`);
  const log = new BuildLog(request.progress);
  let failure: string | undefined;
  try {
    const stream = await docker.buildImage(contextTar(context), options);
    failure = await followBuild(docker, stream, log);
  } catch (error) {
    failure = daemonMessage(error);
  }
  if (failure === undefined) return;
  await removeLayers(docker, log.createdLayers());
  if (request.signal?.aborted) throw new InterruptedError();
  const tail = log.tail();
  throw new DockerResourceError(
    `${where(request.logicalId)}: the image build failed: ${failure}` +
      (tail ? `; the builder's last lines:\n${tail}` : ''),
  );
}

/** Resolves to the build's error message, or undefined when it succeeded. */
function followBuild(docker: Docker, stream: NodeJS.ReadableStream, log: BuildLog): Promise<string | undefined> {
  return new Promise((resolve) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: BuildEvent[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (error) resolve(daemonMessage(error));
        else if (failed) resolve(failed.errorDetail?.message ?? failed.error ?? 'unknown error');
        else resolve(undefined);
      },
      (event: BuildEvent) => log.push(event),
    );
  });
}

/**
 * The builder's output, as the classic builder prints it: `Step n/m : …` opens a step, ` ---> <id>` gives the layer a
 * step made (` ---> Using cache` before it: a layer that was there already; the `FROM` step's is the base image).
 */
class BuildLog {
  private readonly lines: string[] = [];
  private readonly created: string[] = [];
  private step = '';
  private cached = false;

  constructor(private readonly progress?: (message: string) => void) {}

  push(event: BuildEvent): void {
    for (const raw of (event.stream ?? '').split('\n')) {
      const line = raw.trimEnd();
      if (line === '') continue;
      this.lines.push(line);
      if (this.lines.length > 200) this.lines.shift();
      this.read(line);
    }
  }

  private read(line: string): void {
    if (/^Step \d+\/\d+ : /.test(line)) {
      this.step = line;
      this.cached = false;
      this.progress?.(`build: ${line}`);
      return;
    }
    if (line === ' ---> Using cache') this.cached = true;
    const layer = /^ ---> ([0-9a-f]{12,64})$/.exec(line)?.[1];
    if (layer !== undefined && !this.cached && !/^Step \d+\/\d+ : FROM /i.test(this.step)) this.created.push(layer);
  }

  /** The layers this build made, newest first. */
  createdLayers(): string[] {
    return [...this.created].reverse();
  }

  tail(): string {
    return this.lines.slice(-TAIL_LINES).join('\n');
  }
}

/**
 * Removes the untagged layers a failed build made, newest first; one another image still uses is left. An interrupted
 * build goes on in the daemon for a moment after heatstack hung up (its step's container is being killed and removed,
 * holding the layer it runs on), so the build containers on these layers are waited for first, and a layer committed
 * after the last one heard of (a child of one) goes too.
 */
async function removeLayers(docker: Docker, layers: readonly string[]): Promise<void> {
  if (layers.length === 0) return;
  const made = await withUntaggedChildren(docker, layers);
  await buildContainersGone(docker, made);
  for (const id of [...made].reverse()) {
    const info = await docker
      .getImage(id)
      .inspect()
      .catch(() => undefined);
    if (info === undefined || (info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) continue;
    await removeImage(docker, id).catch(() => undefined);
  }
}

/** How long a failed build's containers are waited for before its layers are removed (or left, if they stay). */
const BUILD_GONE_MS = 30_000;

/**
 * The full ids of `layers` (short ids, newest first) that the daemon holds, oldest first, then their untagged
 * descendants: the layers a build made, including any committed after its output stopped.
 */
async function withUntaggedChildren(docker: Docker, layers: readonly string[]): Promise<string[]> {
  const images = await docker.listImages({ all: true });
  const short = (id: string) => id.replace(/^sha256:/, '');
  const made = [...layers]
    .reverse()
    .map((layer) => images.find((i) => short(i.Id).startsWith(layer))?.Id)
    .filter((id) => id !== undefined);
  const seen = new Set(made);
  for (let i = 0; i < made.length; i++) {
    for (const child of images) {
      const untagged = (child.RepoTags ?? []).every((t) => t === '<none>:<none>');
      if (child.ParentId === made[i] && untagged && !seen.has(child.Id)) {
        seen.add(child.Id);
        made.push(child.Id);
      }
    }
  }
  return made;
}

/** Waits (at most `BUILD_GONE_MS`) until no container runs on the build's layers: a step's container is on its way out. */
async function buildContainersGone(docker: Docker, layers: readonly string[]): Promise<void> {
  if (layers.length === 0) return;
  const deadline = Date.now() + BUILD_GONE_MS;
  const filters = JSON.stringify({ ancestor: layers });
  while (Date.now() < deadline) {
    const left = await docker.listContainers({ all: true, filters }).catch(() => []);
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Removes an image (or one tag of it); gone counts as removed, one in use (409) is left. Whether it went. */
async function removeImage(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).remove();
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return true;
    if (status === 409) return false;
    throw error;
  }
}

async function deleteImage(resource: ExistingResource): Promise<void> {
  const endpoint = endpointOf(resource);
  const docker = await dockerClient(endpoint);
  try {
    await docker.getImage(resource.physicalId).remove();
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw resourceError(where(resource.logicalId), 'removing the image', endpoint, error);
  }
}

async function imageAttribute(resource: ExistingResource, attribute: string): Promise<unknown> {
  if (attribute === 'tag') return resource.physicalId;
  if (attribute !== 'image_id')
    throw new HeatstackError(
      `${where(resource.logicalId)}: a Docker image has no attribute '${attribute}'; it has image_id, tag`,
    );
  const endpoint = endpointOf(resource);
  const docker = await dockerClient(endpoint);
  try {
    return (await docker.getImage(resource.physicalId).inspect()).Id;
  } catch (error) {
    if (statusOf(error) === 404)
      throw new DockerResourceError(
        `${where(resource.logicalId)}: its image ${resource.physicalId} is gone; deploy the stack again`,
      );
    throw resourceError(where(resource.logicalId), 'reading the attribute image_id', endpoint, error);
  }
}

/** The stack's images of this type (labelled with a resource) on one daemon. */
async function stackImages(stack: string, endpoint: string | undefined): Promise<Docker.ImageInfo[]> {
  const docker = await dockerClient(parseEndpoint(endpoint));
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`, LABELS.resource] });
  try {
    return await docker.listImages({ filters });
  } catch (error) {
    throw resourceError(`stack ${stack}`, 'listing its images', parseEndpoint(endpoint), error);
  }
}

/** An image's heatstack tag, else its id (an image whose tag another build took over). */
function physicalIdOf(image: Docker.ImageInfo): string {
  return (image.RepoTags ?? []).find((t) => t.startsWith('heatstack/')) ?? image.Id;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}
