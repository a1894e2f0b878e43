import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { pyNumberText } from '../../../src/template/evaluate/python.js';
import { integerText, isExactNumber } from '../../../src/template/exact-number.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { readTemplateText } from '../../../src/template/parse/reader.js';
import { HEAT_PYTHON, testWithHeat } from '../../support/heat.js';

/**
 * Public Heat templates (issue 10): every template Debian's python3-heat ships in its tests — files and the templates
 * embedded in its test modules, some 640 — read by heatstack to the same values Heat's own parser gives, and the
 * ones Heat refuses refused too.
 */

interface Shipped {
  readonly source: string;
  readonly text: string;
  readonly parsed?: unknown;
  readonly error?: string;
}

/**
 * JSON of a value read, with a float and an integer beyond 2^53 tagged by its Python text as the script tags Heat's
 * (`{"$float": "1.0"}`, `{"$int": "…"}`): `1.0` read as the integer `1` is a difference.
 */
function taggedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const read = this[key];
    if (isExactNumber(read)) return read.isFloat ? { $float: read.text } : { $int: read.text };
    if (typeof read !== 'number') return v;
    if (!Number.isInteger(read) || Object.is(read, -0)) return { $float: pyNumberText(read) };
    return Number.isSafeInteger(read) ? read : { $int: integerText(read) };
  });
}

const SCRIPT = new URL('../../support/heat_public_templates.py', import.meta.url).pathname;

testWithHeat(
  "every template shipped with Heat reads to the values Heat's parser gives",
  () => {
    const run = spawnSync(HEAT_PYTHON, [SCRIPT], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const shipped = JSON.parse(run.stdout) as Shipped[];
    expect(shipped.length).toBeGreaterThan(500);
    const differ = shipped.flatMap((s) => {
      const read = readTemplateText(s.text);
      const refused = parseTemplate(s.text).diagnostics.some((d) => d.severity === 'error');
      if (s.parsed === undefined)
        return refused ? [] : [`${s.source}: Heat refuses it (${s.error}), heatstack reads it`];
      if (read.value === undefined) return [`${s.source}: heatstack cannot read it`];
      return taggedJson(read.value) === JSON.stringify(s.parsed) ? [] : [`${s.source}: read differently`];
    });
    expect(differ).toEqual([]);
  },
  120_000,
);
