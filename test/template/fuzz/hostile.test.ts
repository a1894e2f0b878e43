import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runCaseThroughCli } from './cli.js';
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

  test('8 cases through the CLI (validate, convert): exit 0 or 1, no stack trace, nothing printed raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heatstack-fuzz-cli-'));
    try {
      const cases = fc.sample(hostileCases(BIG), { numRuns: 8 });
      for (const [i, c] of cases.entries())
        expect({ kinds: c.kinds, problems: await runCaseThroughCli(c, dir, i) }).toEqual({
          kinds: c.kinds,
          problems: [],
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
