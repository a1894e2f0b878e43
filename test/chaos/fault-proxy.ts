/**
 * An Engine API fault proxy (issue 17): a unix socket that forwards every HTTP request to the real daemon, and
 * answers the Nth call of one operation kind with a fault instead — a 500, a 404, a request that never gets an
 * answer, or a reset connection — or refuses everything (the daemon gone). heatstack is pointed at it with
 * `DOCKER_HOST=unix://<socket>`; it only ever speaks plain HTTP over the socket (no hijacked streams), so a request
 * is forwarded as it is and its response piped back, streamed responses (`logs?follow=1`) included. No registry is
 * reachable here, so the proxy stands in for one: a pull (`POST /images/create`) that is not faulted is answered
 * as the daemon answers a pull of an image it holds up to date.
 */

import { existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';

/** The Engine API calls heatstack makes, by what they do. */
export const OPERATION_KINDS = [
  'create',
  'start',
  'inspect',
  'logs',
  'remove',
  'network',
  'pull',
  'image',
  'list',
  'wait',
  'stop',
  'other',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const FAULTS = ['500', '404', 'hang', 'reset'] as const;
export type Fault = (typeof FAULTS)[number];

/** Which call of which kind fails, and how. `nth` counts from 1, over the proxy's whole life. */
export interface FaultRule {
  readonly kind: OperationKind;
  readonly nth: number;
  readonly fault: Fault;
}

/** The kind of one Engine API request (`POST /v1.41/containers/create` → create). */
export function operationKind(method: string, url: string): OperationKind {
  const path = (url.split('?')[0] ?? '').replace(/^\/v[\d.]+/, '');
  if (path.startsWith('/networks')) return 'network';
  if (method === 'POST' && path === '/images/create') return 'pull';
  if (path.startsWith('/images/')) return 'image';
  if (method === 'POST' && path === '/containers/create') return 'create';
  if (method === 'GET' && path === '/containers/json') return 'list';
  if (!path.startsWith('/containers/')) return 'other';
  if (method === 'DELETE') return 'remove';
  const action = path.split('/')[3];
  if (method === 'GET' && action === 'json') return 'inspect';
  if (action === 'logs') return 'logs';
  if (action === 'start') return 'start';
  if (action === 'wait') return 'wait';
  if (action === 'stop' || action === 'kill') return 'stop';
  return 'other';
}

export interface FaultProxy {
  readonly socketPath: string;
  /** Calls seen so far, per kind (faulted ones included). */
  readonly counts: Record<OperationKind, number>;
  /** Whether the rule's call has come (and was answered with its fault). */
  fired(): boolean;
  /** Sets the next fault (counts restart from 0). */
  arm(rule: FaultRule | undefined): void;
  /**
   * The daemon goes away until `up()`: every open connection is cut, and new ones are cut at once (`cut`) or
   * find no one listening (`refuse`).
   */
  down(how: 'cut' | 'refuse'): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on `socketPath` in front of the daemon at `upstreamSocket`. */
export async function startFaultProxy(socketPath: string, upstreamSocket: string): Promise<FaultProxy> {
  if (existsSync(socketPath)) rmSync(socketPath);
  const counts = Object.fromEntries(OPERATION_KINDS.map((k) => [k, 0])) as Record<OperationKind, number>;
  let rule: FaultRule | undefined;
  let fired = false;
  let isDown = false;
  const sockets = new Set<Socket>();
  const hung = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    if (isDown) {
      req.socket.destroy();
      return;
    }
    const kind = operationKind(req.method ?? 'GET', req.url ?? '/');
    counts[kind]++;
    if (rule !== undefined && !fired && rule.kind === kind && counts[kind] === rule.nth) {
      fired = true;
      inject(rule.fault, req, res);
      return;
    }
    if (kind === 'pull') upToDate(req, res);
    else forward(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    if (isDown) socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function inject(fault: Fault, req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    if (fault === 'reset') {
      // A unix socket has no RST: the connection is closed mid-request (the client sees ECONNRESET).
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      hung.add(res);
      return;
    }
    const status = Number(fault);
    const message = status === 404 ? 'chaos: no such object' : 'chaos: injected server error';
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message }));
  }

  function upToDate(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    const image = new URL(req.url ?? '/', 'http://proxy').searchParams.get('fromImage');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify({ status: `Status: Image is up to date for ${image}` })}\n`);
  }

  function forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = http.request(
      { socketPath: upstreamSocket, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Node holds the headers back until the first byte of the body; a live stream (`GET /events`) sends none
        // until something happens, and its client would wait for the headers until its timeout.
        res.flushHeaders();
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const cutAll = () => {
    for (const s of sockets) s.destroy();
    for (const r of hung) r.destroy();
    hung.clear();
  };
  await listen();

  return {
    socketPath,
    counts,
    fired: () => fired,
    arm(next) {
      rule = next;
      fired = false;
      for (const k of OPERATION_KINDS) counts[k] = 0;
    },
    async down(how) {
      isDown = true;
      cutAll();
      if (how === 'refuse') await stopListening();
    },
    async up() {
      if (!server.listening) {
        if (existsSync(socketPath)) rmSync(socketPath);
        await listen();
      }
      isDown = false;
    },
    async close() {
      cutAll();
      if (server.listening) await stopListening();
    },
  };
}
