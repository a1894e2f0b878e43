import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, EngineOptions } from '../../src/deploy/engine/services.js';
import type { ResourceHandler } from '../../src/deploy/handler.js';
import type { LiveMessage } from '../../src/ui/hub.js';
import { type Dashboard, startDashboard } from '../../src/ui/server.js';
import { FakeBackend } from '../deploy/support/fake-backend.js';

/** The in-memory backend, taking every resource type (the dashboard's logic, not Docker's, is under test). */
export class AnyTypeBackend extends FakeBackend implements Backend {
  override handlerFor(): ResourceHandler {
    return this.handler;
  }
}

/** A folder for the launch page (the seed template and one with parameters) and a state directory beside it. */
export function dashboardFolders(prefix: string): { root: string; dir: string; stateDir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(root, 'templates');
  mkdirSync(dir);
  copyFileSync('test/fixtures/seed/wordpress_mysql.yml', join(dir, 'wordpress_mysql.yml'));
  copyFileSync('test/ui/fixtures/blog-params.yaml', join(dir, 'blog-params.yaml'));
  return { root, dir, stateDir: join(root, 'state'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface TestDashboard extends Dashboard {
  get(path: string, token?: string | null): Promise<Response>;
  post(path: string, body: unknown, token?: string | null): Promise<Response>;
}

/** A dashboard on a free port of 127.0.0.1; requests carry its token unless told otherwise (`null`: none). */
export async function testDashboard(
  dir: string,
  stateDir: string,
  engine?: Partial<EngineOptions>,
  port = 0,
): Promise<TestDashboard> {
  const d = await startDashboard({ dir, stateDir, port, engine });
  return {
    ...d,
    get: (path, token = d.token) =>
      fetch(`${d.origin}${path}`, { headers: token === null ? {} : { 'X-Heatstack-Token': token } }),
    post: (path, body, token = d.token) =>
      fetch(`${d.origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { 'X-Heatstack-Token': token }) },
        body: JSON.stringify(body),
      }),
  };
}

/** A response's JSON body, as `JSON.parse` gives it. */
export async function json(res: Response) {
  return JSON.parse(await res.text());
}

/** Follows the live stream: every message it sends, as it arrives, and a way to wait for one. */
export async function followLive(d: Dashboard): Promise<{
  readonly messages: LiveMessage[];
  until(test: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  /** Every byte the stream sent. */
  text(): string;
  close(): void;
}> {
  const abort = new AbortController();
  const res = await fetch(`${d.origin}/api/live?token=${d.token}`, { signal: abort.signal });
  const messages: LiveMessage[] = [];
  const waiters: (() => void)[] = [];
  let raw = '';
  let pending = '';
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let hello: () => void = () => undefined;
  const greeted = new Promise<void>((r) => (hello = r));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        raw += chunk;
        pending += chunk;
        let end = pending.indexOf('\n\n');
        while (end >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: hello')) hello();
          else if (data) messages.push(JSON.parse(data.slice(6)) as LiveMessage);
          for (const w of waiters.splice(0)) w();
          end = pending.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  await greeted;
  return {
    messages,
    text: () => raw,
    close: () => abort.abort(),
    async until(test, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such live message; got ${JSON.stringify(messages)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
  };
}
