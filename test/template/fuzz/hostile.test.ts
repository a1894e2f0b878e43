import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hostileCases, runCase } from './hostile.js';

/**
 * A CI-sized run of the hostile-template fuzzer (`npm run fuzz -- --cases N` runs it big): every case is answered —
 * with diagnostics or an error a person can act on — and none crashes or hangs.
 */

/** A tenth of the big run's huge values: the CI run stays quick on a loaded machine. */
const BIG = 0.1;

/** Only catches a hang: a case takes milliseconds (the big run's slowest, under load, well under a second). */
const HANG_BOUND_MS = 10_000;

describe('hostile templates', () => {
  test('300 cases through parse, validate, convert and evaluate: no crash, each answered', () => {
    fc.assert(
      fc.property(hostileCases(BIG), (c) => {
        const result = runCase(c);
        expect({ kinds: c.kinds, crash: result.crash }).toEqual({ kinds: c.kinds, crash: undefined });
        expect(result.ms).toBeLessThan(HANG_BOUND_MS);
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
