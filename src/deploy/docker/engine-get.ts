import type { ClientRequest, IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import { type DockerEndpoint, dockerodeOptions, engineApiTimeoutMs, unansweredMessage } from './connection.js';

/**
 * @internal One Engine API `GET` answered with JSON, sent with Node's own http(s) client instead of dockerode. The one
 * list call a deploy that changes nothing makes (`observe.ts`) is all it asks Docker, and loading dockerode for it
 * cost more than the call: 50 unchanged containers, on this 2-core machine under load, dockerode's load 84–133 ms
 * and its list 23–44 ms, `node:http`'s load 3–9 ms and the same list 21–48 ms. Same endpoint options (socket, tcp,
 * TLS material), the same deadline (`HEATSTACK_DOCKER_TIMEOUT`) and errors of the shape dockerode gives
 * (`statusCode`, `json.message`, a transport error's `code`), so `errors.ts` reads both alike.
 */
export async function engineGet(endpoint: DockerEndpoint, path: string): Promise<unknown> {
  const ms = engineApiTimeoutMs();
  const options = dockerodeOptions(endpoint);
  const https = endpoint.kind === 'tcp' && endpoint.tls;
  const { request } = https ? await import('node:https') : await import('node:http');
  const target: RequestOptions =
    endpoint.kind === 'socket'
      ? // No TLS server name to work out: Node's agent would test `localhost` with `net.isIP`, whose first call
        // compiles its IPv6 pattern (~3.5 ms of CPU, more than the list call's own work on this side).
        { socketPath: endpoint.socketPath, servername: '' }
      : { host: endpoint.host, port: endpoint.port, ca: options.ca, cert: options.cert, key: options.key };
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined;
    const timer = setTimeout(() => {
      req?.destroy();
      reject(new Error(unansweredMessage(endpoint, `GET ${path.replace(/\?.*$/, '')}`, ms)));
    }, ms);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    req = request({ ...target, path, method: 'GET', agent: false }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', (error) => settle(() => reject(error)));
      res.on('end', () =>
        settle(() => {
          try {
            resolve(answerOf(res.statusCode ?? 0, body));
          } catch (error) {
            reject(error);
          }
        }),
      );
    });
    req.on('error', (error) => settle(() => reject(error)));
    req.end();
  });
}

/** The answer's JSON; else throws an error as dockerode makes one: the status and the daemon's `{message}`. */
function answerOf(status: number, body: string): unknown {
  let json: unknown;
  try {
    json = body === '' ? null : JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (status >= 200 && status < 300 && json !== undefined) return json;
  const message =
    typeof (json as { message?: unknown } | null)?.message === 'string'
      ? (json as { message: string }).message
      : status >= 200 && status < 300
        ? `the daemon's answer is not JSON: ${body.slice(0, 80)}`
        : body.trim() || `HTTP ${status}`;
  throw Object.assign(new Error(message), { statusCode: status, json: { message } });
}
