import { readFileSync } from 'node:fs';
import type { HeatVerdict } from '../../support/heat.js';

/** Generated cases with Heat 19's verdict on each, recorded so the test suite need not run Heat for all of them. */
export interface Corpus {
  readonly seed: number;
  readonly cases: readonly { readonly template: string; readonly heat: HeatVerdict }[];
}

export const CORPUS_FILE = new URL('../../fixtures/heat-verdicts/corpus.json', import.meta.url).pathname;

export function readCorpus(): Corpus {
  return JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as Corpus;
}

/** One case per line, so a regenerated corpus reviews as a diff of cases. */
export function corpusText(corpus: Corpus): string {
  const cases = corpus.cases.map((c) => JSON.stringify(c)).join(',\n');
  return `{"seed": ${corpus.seed}, "cases": [\n${cases}\n]}\n`;
}
