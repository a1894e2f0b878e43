/**
 * A fresh differential run against Heat 19 (issue 10): `npm run heat-diff -- [--cases N] [--seed S] [--write]`.
 * Mutates templates (test/support/heat-mutator.ts), asks Heat for its verdict on each (heat_verdict.py) and
 * heatstack for its own, and prints the agreement and every difference — those kept on purpose (deliberate.ts,
 * listed in the README) apart from the rest. `--write` stores the cases and Heat's verdicts as the corpus the
 * test suite checks (test/fixtures/heat-verdicts/corpus.json). Exit 0 when every difference is deliberate.
 */

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { heatUnavailable, heatVerdicts } from '../../support/heat.js';
import { differences } from '../../support/heat-diff.js';
import { mutatedTemplates } from '../../support/heat-mutator.js';
import { CORPUS_FILE, type Corpus, corpusText } from './corpus.js';
import { deliberate } from './deliberate.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    write: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const unavailable = heatUnavailable();
if (unavailable !== undefined) {
  console.error(`heat-diff: Heat is needed for a differential run: ${unavailable}`);
  process.exit(1);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const count = Number(values.cases);
const templates = mutatedTemplates(seed, count);
const heat = heatVerdicts(templates);
const diffs = differences(templates, heat);
const unexplained = diffs.filter((d) => deliberate(d) === undefined);
const percent = (n: number) => `${((100 * n) / count).toFixed(1)}%`;
console.log(`seed ${seed}: ${count} templates, Heat accepts ${heat.filter((v) => v.valid).length}`);
console.log(`agreement: ${percent(count - diffs.length)} (${count - diffs.length} of ${count})`);
console.log(`  counting deliberate differences as agreement: ${percent(count - unexplained.length)}`);
for (const d of diffs) {
  const why = deliberate(d);
  console.log(`\n#${d.index} ${why ? `deliberate: ${why.name}` : 'DIFFERENCE'}`);
  console.log(`  Heat:      ${d.heat.valid ? 'valid' : d.heat.error?.split('\n')[0]}`);
  console.log(`  heatstack: ${d.heatstack.valid ? 'valid' : d.heatstack.error}`);
  if (values.verbose || !why) console.log(d.template.replace(/^/gm, '    '));
}
if (values.write) {
  const corpus: Corpus = { seed, cases: templates.map((template, i) => ({ template, heat: heat[i]! })) };
  writeFileSync(CORPUS_FILE, corpusText(corpus));
  console.log(`\nwrote ${CORPUS_FILE}`);
}
process.exit(unexplained.length === 0 ? 0 : 1);
