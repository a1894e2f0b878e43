import type { StackEvent } from '../status.js';
import type { StackRecord } from './record.js';

/**
 * A stack's events are capped as Heat caps them (its `max_events_per_stack`, 1000, and `event_purge_batch_size`, 200):
 * every run appends a few events per resource, and a record that kept them all would grow without end — every verb
 * reads and writes the whole record (a test stack redeployed for a day had 1,470 events in 215 KB). When an append
 * makes more than the cap, the oldest batch goes, and the record counts what went (`eventsPurged`) so that an event
 * keeps its number for ever (`eventNumber`): the dashboard tells a page the events it has not seen by number.
 */
export const MAX_EVENTS_PER_STACK = 1000;
export const EVENT_PURGE_BATCH = 200;

/** Appends the event, purging the oldest batch when the record holds more than the cap. */
export function appendEvent(record: StackRecord, event: StackEvent): void {
  record.events.push(event);
  if (record.events.length <= MAX_EVENTS_PER_STACK) return;
  record.events.splice(0, EVENT_PURGE_BATCH);
  record.eventsPurged = (record.eventsPurged ?? 0) + EVENT_PURGE_BATCH;
}

/** The number of the stack's first event still kept (0 until a purge). */
export function firstEventNumber(record: Pick<StackRecord, 'eventsPurged'>): number {
  return record.eventsPurged ?? 0;
}

/** How many events the stack has had in all, purged ones included: the number its next event gets. */
export function eventCount(record: Pick<StackRecord, 'events' | 'eventsPurged'>): number {
  return firstEventNumber(record) + record.events.length;
}
