import { HeatstackError } from '../../errors.js';
import { certPath, type DockerEndpoint, describeEndpoint } from './connection.js';

/** Docker refused or failed an operation on a resource; the message says which resource and why. */
export class DockerResourceError extends HeatstackError {
  override name = 'DockerResourceError';
}

/** The daemon cannot be reached at all. */
export class DockerUnreachableError extends HeatstackError {
  override name = 'DockerUnreachableError';
}

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/** The HTTP status of a daemon error (404, 409, …), or undefined for a transport error. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? (error as DockerodeError).statusCode : undefined;
}

/** The daemon's own words for an error, without dockerode's "(HTTP code 404) no such container -" prefix. */
export function daemonMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as DockerodeError;
  const message = e.json?.message ?? e.message ?? String(error);
  return message.trim();
}

const UNREACHABLE = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ECONNRESET',
  // The connection cut while the request's body was being written (a create's JSON): the daemon went away.
  'EPIPE',
]);

export function isUnreachable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && UNREACHABLE.has((error as DockerodeError).code ?? '');
}

export function unreachableError(endpoint: DockerEndpoint, error: unknown): DockerUnreachableError {
  const code = (error as DockerodeError).code ?? '';
  const hint =
    code === 'EACCES'
      ? 'permission denied: add your user to the docker group or run as root'
      : 'is dockerd running? set DOCKER_HOST or the resource’s docker_endpoint';
  return new DockerUnreachableError(
    `cannot reach the Docker daemon at ${describeEndpoint(endpoint)} (${code}): ${hint}`,
  );
}

/**
 * The TLS handshake with the daemon failed: its certificate is not signed by our `ca.pem` (or names another host), or
 * it refused our client certificate (a TLS alert).
 */
export function isTlsFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code = '', message = '' } = error as DockerodeError;
  return (
    /^(ERR_SSL_|ERR_TLS_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|CERT_)/.test(code) ||
    (code === 'EPROTO' && /alert|certificate|ssl/i.test(message))
  );
}

/** What a failed TLS handshake means, naming the endpoint and where the certificates were read. */
export function tlsError(endpoint: DockerEndpoint, error: unknown): DockerUnreachableError {
  const e = error as DockerodeError;
  const detail = (e.code && !e.message?.includes(e.code) ? `${e.code}: ` : '') + (e.message ?? String(error));
  return new DockerUnreachableError(
    `the TLS handshake with the Docker daemon at ${describeEndpoint(endpoint)} failed (${detail.trim()}): check the ` +
      `certificates in ${certPath()} (ca.pem signs the daemon's certificate; cert.pem and key.pem are a client ` +
      'certificate the daemon trusts; DOCKER_CERT_PATH says where they are)',
  );
}

/** Wraps any failure of a Docker call into an actionable error naming the resource and the step. */
export function resourceError(where: string, step: string, endpoint: DockerEndpoint, error: unknown): HeatstackError {
  if (error instanceof HeatstackError) return error;
  if (isTlsFailure(error)) return new DockerResourceError(`${where}: ${tlsError(endpoint, error).message}`);
  if (isUnreachable(error)) return new DockerResourceError(`${where}: ${unreachableError(endpoint, error).message}`);
  return new DockerResourceError(`${where}: ${step} failed: ${daemonMessage(error)}`);
}
