import type { Operation } from '../plan/plan.js';

export interface ExecuteOptions {
  /** At most this many operations run at once. */
  readonly concurrency: number;
  /**
   * After a failure, keep starting operations that do not wait (directly or not) for the failed one. A create stops
   * at the first failure, as Heat does; a delete goes on deleting what it can.
   */
  readonly continueAfterFailure?: boolean;
  /** Once aborted, no operation starts; those already running finish (their handler may abandon them early). */
  readonly signal?: AbortSignal;
  /**
   * Operations that are one short call (an in-place update of a container's limits): they run in a lane of their
   * own, at most `concurrency` of them at once, beside the others' `concurrency`.
   */
  readonly quick?: { readonly is: (op: Operation) => boolean; readonly concurrency: number };
}

export interface ExecuteResult {
  readonly completed: ReadonlySet<string>;
  readonly failed: ReadonlyMap<string, unknown>;
  /** Operations never started: they waited for a failed one, or the run stopped. */
  readonly notRun: readonly string[];
  /** The signal stopped the run before every operation had started. */
  readonly interrupted: boolean;
}

/**
 * Runs a plan's operations, each as soon as the operations it waits for have completed, at most `concurrency` at a
 * time (and at most `quick.concurrency` quick ones beside them), in plan order among those ready. It decides
 * nothing: what to do and in which order is the plan's.
 */
export function executePlan(
  operations: readonly Operation[],
  run: (op: Operation) => Promise<void>,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const index = new Map(operations.map((op, i) => [op.id, i]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const op of operations) {
    const deps = op.after.filter((d) => index.has(d));
    waiting.set(op.id, deps.length);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(op.id);
      else dependents.set(d, [op.id]);
    }
  }
  const lanes = [new Lane(index, options.concurrency), new Lane(index, options.quick?.concurrency ?? 1)];
  const laneOf = (id: string): Lane =>
    lanes[options.quick?.is(operations[index.get(id) as number] as Operation) ? 1 : 0] as Lane;
  for (const op of operations) if (waiting.get(op.id) === 0) laneOf(op.id).ready.push(op.id);
  const completed = new Set<string>();
  const failed = new Map<string, unknown>();
  let stopped = false;
  const halted = (): boolean => stopped || options.signal?.aborted === true;

  return new Promise((resolve) => {
    const finishIfIdle = (): void => {
      if (lanes.some((l) => l.running > 0 || (!halted() && l.ready.size > 0))) return;
      const notRun = operations.filter((op) => !completed.has(op.id) && !failed.has(op.id)).map((op) => op.id);
      const interrupted = options.signal?.aborted === true && notRun.length > 0;
      resolve({ completed, failed, notRun, interrupted });
    };
    const pump = (): void => {
      for (const lane of lanes) while (!halted() && lane.canStart()) start(lane, lane.ready.shift());
    };
    const start = (lane: Lane, id: string): void => {
      const op = operations[index.get(id) as number] as Operation;
      lane.running++;
      run(op)
        .then(
          () => {
            completed.add(id);
            for (const next of dependents.get(id) ?? []) {
              const left = (waiting.get(next) as number) - 1;
              waiting.set(next, left);
              if (left === 0) laneOf(next).ready.push(next);
            }
          },
          (err: unknown) => {
            failed.set(id, err);
            if (!options.continueAfterFailure) stopped = true;
          },
        )
        .finally(() => {
          lane.running--;
          pump();
          finishIfIdle();
        });
    };
    pump();
    finishIfIdle();
  });
}

/** Operations that share a bound: those ready to start, and how many run. */
class Lane {
  readonly ready: ReadyQueue;
  running = 0;
  private readonly limit: number;

  constructor(index: ReadonlyMap<string, number>, concurrency: number) {
    this.ready = new ReadyQueue(index);
    this.limit = Math.max(1, Math.floor(concurrency));
  }

  canStart(): boolean {
    return this.running < this.limit && this.ready.size > 0;
  }
}

/** Ready operations, taken in plan order (a binary heap on the plan index). */
class ReadyQueue {
  private readonly heap: string[] = [];
  constructor(private readonly index: ReadonlyMap<string, number>) {}

  get size(): number {
    return this.heap.length;
  }

  push(id: string): void {
    const h = this.heap;
    h.push(id);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.rank(h[parent] as string) <= this.rank(h[i] as string)) break;
      [h[parent], h[i]] = [h[i] as string, h[parent] as string];
      i = parent;
    }
  }

  shift(): string {
    const h = this.heap;
    const top = h[0] as string;
    const last = h.pop() as string;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < h.length && this.rank(h[l] as string) < this.rank(h[min] as string)) min = l;
        if (r < h.length && this.rank(h[r] as string) < this.rank(h[min] as string)) min = r;
        if (min === i) break;
        [h[min], h[i]] = [h[i] as string, h[min] as string];
        i = min;
      }
    }
    return top;
  }

  private rank(id: string): number {
    return this.index.get(id) as number;
  }
}
