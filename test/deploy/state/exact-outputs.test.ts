import { describe, expect, test } from 'vitest';
import { formatOutputs } from '../../../src/cli/format.js';
import { emptyRecord } from '../../../src/deploy/engine/stack-record.js';
import { deserializeRecord, type StackRecord, serializeRecord } from '../../../src/deploy/state/record.js';
import { ExactNumber } from '../../../src/template/exact-number.js';
import { redactStrings } from '../../../src/template/hidden-values.js';

/**
 * An output whose value is a whole float or a long integer (`src/template/exact-number.ts`) is stored and shown as
 * Heat shows it: `1.0`, every digit of `123456789012345678901` — not `1`, nor the nearest double.
 */

const exactOutputs = (): StackRecord => ({
  ...emptyRecord('s', 'id'),
  outputs: {
    a: { value: ExactNumber.float(1) },
    c: { value: [ExactNumber.float(1e20), ExactNumber.integer('123456789012345678901'), 2, 1.5] },
  },
});

describe('outputs holding numbers a double cannot stand for', () => {
  test('the record keeps them through its text', () => {
    const text = serializeRecord(exactOutputs());
    expect(text).toContain('"value":1.0');
    expect(text).toContain('[1e+20,123456789012345678901,2,1.5]');
    const back = deserializeRecord(text) as StackRecord;
    expect(back.outputs).toEqual(exactOutputs().outputs);
    expect(String((back.outputs.c!.value as unknown[])[1])).toBe('123456789012345678901');
  });

  test('they are shown as Python writes them', () => {
    expect(formatOutputs(exactOutputs().outputs)).toBe('a = 1.0\nc = [1e+20,123456789012345678901,2,1.5]');
  });

  test('masking hidden texts keeps them numbers', () => {
    expect(redactStrings([ExactNumber.float(1)], ['hunter22'])).toEqual([ExactNumber.float(1)]);
    expect(redactStrings([ExactNumber.float(12345)], ['12345.0'])).toEqual(['******']);
  });
});
