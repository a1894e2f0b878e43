import { access } from 'node:fs/promises';
import {
  createDockerBackend,
  DEFAULT_CONCURRENCY,
  defaultTemplateServices,
  type EngineOptions,
  type RunResult,
  type StateStore,
} from './engine.js';
import type { LiveHub } from './hub.js';

/**
 * Runs the engine in this process for the page's actions. A run is answered as soon as it has started (its first
 * event: the stack is locked and its record written), or with the reason it could not start — the stack is busy
 * (`StackLockedError`, naming who holds it), the input is wrong, Docker cannot be reached — so the page either
 * watches it live or shows why. Each event goes to the open pages at once, and into the stack's record as any run's
 * does, so `heatstack events` shows it.
 */

export type EngineAction = (engine: EngineOptions) => Promise<RunResult>;

/** How a run answered: started (it goes on; the pages follow it live), or finished before its first event. */
export type RunStart = { readonly started: true } | { readonly started: false; readonly result: RunResult };

const RECORD_WAIT_MS = 5000;

async function recordWritten(store: StateStore, stack: string): Promise<void> {
  const deadline = Date.now() + RECORD_WAIT_MS;
  while (Date.now() < deadline) {
    if (
      await access(store.fileOf(stack)).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class Runner {
  private backend: EngineOptions['backend'] | undefined;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly store: StateStore,
    private readonly hub: LiveHub,
    private readonly engineOverrides: Partial<EngineOptions> = {},
  ) {}

  /** The engine as the CLI verbs have it, its events told to the pages. Docker's client loads on first use. */
  engine(): EngineOptions {
    this.backend ??= this.engineOverrides.backend ?? createDockerBackend();
    return {
      store: this.store,
      services: defaultTemplateServices(),
      concurrency: DEFAULT_CONCURRENCY,
      ...this.engineOverrides,
      backend: this.backend,
      onEvent: (event, record) => this.hub.runEvent(event, record),
      onProgress: () => undefined,
    };
  }

  /** Starts `action` on `stack`; resolves once it has started, rejects with why it could not. */
  start(stack: string, action: EngineAction): Promise<RunStart> {
    return new Promise((resolve, reject) => {
      let started = false;
      const base = this.engine();
      const engine: EngineOptions = {
        ...base,
        onEvent: (event, record) => {
          base.onEvent?.(event, record);
          if (!started) {
            started = true;
            // Answered once the record is on disk (the run writes it right after its first event), so the page
            // that follows the run finds the stack.
            void recordWritten(this.store, stack).then(() => resolve({ started: true }));
          }
        },
        onProgress: (resource, message) => this.hub.runProgress(stack, resource, message),
      };
      const run = action(engine).then(
        (result) => {
          if (!started) resolve({ started: false, result });
        },
        (err: unknown) => {
          if (!started) reject(err);
          else this.hub.runProgress(stack, '', `failed: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
      const tracked = run.finally(() => {
        this.running.delete(tracked);
        // The run's last write is on disk: tell the pages the final state even if the watcher is slow.
        return this.hub.reload(stack, true);
      });
      this.running.add(tracked);
    });
  }

  /** Waits for the runs under way (on shutdown: a run is never left half-done by closing the dashboard). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
