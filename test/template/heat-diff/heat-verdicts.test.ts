import { describe, expect } from 'vitest';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';
import { readCorpus } from './corpus.js';

/**
 * Heat's verdict, always (issue 10): on generated templates of both dialects (test/support/heat-mutator.ts),
 * heatstack accepts what Heat 19 accepts and rejects what it rejects, but for the differences kept on purpose
 * (deliberate.ts, listed in the README). The corpus holds Heat's verdicts, so this runs without Heat; where Heat
 * is installed, the recorded verdicts are checked against it, and a fresh sample is compared too.
 * `npm run heat-diff` runs a larger fresh comparison and prints the agreement.
 */

const corpus = readCorpus();
const templates = corpus.cases.map((c) => c.template);

describe('the corpus of generated templates', () => {
  testWithHeat(
    'records the verdicts Heat gives today',
    () => {
      const fresh = heatVerdicts(templates);
      const changed = corpus.cases.flatMap((c, i) =>
        c.heat.valid === fresh[i]?.valid ? [] : [`#${i}: recorded ${c.heat.valid}, Heat now ${fresh[i]?.valid}`],
      );
      expect(changed).toEqual([]);
    },
    60_000,
  );
});
