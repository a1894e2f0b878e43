/**
 * Bookkeeping a handler keeps per daemon and stack: one shared promise per key (a network ensured once, forgotten if
 * it fails so the next call tries again), and how many operations are in flight (the stack's network goes when the
 * last one settles).
 */

/** The promise `make()` gave for `key`, made once; a rejected one is forgotten. */
export function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let done = cache.get(key);
  if (!done) {
    done = make();
    done.catch(() => cache.delete(key));
    cache.set(key, done);
  }
  return done;
}

/** Operations in flight per key. */
export class InFlight {
  private readonly counts = new Map<string, number>();

  begin(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Ends one; resolves to how many are left under the key. */
  end(key: string): number {
    const left = (this.counts.get(key) ?? 1) - 1;
    if (left === 0) this.counts.delete(key);
    else this.counts.set(key, left);
    return left;
  }
}
