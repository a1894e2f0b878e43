/**
 * The dashboard's speed, measured in headless Chromium: `pageMs`, the stack list's load (navigation to the list
 * drawn) with `STACKS` stacks recorded, the median of several loads after one to warm up; `eventMs`, the longest
 * time an engine event of the dashboard's own run took from the engine to the page's events table, and
 * `cliEventMs`, the same for a run of another engine (as `heatstack deploy` in a terminal), which reaches the page
 * through the state directory. The engine runs an in-memory backend: the dashboard is measured, not Docker.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import type { Backend } from '../../src/deploy/engine/services.js';
import { deployStack, suspendStack } from '../../src/deploy/engine/stack-engine.js';
import type { ResourceHandler } from '../../src/deploy/handler.js';
import { StateStore } from '../../src/deploy/state/store.js';
import { defaultTemplateServices } from '../../src/deploy/template-services.js';
import { chromiumFlags, findChromium } from '../../src/graph/chromium.js';
import { parseTemplateFile } from '../../src/template/parse/index.js';
import { startDashboard } from '../../src/ui/server.js';
import { report } from '../harness.js';

const STACKS = Number(process.argv[2] ?? 100);
const LOADS = 5;

/** Objects in a map: a create is instant, so what is timed is the dashboard. */
function memoryBackend(): Backend {
  let next = 0;
  const handler: ResourceHandler = {
    create: async () => ({ physicalId: `m${++next}` }),
    delete: async () => undefined,
    suspend: async () => undefined,
    resume: async () => undefined,
    attribute: async (_res, name) => (name === 'network_ip' ? '10.0.0.1' : name === 'network_tcp_ports' ? '80' : ''),
  };
  return {
    handlerFor: () => handler,
    observe: async () => ({ objects: [], unreachable: new Map() }),
    removeLeftovers: async () => 0,
  } as unknown as Backend;
}

const root = mkdtempSync(join(tmpdir(), 'heatstack-bench-ui-'));
const stateDir = join(root, 'state');
const template = parseTemplateFile('test/fixtures/seed/wordpress_mysql.yml').template;
if (template === undefined) throw new Error('the seed template does not parse');
const backend = memoryBackend();
const engine = (store: StateStore) => ({ store, backend, services: defaultTemplateServices() });
for (let i = 0; i < STACKS; i++)
  await deployStack(
    { stackName: `blog${i}`, stackId: `id${i}`, template, parameters: {}, hiddenParameters: new Set() },
    engine(new StateStore(stateDir)),
  );

const chromium = findChromium();
if (chromium === undefined) throw new Error('the dashboard benchmark needs Chromium (apt-get install chromium)');
const dashboard = await startDashboard({ dir: root, stateDir, port: 0, engine: { backend } });
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: chromiumFlags().filter((f) => f !== '--headless'),
});
try {
  const page = await browser.newPage();
  const loads: number[] = [];
  for (let i = 0; i <= LOADS; i++) {
    const start = Date.now();
    await page.goto(`${dashboard.url}&load=${i}`);
    await page.waitForSelector('body[data-ready=stacks]');
    if (i > 0) loads.push(Date.now() - start);
    const rows = await page.$$eval('#stacks-table tbody tr', (trs) => trs.length);
    if (rows !== STACKS) throw new Error(`the list shows ${rows} stacks, not ${STACKS}`);
  }
  const pageMs = loads.sort((a, b) => a - b)[loads.length >> 1] as number;

  const eventMs = await eventLatency(page, 'blog0', () =>
    fetch(`${dashboard.origin}/api/stacks/blog0/suspend`, {
      method: 'POST',
      headers: { 'X-Heatstack-Token': dashboard.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ confirm: 'blog0' }),
    }),
  );
  const cliEventMs = await eventLatency(page, 'blog1', () => suspendStack('blog1', engine(new StateStore(stateDir))));
  report({ pageMs, eventMs, cliEventMs });
} finally {
  await browser.close();
  await dashboard.close();
  rmSync(root, { recursive: true, force: true });
}

/**
 * Opens the stack's events, starts `act`, and gives the longest time from an event's `time` (set by the engine as
 * it emits it) to its row in the page (seen by a MutationObserver, on the same machine's clock).
 */
async function eventLatency(page: Page, stack: string, act: () => Promise<unknown>): Promise<number> {
  await page.goto(`${dashboard.url}#/stack/${stack}/events`);
  await page.waitForSelector('body[data-ready=stack-events] #events-body');
  const before = await page.$$eval('#events-body tr', (trs) => trs.length);
  await page.evaluate(`(() => {
    window.arrivals = [];
    new MutationObserver((changes) => {
      for (const c of changes) for (const row of c.addedNodes)
        window.arrivals.push({ at: Date.now(), cells: [...row.querySelectorAll('td')].map((td) => td.textContent) });
    }).observe(document.getElementById('events-body'), { childList: true });
  })()`);
  await act();
  const record = await waitForSuspended(stack);
  const emitted = record.events.slice(before);
  await page.waitForFunction(`window.arrivals.length >= ${emitted.length}`, { timeout: 10_000 });
  const arrivals = (await page.evaluate('window.arrivals')) as { at: number; cells: string[] }[];
  return Math.max(
    ...emitted.map((e, i) => {
      const row = arrivals[i];
      if (row === undefined || row.cells[1] !== (e.resource ?? '(stack)'))
        throw new Error('events arrived out of order');
      return row.at - Date.parse(e.time);
    }),
  );
}

async function waitForSuspended(stack: string) {
  for (;;) {
    const record = await new StateStore(stateDir).load(stack);
    if (record?.status === 'SUSPEND_COMPLETE' && !record.pending) return record;
    await new Promise((r) => setTimeout(r, 10));
  }
}
