import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { DamagedStateError, stateAccessError } from './errors.js';
import { deserializeRecord, RECORD_FORMAT, type StackRecord, serializeRecord } from './record.js';
import { recordShapeProblem } from './record-shape.js';

/**
 * The embedded state store: one JSON file per stack, `<dir>/<stack>.json`, in `$HEATSTACK_STATE_DIR` or else
 * `~/.heatstack/stacks/`. Each write goes to a temporary file that is fsynced and renamed over the old one, so a
 * crash leaves either the previous record or the new one, never half of one; a write that fails removes its
 * temporary file (one a killed run left behind is removed by the next run that locks the stack: `lock.ts`).
 * A record is checked on load: a file of another shape is a `DamagedStateError` naming its first bad field, and
 * a file-system failure a `StateAccessError` naming the path and what to do.
 */
export class StateStore {
  readonly dir: string;
  /**
   * The last record text found well formed, and for which stack: one run reads its record several times (the
   * input, the target, the deploy, its plan), and the shape check of a 50-container record costs ~3 ms of CPU each
   * time; the same text is the same verdict. Each load still parses its own copy (callers change what they load).
   */
  private wellFormed?: { readonly text: string; readonly stack: string };

  constructor(dir?: string) {
    this.dir = dir ?? defaultStateDir();
  }

  fileOf(stack: string): string {
    return join(this.dir, `${stack}.json`);
  }

  async load(stack: string): Promise<StackRecord | undefined> {
    const file = this.fileOf(stack);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw stateAccessError(err, this.dir, file);
    }
    const known = this.wellFormed;
    if (known !== undefined && known.text === text && known.stack === stack)
      return deserializeRecord(text) as StackRecord;
    const record = parseRecordFile(text, file, stack);
    this.wellFormed = { text, stack };
    return record;
  }

  /** For `destroy`: the record, or the damage that keeps it from being read (Docker's labels still tell what to remove). */
  async loadOrDamage(stack: string): Promise<{ record?: StackRecord; damage?: DamagedStateError }> {
    try {
      return { record: await this.load(stack) };
    } catch (err) {
      if (err instanceof DamagedStateError) return { damage: err };
      throw err;
    }
  }

  async save(record: StackRecord): Promise<void> {
    const file = this.fileOf(record.name);
    const tmp = temporaryFileOf(file);
    try {
      await fs.mkdir(this.dir, { recursive: true });
      const handle = await fs.open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(serializeRecord(record));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw stateAccessError(err, this.dir);
    }
  }

  async remove(stack: string): Promise<void> {
    await fs.rm(this.fileOf(stack), { force: true }).catch((err: unknown) => {
      throw stateAccessError(err, this.dir);
    });
  }

  /**
   * Moves a damaged state file out of the way (`<stack>.json.<time>.damaged`, which no verb reads), for `destroy`
   * to end with a stack that no longer exists while keeping the file for whoever wants to look at it.
   */
  async setAside(stack: string): Promise<string> {
    const file = this.fileOf(stack);
    const aside = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.damaged`;
    await fs.rename(file, aside).catch((err: unknown) => {
      throw stateAccessError(err, this.dir);
    });
    return aside;
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
      throw stateAccessError(err, this.dir);
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

/** A stack's record from its file's text, or why the file does not hold one heatstack can use. */
function parseRecordFile(text: string, file: string, stack: string): StackRecord {
  let value: unknown;
  try {
    value = deserializeRecord(text);
  } catch (err) {
    throw new DamagedStateError(file, stack, `is not valid JSON (${(err as Error).message})`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > RECORD_FORMAT) {
    throw new HeatstackError(
      `the state file ${file} was written by a newer heatstack (record format ${format}; this one reads format ` +
        `${RECORD_FORMAT}): use that newer heatstack for stack '${stack}'; nothing was changed`,
    );
  }
  const problem = recordShapeProblem(value, stack);
  if (problem !== undefined) throw new DamagedStateError(file, stack, `does not hold a stack record (${problem})`);
  return value as StackRecord;
}

/** A private name beside `file` for a write that is renamed into place: `<file>.<pid>.<hex>.tmp`. */
export function temporaryFileOf(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
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
