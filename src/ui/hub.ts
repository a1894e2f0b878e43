import { type FSWatcher, watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { StackEvent, StackRecord, StateStore } from './engine.js';
import { type StackView, stackSummary } from './views.js';

/**
 * What the open pages are told, as it happens: a stack's summary when it changes, each new event, a stack gone.
 * Two sources feed it. Runs the dashboard starts call `runEvent` from the engine's listener, at once. Runs of any
 * other process (`heatstack deploy` in a terminal) are seen through the state directory: the engine writes a
 * stack's record as it goes (at most 100 ms after a transition), and the directory is watched for those writes.
 * Events are numbered by their place in the record, so one seen both ways is sent once.
 */

export type LiveMessage =
  | { readonly type: 'stack'; readonly stack: StackView }
  | { readonly type: 'event'; readonly stack: string; readonly index: number; readonly event: StackEvent }
  | { readonly type: 'progress'; readonly stack: string; readonly resource: string; readonly message: string }
  | { readonly type: 'removed'; readonly stack: string };

type Subscriber = (message: LiveMessage) => void;

/** What was last told about a stack: which one (its id), its summary's text and how many of its events. */
interface Told {
  id: string;
  summary: string;
  events: number;
}

/** How long a burst of writes to one stack file is let settle before it is read (the rename of a write is one). */
const SETTLE_MS = 10;

export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly told = new Map<string, Told>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: FSWatcher | undefined;

  constructor(private readonly store: StateStore) {}

  /** Starts watching the state directory (created if missing, as the first deploy would) after noting what is there. */
  async start(): Promise<void> {
    await mkdir(this.store.dir, { recursive: true });
    for (const record of await this.store.list()) this.remember(record);
    this.watcher = watch(this.store.dir, (_kind, file) => {
      const name = typeof file === 'string' ? /^(.+)\.json$/.exec(file)?.[1] : undefined;
      if (name !== undefined) this.reloadSoon(name);
    });
    this.watcher.on('error', () => undefined);
  }

  close(): void {
    this.watcher?.close();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.subscribers.clear();
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** An event of a run this process started, as the engine emits it (the record holds it already). */
  runEvent(_event: StackEvent, record: StackRecord): void {
    const told = this.toldOf(record.name);
    if (told.id !== record.id) {
      told.id = record.id;
      told.events = 0;
    }
    const index = record.events.length - 1;
    if (index >= told.events) {
      for (let i = told.events; i <= index; i++)
        this.publish({ type: 'event', stack: record.name, index: i, event: record.events[i] as StackEvent });
      told.events = index + 1;
    }
    this.tellSummary(record, told);
  }

  runProgress(stack: string, resource: string, message: string): void {
    this.publish({ type: 'progress', stack, resource, message });
  }

  /**
   * Reads a stack's file again now (when its file changed, or after a run of this process ended: `final`, which
   * tells the stack's summary even if unchanged, so a page that read the file while it lagged reads it again).
   */
  async reload(name: string, final = false): Promise<void> {
    let record: StackRecord | undefined;
    try {
      record = await this.store.load(name);
    } catch {
      return; // damaged or half-visible: the next write tells again, and the list shows it as unreadable
    }
    if (record === undefined) {
      if (this.told.delete(name)) this.publish({ type: 'removed', stack: name });
      return;
    }
    const told = this.toldOf(name);
    if (told.id !== record.id) {
      // Destroyed and made again under its name (or never told): its events start again.
      told.id = record.id;
      told.events = 0;
    } else if (record.events.length < told.events) {
      // The file lags behind what a run of this process has told already (its writes are coalesced).
      return;
    }
    for (let i = told.events; i < record.events.length; i++)
      this.publish({ type: 'event', stack: name, index: i, event: record.events[i] as StackEvent });
    told.events = record.events.length;
    if (final) told.summary = '';
    this.tellSummary(record, told);
  }

  private reloadSoon(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        void this.reload(name);
      }, SETTLE_MS),
    );
  }

  private remember(record: StackRecord): void {
    this.told.set(record.name, {
      id: record.id,
      summary: JSON.stringify(stackSummary(record)),
      events: record.events.length,
    });
  }

  private toldOf(name: string): Told {
    let told = this.told.get(name);
    if (told === undefined) {
      told = { id: '', summary: '', events: 0 };
      this.told.set(name, told);
    }
    return told;
  }

  private tellSummary(record: StackRecord, told: Told): void {
    const stack = stackSummary(record);
    const text = JSON.stringify(stack);
    if (text === told.summary) return;
    told.summary = text;
    this.publish({ type: 'stack', stack });
  }

  private publish(message: LiveMessage): void {
    for (const s of this.subscribers) s(message);
  }
}
