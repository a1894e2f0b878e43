/**
 * `--watch` of `synth`, `deploy` and `diff`: runs the verb once, then again each time the app file or a user file
 * it imported is saved, in this process (each run loads the app afresh: `src/synth/loader/index.ts`). Saves close
 * together are one run (debounced); a save during a run starts one more run after it; a save that leaves every
 * file as it was is no run. A run that fails is printed as the command prints it, and the loop waits for the next
 * save: nothing the failed run did not reach is touched (deploy reads, synthesizes and validates before it
 * touches the stack). Ctrl-C ends the loop once the run under way ends (a deploy rolls back, as without
 * `--watch`). Files are watched through their folders (`watch-folders.ts`), so an atomic save is seen as any other.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { HeatstackError, UsageError } from '../errors.js';
import { onUserFileLoaded } from '../synth/loader/index.js';
import { showLines } from '../terminal-text.js';
import { WatchTypeCheck } from './type-check.js';
import { watchFolders } from './watch-folders.js';

/** One run of the verb: its exit code (it prints its own output and errors, or throws as a run without --watch). */
export type WatchRun = () => Promise<number>;

export interface WatchOptions {
  /** Quiet time after a save before the run starts, in ms (saves within it are one run). */
  readonly debounceMs?: number;
  /** Told when the loop waits for a save after a run (the tests' cue to edit). */
  readonly onIdle?: (run: number) => void;
}

const DEBOUNCE_MS = 150;

/**
 * Runs `run`, then again on each save of `app` or the user files it loaded, until Ctrl-C (SIGINT); gives 0 then
 * (each run's own exit code is shown, not returned).
 */
export async function watchApp(verb: string, app: string, run: WatchRun, options: WatchOptions = {}): Promise<number> {
  const watched = new Set<string>([resolve(app)]);
  const contents = new Map<string, string>();
  const watcher = watchFolders(
    (file) => saved(file),
    (error) => process.stderr.write(`heatstack: watching files: ${String(error)}\n`),
  );
  watcher.add(resolve(app));
  const types = new WatchTypeCheck(resolve(app));
  const stopLoading = onUserFileLoaded((file) => {
    if (watched.has(file)) return;
    watched.add(file);
    isNewContent(file, contents);
    watcher.add(file);
  });
  let runs = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let changed = new Set<string>();
  // Files an event named since the last run: whether their text changed is read when the quiet time is over, not
  // at the event (a save truncates the file, then writes it: read in between, it would look changed twice).
  let touched = new Set<string>();

  const once = async (): Promise<void> => {
    runs++;
    const files = [...changed].map((f) => relative(process.cwd(), f)).join(', ');
    changed = new Set();
    const started = process.hrtime.bigint();
    const code = await reported(() => types.runIfTypesCheck(run));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write(
      `heatstack: ${verb} run ${runs}${files ? ` (${files} changed)` : ''}: ${code === 0 ? 'done' : `exit ${code}`} in ${ms.toFixed(0)} ms; watching ${watched.size} file${watched.size === 1 ? '' : 's'} (Ctrl-C to stop)\n`,
    );
  };
  const cycle = async (): Promise<void> => {
    do {
      again = false;
      await once();
    } while (again && !stopping);
    running = undefined;
    if (!stopping) options.onIdle?.(runs);
  };
  const start = (): void => {
    timer = undefined;
    if (stopping) return;
    for (const file of touched) if (isNewContent(file, contents)) changed.add(file);
    touched = new Set();
    if (changed.size === 0) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = cycle();
  };

  function saved(file: string): void {
    if (!watched.has(file)) return;
    touched.add(file);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(start, options.debounceMs ?? DEBOUNCE_MS);
  }
  for (const file of watched) isNewContent(file, contents);
  running = cycle();

  await new Promise<void>((stop) => process.once('SIGINT', () => stop()));
  stopping = true;
  if (timer !== undefined) clearTimeout(timer);
  await running;
  stopLoading();
  watcher.close();
  process.stderr.write(`heatstack: ${verb} --watch stopped\n`);
  return 0;
}

/** Whether a file's text differs from what was last seen (remembering it): a save of the same text is no change. */
function isNewContent(file: string, seen: Map<string, string>): boolean {
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    hash = 'missing';
  }
  if (seen.get(file) === hash) return false;
  seen.set(file, hash);
  return true;
}

/** Runs `run`, printing what it throws as `bin/heatstack.js` prints it, as its exit code. */
async function reported(run: WatchRun): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof HeatstackError) {
      process.stderr.write(`heatstack: ${showLines(err.message, '')}\n`);
      return err instanceof UsageError ? 2 : 1;
    }
    process.stderr.write(`heatstack: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
}
