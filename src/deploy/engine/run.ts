import { redactTexts, secretTexts } from '../../template/hidden-values.js';
import type { ExistingResource, ResourceData } from '../handler.js';
import { appendEvent } from '../state/event-log.js';
import type { ResourceRecord, StackRecord } from '../state/record.js';
import type { RecordJournal } from '../state/store.js';
import type { StackEvent, Status } from '../status.js';

/** How long a transition may wait to be written, at most, while a run goes on. */
const CHECKPOINT_DELAY_MS = 100;

/** Told of every transition as it happens, and of progress messages from long steps (an image pull). */
export interface EngineListener {
  onEvent?(event: StackEvent, record: StackRecord): void;
  onProgress?(resource: string, message: string): void;
  /** Told once when the run is interrupted (its `signal` aborts): what the run does about it, in a few words. */
  onInterrupt?(notice: string): void;
}

/**
 * One run's view of a stack record: every state change goes through `stack()`/`resource()`, which update the record,
 * append the event and tell the listener. Callers `persist()` before doing anything a crash must not lose.
 */
export class RunRecorder {
  constructor(
    readonly journal: RecordJournal,
    private readonly listener: EngineListener,
  ) {}

  /** The texts of the hidden values this run was given (`secretTexts`): masked in everything it records or reports. */
  hiddenValues: readonly string[] = [];

  /** `text` with every hidden value (and piece of one) and every resource's kept data masked. */
  redact(text: string): string {
    return redactTexts(text, [...this.hiddenValues, ...this.dataTexts()]);
  }

  /** Keeps a handler's data for a resource in the record (`ResourceData`), masked from now on. */
  keepData(rec: ResourceRecord, data: ResourceData): void {
    rec.data = { ...data };
    for (const value of Object.values(data))
      for (const text of secretTexts(value, { pieces: false })) this.data?.add(text);
  }

  private data?: Set<string>;

  /** The texts of every resource's kept data, read from the record once. */
  private dataTexts(): Set<string> {
    if (this.data === undefined) {
      this.data = new Set();
      for (const rec of Object.values(this.journal.record?.resources ?? {}))
        for (const value of Object.values(rec.data ?? {}))
          for (const text of secretTexts(value, { pieces: false })) this.data.add(text);
    }
    return this.data;
  }

  get record(): StackRecord {
    return this.journal.record;
  }

  stack(status: Status, unredacted: string): void {
    const reason = this.redact(unredacted);
    this.record.status = status;
    this.record.statusReason = reason;
    this.emit({ time: now(), status, reason });
  }

  resource(
    name: string,
    status: Status,
    unredacted: string,
    init?: Omit<ResourceRecord, 'status' | 'statusReason' | 'updatedAt'>,
  ): ResourceRecord {
    const reason = this.redact(unredacted);
    const time = now();
    let rec = this.record.resources[name];
    if (init !== undefined) {
      rec = { ...init, status, statusReason: reason, updatedAt: time };
      this.record.resources[name] = rec;
    } else if (rec === undefined) {
      throw new Error(`no record of resource '${name}'`);
    }
    rec.status = status;
    rec.statusReason = reason;
    rec.updatedAt = time;
    this.emit({ time, resource: name, type: rec.type, physicalId: rec.physicalId, status, reason });
    return rec;
  }

  /** An event about an object no resource records (a leftover being removed). */
  objectEvent(name: string, type: string, physicalId: string | undefined, status: Status, reason: string): void {
    this.emit({ time: now(), resource: name, type, physicalId, status, reason: this.redact(reason) });
  }

  /** Resolves once every change so far is on disk; throws if a write failed, a checkpoint's included. */
  async persist(): Promise<void> {
    this.record.updatedAt = now();
    await this.journal.persist();
    if (this.writeError !== undefined) throw this.writeError;
  }

  /**
   * Starts writing the record without waiting: transitions during a run are written as fast as the disk allows,
   * coalesced, and a run never waits on its own bookkeeping. (A killed run may lose its last few transitions; what
   * it created is still found by its labels.)
   */
  checkpoint(): void {
    this.record.updatedAt = now();
    this.journal.persistSoon(CHECKPOINT_DELAY_MS, (err: unknown) => {
      this.writeError ??= err;
    });
  }

  private writeError: unknown;

  progress(resource: string, message: string): void {
    this.listener.onProgress?.(resource, this.redact(message));
  }

  private emit(event: StackEvent): void {
    appendEvent(this.record, event);
    this.listener.onEvent?.(event, this.record);
  }
}

/** The handler's view of an object: which resource it is and how to find it. */
export function existing(
  stack: string,
  name: string,
  rec: Pick<ResourceRecord, 'type' | 'locator' | 'data' | 'fingerprint'>,
  physicalId: string,
): ExistingResource {
  const { type, locator: properties, data, fingerprint } = rec;
  return { stack, logicalId: name, type, physicalId, properties, data, ...(fingerprint ? { fingerprint } : {}) };
}

export function now(): string {
  return new Date().toISOString();
}

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
