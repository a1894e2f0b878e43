import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import {
  eventCount,
  firstEventNumber,
  type StackEvent,
  type StackRecord,
  type StateStore,
  type UnreadableSummary,
} from './engine.js';
import { type StackView, stackSummary } from './views.js';

/**
 * What the open pages are told, as it happens: a stack's summary when it changes, each new event, a stack gone.
 * Two sources feed it. Runs the dashboard starts call `runEvent` from the engine's listener, at once. Runs of any
 * other process (`heatstack deploy` in a terminal) are seen through the state directory: the engine writes a
 * stack's record as it goes (at most 100 ms after a transition), and the directory is watched for those writes.
 * Events are numbered (their place in the record, counting the purged ones: `event-log.ts`), so one seen both ways is
 * sent once. The hub also keeps every
 * stack's summary, so the stack list is answered without reading a hundred files (a look at their times every few
 * seconds catches a change the watcher might have missed).
 */

export type LiveMessage =
  | { readonly type: 'stack'; readonly stack: StackView | UnreadableSummary }
  | { readonly type: 'event'; readonly stack: string; readonly index: number; readonly event: StackEvent }
  | { readonly type: 'progress'; readonly stack: string; readonly resource: string; readonly message: string }
  | { readonly type: 'removed'; readonly stack: string };

type Subscriber = (message: LiveMessage) => void;

/** What was last told about a stack: which one (its id), its summary, and how many of its events. */
interface Told {
  id: string;
  view?: StackView | UnreadableSummary;
  summary: string;
  events: number;
  /** The file's modification time when it was last read. */
  mtimeMs: number;
}

/** How long a burst of writes to one stack file is let settle before it is read (the rename of a write is one). */
const SETTLE_MS = 10;
/** How often the state files' times are looked at, for changes the watcher missed. */
const RESYNC_MS = 5000;

export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly told = new Map<string, Told>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: FSWatcher | undefined;
  private resync: NodeJS.Timeout | undefined;

  constructor(private readonly store: StateStore) {}

  /** Starts watching the state directory (created if missing, as the first deploy would) after noting what is there. */
  async start(): Promise<void> {
    await mkdir(this.store.dir, { recursive: true });
    await this.lookForChanges();
    this.watcher = watch(this.store.dir, (_kind, file) => {
      const name = typeof file === 'string' ? stackOfFile(file) : undefined;
      if (name !== undefined) this.reloadSoon(name);
    });
    this.watcher.on('error', () => undefined);
    this.resync = setInterval(() => void this.lookForChanges().catch(() => undefined), RESYNC_MS);
    this.resync.unref();
  }

  /** Every stack's summary (a file that cannot be read as `UNREADABLE`), by name. */
  list(): (StackView | UnreadableSummary)[] {
    return [...this.told.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, t]) => (t.view ? [t.view] : []));
  }

  /** Reads the files that appeared, changed or went since they were last read. */
  private async lookForChanges(): Promise<void> {
    const names = new Set((await readdir(this.store.dir)).flatMap((f) => stackOfFile(f) ?? []));
    for (const name of this.told.keys()) if (!names.has(name)) await this.reload(name);
    for (const name of names) {
      const mtimeMs = await stat(this.store.fileOf(name)).then(
        (s) => s.mtimeMs,
        () => -1,
      );
      if (mtimeMs !== this.told.get(name)?.mtimeMs) await this.reload(name);
    }
  }

  close(): void {
    this.watcher?.close();
    clearInterval(this.resync);
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
    this.tellEvents(record, told);
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
    const mtimeMs = await stat(this.store.fileOf(name)).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    let record: StackRecord | undefined;
    try {
      record = await this.store.load(name);
    } catch (err) {
      const told = this.toldOf(name);
      told.mtimeMs = mtimeMs;
      this.tell(told, { name, status: 'UNREADABLE', statusReason: err instanceof Error ? err.message : String(err) });
      return;
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
    } else if (eventCount(record) < told.events) {
      // The file lags behind what a run of this process has told already (its writes are coalesced).
      return;
    }
    told.mtimeMs = mtimeMs;
    this.tellEvents(record, told);
    if (final) told.summary = '';
    this.tellSummary(record, told);
  }

  /** Publishes the events not told yet, each under its number (`event-log.ts`: purged ones keep theirs). */
  private tellEvents(record: StackRecord, told: Told): void {
    const first = firstEventNumber(record);
    for (let n = Math.max(told.events, first); n < eventCount(record); n++)
      this.publish({ type: 'event', stack: record.name, index: n, event: record.events[n - first] as StackEvent });
    told.events = Math.max(told.events, eventCount(record));
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

  private toldOf(name: string): Told {
    let told = this.told.get(name);
    if (told === undefined) {
      told = { id: '', summary: '', events: 0, mtimeMs: -1 };
      this.told.set(name, told);
    }
    return told;
  }

  private tellSummary(record: StackRecord, told: Told): void {
    this.tell(told, stackSummary(record));
  }

  private tell(told: Told, view: StackView | UnreadableSummary): void {
    told.view = view;
    const text = JSON.stringify(view);
    if (text === told.summary) return;
    told.summary = text;
    this.publish({ type: 'stack', stack: view });
  }

  private publish(message: LiveMessage): void {
    for (const s of this.subscribers) s(message);
  }
}

/** `blog.json` → `blog`; any other file of the directory (a lock, a temporary file) → undefined. */
function stackOfFile(file: string): string | undefined {
  return /^(.+)\.json$/.exec(file)?.[1];
}
