import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { deserializeRecord, type StackRecord, serializeRecord } from './record.js';

/**
 * The embedded state store: one JSON file per stack, `<dir>/<stack>.json`, in `$HEATSTACK_STATE_DIR` or else
 * `~/.heatstack/stacks/`. Each write goes to a temporary file that is fsynced and renamed over the old one, so a
 * crash leaves either the previous record or the new one, never half of one.
 */
export class StateStore {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? defaultStateDir();
  }

  fileOf(stack: string): string {
    return join(this.dir, `${stack}.json`);
  }

  async load(stack: string): Promise<StackRecord | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(stack), 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      return deserializeRecord(text);
    } catch (err) {
      throw new HeatstackError(
        `the state file ${this.fileOf(stack)} is not valid JSON (${(err as Error).message}); move it away and run \`heatstack destroy --stack ${stack}\` to remove what Docker still holds`,
      );
    }
  }

  async save(record: StackRecord): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.fileOf(record.name);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(serializeRecord(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  }

  async remove(stack: string): Promise<void> {
    await fs.rm(this.fileOf(stack), { force: true });
  }

  /** Every recorded stack, by name. A file that cannot be read is skipped rather than hiding the others. */
  async list(): Promise<StackRecord[]> {
    return (await this.scan()).flatMap((e) => ('record' in e ? [e.record] : []));
  }

  /** Every stack file, by name: its record, or why it cannot be read (so `ls` can show it rather than hide it). */
  async scan(): Promise<StackFile[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const files: StackFile[] = [];
    for (const file of names.filter((n) => n.endsWith('.json')).sort()) {
      const name = file.slice(0, -'.json'.length);
      try {
        const record = await this.load(name);
        if (record) files.push({ name, record });
      } catch (err) {
        files.push({ name, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return files;
  }
}

export type StackFile =
  | { readonly name: string; readonly record: StackRecord }
  | { readonly name: string; readonly error: string };

export function defaultStateDir(): string {
  return process.env.HEATSTACK_STATE_DIR || join(homedir(), '.heatstack', 'stacks');
}

/**
 * Keeps one stack's record on disk as it changes. `persist()` resolves once a write that includes every change made
 * before the call is on disk; changes made while a write is under way are coalesced into the next one, so a burst
 * of parallel transitions costs two writes, not one per transition.
 */
export class RecordJournal {
  private writing: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly store: StateStore,
    readonly record: StackRecord,
  ) {}

  private timer: NodeJS.Timeout | undefined;

  /**
   * Writes within `delayMs`, coalescing every change until then: a run's many transitions cost a few writes a second,
   * however large the record. `persist()` (at the end of a run) cancels a pending one and writes at once.
   */
  persistSoon(delayMs: number, onError: (err: unknown) => void): void {
    if (this.timer !== undefined || this.next !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.persist().catch(onError);
    }, delayMs);
  }

  persist(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.next) return this.next;
    if (!this.writing) {
      this.writing = this.write();
      return this.writing;
    }
    const after = this.writing;
    const again = (): Promise<void> => {
      this.next = undefined;
      this.writing = this.write();
      return this.writing;
    };
    this.next = after.then(again, again);
    return this.next;
  }

  private async write(): Promise<void> {
    try {
      await this.store.save(this.record);
    } finally {
      this.writing = undefined;
    }
  }
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
