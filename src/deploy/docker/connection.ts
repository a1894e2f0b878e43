import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { HeatstackError } from '../../errors.js';

/**
 * Where a Docker daemon listens, parsed once from `docker_endpoint` or `DOCKER_HOST`. `key` identifies the daemon:
 * one client (and one connection pool) is kept per key.
 */
export type DockerEndpoint =
  | { readonly key: string; readonly kind: 'socket'; readonly socketPath: string }
  | {
      readonly key: string;
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls: boolean;
    };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** A docker_endpoint (or DOCKER_HOST) a person wrote that heatstack cannot use. */
export class DockerEndpointError extends HeatstackError {
  override name = 'DockerEndpointError';
}

/** Whether TLS is asked for, as the docker CLI decides it: `DOCKER_TLS_VERIFY` set (and not `0`). */
function tlsRequested(env: NodeJS.ProcessEnv): boolean {
  const verify = env.DOCKER_TLS_VERIFY;
  return verify !== undefined && verify !== '' && verify !== '0';
}

/**
 * Parses an endpoint: `unix:///path`, `/path`, `tcp://host:port`, `http://…`, `https://…`. Empty → `DOCKER_HOST`,
 * then the local socket. `where` names the property in errors (`Resources.Blog.Properties.docker_endpoint`).
 */
export function parseEndpoint(
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  where = 'DOCKER_HOST',
): DockerEndpoint {
  const raw = endpoint?.trim() || env.DOCKER_HOST?.trim() || `unix://${DEFAULT_SOCKET}`;
  const source = endpoint?.trim() ? where : 'DOCKER_HOST';
  if (raw.startsWith('/')) return socket(raw);
  if (raw.startsWith('unix://')) return socket(raw.slice('unix://'.length) || DEFAULT_SOCKET);
  const withScheme = raw.includes('://') ? raw : `tcp://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw endpointError(source, raw);
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol) || !url.hostname) throw endpointError(source, raw);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 2376 : 2375;
  const tls = url.protocol === 'https:' || (url.protocol === 'tcp:' && (tlsRequested(env) || port === 2376));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { key: `${tls ? 'https' : 'tcp'}://${url.host}`, kind: 'tcp', host, port, tls };
}

function socket(path: string): DockerEndpoint {
  return { key: `unix://${path}`, kind: 'socket', socketPath: path };
}

function endpointError(where: string, raw: string): DockerEndpointError {
  return new DockerEndpointError(
    `${where}: '${raw}' is not a Docker endpoint heatstack can use; write 'unix:///var/run/docker.sock', ` +
      `'/path/to/docker.sock' or 'tcp://host:2375' (TLS: 'tcp://host:2376' with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)`,
  );
}

/** Where TLS material is read: `DOCKER_CERT_PATH`, else `~/.docker` (as the docker CLI). */
export function certPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CERT_PATH || join(homedir(), '.docker');
}

/** @internal dockerode's options for an endpoint; TLS material comes from `DOCKER_CERT_PATH` (default `~/.docker`). */
export function dockerodeOptions(endpoint: DockerEndpoint, env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  if (endpoint.kind === 'socket') return { socketPath: endpoint.socketPath };
  const options: Docker.DockerOptions = {
    host: endpoint.host,
    port: endpoint.port,
    protocol: endpoint.tls ? 'https' : 'http',
  };
  if (!endpoint.tls) return options;
  const dir = certPath(env);
  const read = (file: string): Buffer | undefined =>
    existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined;
  return { ...options, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

const clients = new Map<string, Promise<Docker>>();

/**
 * @internal The one dockerode client for an endpoint. dockerode is imported on first use, so code that only needs the
 * handler's types (synth, validate) never loads it. Its calls are bounded (see `boundCalls`).
 */
export function dockerClient(endpoint: DockerEndpoint): Promise<Docker> {
  // A TLS client is one per certificate folder too: a run that changes DOCKER_CERT_PATH gets the certificates it names.
  const key = endpoint.kind === 'tcp' && endpoint.tls ? `${endpoint.key}\0${certPath()}` : endpoint.key;
  let client = clients.get(key);
  if (!client) {
    client = import('./dockerode-loader.js').then(({ loadDockerode }) =>
      boundCalls(new (loadDockerode())(dockerodeOptions(endpoint)), endpoint),
    );
    clients.set(key, client);
  }
  return client;
}

const DEFAULT_API_TIMEOUT_S = 120;

/** How long an Engine API call may wait for its answer: `HEATSTACK_DOCKER_TIMEOUT` seconds, default 120. */
export function engineApiTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEATSTACK_DOCKER_TIMEOUT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_API_TIMEOUT_S * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new DockerEndpointError(`HEATSTACK_DOCKER_TIMEOUT: '${raw}' is not a number of seconds greater than 0`);
  return seconds * 1000;
}

/** Calls whose answer legitimately waits on the container (a stop waits out its stop timeout; a wait, its end). */
const WAITS_ON_CONTAINER = /\/(stop|wait|attach)(\?|$)/;

interface DialOptions {
  readonly path: string;
  readonly method: string;
  readonly abortSignal?: AbortSignal;
}
type Dial = (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => void;

/**
 * A daemon that takes a request and never answers would hang a run for good (dockerode sets no deadline). So each
 * call must get its answer — the whole body, or a stream's first bytes — within `engineApiTimeoutMs()`, or fails
 * naming the call; calls that wait on the container, or that carry their own abort signal, are left as they are.
 */
function boundCalls(docker: Docker, endpoint: DockerEndpoint): Docker {
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    if (options.abortSignal !== undefined || WAITS_ON_CONTAINER.test(options.path)) return dial(options, callback);
    const ms = engineApiTimeoutMs();
    const call = `${options.method} ${options.path.replace(/\?.*$/, '')}`;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), ms);
    dial({ ...options, abortSignal: deadline.signal }, (error, data) => {
      clearTimeout(timer);
      if (!deadline.signal.aborted) callback(error, data);
      else callback(new Error(unansweredMessage(endpoint, call, ms)));
    });
  };
  return docker;
}

/** @internal Why a call failed that got no answer within `ms`: `call` is `GET /containers/json`. */
export function unansweredMessage(endpoint: DockerEndpoint, call: string, ms: number): string {
  return `the Docker daemon at ${describeEndpoint(endpoint)} did not answer ${call} within ${ms / 1000} s (set HEATSTACK_DOCKER_TIMEOUT to wait longer)`;
}

/** The endpoint as a person would write it, for messages. */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  return endpoint.kind === 'socket' ? endpoint.socketPath : endpoint.key;
}
