import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  appendEvent,
  EVENT_PURGE_BATCH,
  eventCount,
  MAX_EVENTS_PER_STACK,
} from '../../../src/deploy/state/event-log.js';
import type { StackRecord } from '../../../src/deploy/state/record.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { emptyTemplate } from '../../../src/template/model.js';
import { LiveHub, type LiveMessage } from '../../../src/ui/hub.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-events-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The event numbered `n` since the stack was made: its reason says its number. */
const eventNo = (n: number): StackEvent => ({
  time: '2026-01-01T00:00:00.000Z',
  resource: 'Web',
  status: 'UPDATE_COMPLETE',
  reason: `event ${n}`,
});

function recordWith(events: number): StackRecord {
  return {
    format: 1,
    name: 'capped',
    id: 'id',
    status: 'UPDATE_COMPLETE',
    statusReason: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    template: emptyTemplate('hot'),
    parameters: {},
    hiddenParameterHashes: {},
    resources: {},
    outputs: {},
    events: Array.from({ length: events }, (_, n) => eventNo(n)),
  };
}

describe("a stack's events, capped as Heat caps them (max_events_per_stack 1000, purged 200 at a time)", () => {
  test('up to the cap, every event is kept', () => {
    const record = recordWith(MAX_EVENTS_PER_STACK - 1);
    appendEvent(record, eventNo(MAX_EVENTS_PER_STACK - 1));
    expect(record.events).toHaveLength(MAX_EVENTS_PER_STACK);
    expect(record.eventsPurged).toBeUndefined();
  });

  test('the event past the cap purges the oldest batch, and the record counts what went', () => {
    const record = recordWith(MAX_EVENTS_PER_STACK);
    appendEvent(record, eventNo(MAX_EVENTS_PER_STACK));
    expect(record.events).toHaveLength(MAX_EVENTS_PER_STACK + 1 - EVENT_PURGE_BATCH);
    expect(record.eventsPurged).toBe(EVENT_PURGE_BATCH);
    expect(record.events[0]?.reason).toBe(`event ${EVENT_PURGE_BATCH}`);
    expect(record.events.at(-1)?.reason).toBe(`event ${MAX_EVENTS_PER_STACK}`);
    expect(eventCount(record)).toBe(MAX_EVENTS_PER_STACK + 1);
  });

  test('however many runs append, the record never holds more than the cap', () => {
    const record = recordWith(0);
    for (let n = 0; n < 5_000; n++) appendEvent(record, eventNo(n));
    expect(record.events.length).toBeLessThanOrEqual(MAX_EVENTS_PER_STACK);
    expect(record.events.at(-1)?.reason).toBe('event 4999');
    expect(eventCount(record)).toBe(5_000);
  });

  test('a record with purged events is written and read back; a count of the wrong type is a damaged record', async () => {
    const store = new StateStore(dir);
    const record = recordWith(MAX_EVENTS_PER_STACK);
    appendEvent(record, eventNo(MAX_EVENTS_PER_STACK));
    await store.save(record);
    expect((await store.load('capped'))?.eventsPurged).toBe(EVENT_PURGE_BATCH);
    writeFileSync(store.fileOf('capped'), JSON.stringify({ ...record, eventsPurged: '200' }));
    await expect(store.load('capped')).rejects.toThrow(/eventsPurged/);
  });

  test("the dashboard's live feed numbers each event for good: a purge renumbers nothing", async () => {
    // GIVEN a hub that has told a page a stack's events, up to the cap
    const store = new StateStore(dir);
    const record = recordWith(MAX_EVENTS_PER_STACK);
    await store.save(record);
    const hub = new LiveHub(store);
    const told: { index: number; reason?: string }[] = [];
    hub.subscribe((m: LiveMessage) => {
      if (m.type === 'event') told.push({ index: m.index, reason: m.event.reason });
    });
    await hub.reload('capped');
    expect(told).toHaveLength(MAX_EVENTS_PER_STACK);
    // WHEN a run appends one (purging 200), as the engine tells it, and the file is read again after it
    appendEvent(record, eventNo(MAX_EVENTS_PER_STACK));
    hub.runEvent(record.events.at(-1) as StackEvent, record);
    await store.save(record);
    await hub.reload('capped', true);
    hub.close();
    // THEN the new event is told once, under its own number
    expect(told.slice(MAX_EVENTS_PER_STACK)).toEqual([
      { index: MAX_EVENTS_PER_STACK, reason: `event ${MAX_EVENTS_PER_STACK}` },
    ]);
  });
});
