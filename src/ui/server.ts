import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type EngineOptions, HeatstackError, StackLockedError, StateStore } from './engine.js';
import { LiveHub } from './hub.js';
import { addRoutes, BadRequest } from './routes.js';
import { Runner } from './runs.js';
import { newToken, requireToken, securityHeaders } from './security.js';
import { Sources } from './sources.js';

/**
 * `heatstack ui`: a local web app over the state directory and Docker endpoints the CLI uses. Hono routes the
 * requests (served by its Node adapter); the page is plain HTML, CSS and JavaScript shipped in the package
 * (`assets/`, nothing from a CDN); live parts come over server-sent events.
 */

export interface DashboardOptions {
  /** 127.0.0.1 unless told otherwise. */
  readonly host?: string;
  /** 0: any free port. */
  readonly port?: number;
  /** Where the launch page finds templates and apps. */
  readonly dir: string;
  readonly stateDir?: string;
  /** For tests: a given token instead of a random one. */
  readonly token?: string;
  /** For tests and the benchmark: parts of the engine to use instead of Docker's. */
  readonly engine?: Partial<EngineOptions>;
}

export interface Dashboard {
  /** The URL to open, with its token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const ASSETS: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

async function asset(name: string): Promise<string> {
  return readFile(new URL(`./assets/${name}`, import.meta.url), 'utf8');
}

/** The app: every route behind the token. */
export async function dashboardApp(options: DashboardOptions & { token: string }) {
  const store = new StateStore(options.stateDir);
  const hub = new LiveHub(store);
  await hub.start();
  const runner = new Runner(store, hub, options.engine);
  const sources = new Sources(options.dir);
  const app = new Hono();
  app.use('*', securityHeaders);
  app.use('*', requireToken(options.token));
  const page = (await asset('index.html')).replaceAll('{{TOKEN}}', encodeURIComponent(options.token));
  app.get('/', (c) => c.html(page));
  app.get('/assets/:name', async (c) => {
    const type = ASSETS[c.req.param('name')];
    return type ? c.body(await asset(c.req.param('name')), 200, { 'Content-Type': type }) : c.notFound();
  });
  addRoutes(app, { store, hub, runner, sources });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  // A user's mistake is shown as it is; anything else as one line: never a stack trace.
  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json({ error: err.message }, 400);
    if (err instanceof StackLockedError) return c.json({ error: err.message }, 409);
    if (err instanceof HeatstackError) return c.json({ error: err.message }, 422);
    return c.json({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }, 500);
  });
  const close = async () => {
    hub.close();
    await runner.settle();
    await sources.close();
  };
  return { app, close };
}

function listenFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'the port is in use (pass another with --port, or --port 0 for any free one)';
  if (err.code === 'EADDRNOTAVAIL') return 'no interface of this machine has that address (--host)';
  if (err.code === 'EACCES') return 'not allowed (a port below 1024 needs root)';
  return err.message;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const { app, close } = await dashboardApp({ ...options, token });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => {
      void close();
      reject(new HeatstackError(`cannot listen on ${host}:${options.port ?? 0}: ${listenFailure(err)}`));
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    token,
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    close: async () => {
      // Open event streams would keep the server from closing.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
    },
  };
}
