import { describe, expect, test } from 'vitest';
import { generateRandomString } from '../../../src/deploy/heat/random-string.js';
import { HeatstackError } from '../../../src/errors.js';

const DEFAULT = { length: 32, character_classes: [{ class: 'lettersdigits', min: 1 }] };

describe("a RandomString's value, generated as Heat's password_gen does", () => {
  test('has the length asked for, drawn from letters and digits by default', () => {
    const value = generateRandomString(DEFAULT, 'Resources.Pw');
    expect(value).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test('is new each time', () => {
    const values = new Set(Array.from({ length: 20 }, () => generateRandomString(DEFAULT, 'Resources.Pw')));
    expect(values.size).toBe(20);
  });

  test('holds at least each class’s and sequence’s minimum, and only their characters', () => {
    const props = {
      length: 12,
      character_classes: [
        { class: 'digits', min: 3 },
        { class: 'uppercase', min: 2 },
      ],
      character_sequences: [{ sequence: '!@', min: 4 }],
    };
    for (let i = 0; i < 50; i++) {
      const value = generateRandomString(props, 'Resources.Pw');
      expect(value).toHaveLength(12);
      expect(value).toMatch(/^[0-9A-Z!@]+$/);
      expect(value.replace(/[^0-9]/g, '').length).toBeGreaterThanOrEqual(3);
      expect(value.replace(/[^A-Z]/g, '').length).toBeGreaterThanOrEqual(2);
      expect(value.replace(/[^!@]/g, '').length).toBeGreaterThanOrEqual(4);
    }
  });

  test('takes the hidden `sequence` property as one class of min 1 (Heat’s translation)', () => {
    const value = generateRandomString({ length: 8, character_classes: [], sequence: 'octdigits' }, 'Resources.Pw');
    expect(value).toMatch(/^[0-7]{8}$/);
  });

  test('refuses minimums longer than the string, naming the resource', () => {
    const props = { length: 2, character_classes: [{ class: 'digits', min: 3 }] };
    expect(() => generateRandomString(props, 'Resources.Pw')).toThrow(HeatstackError);
    expect(() => generateRandomString(props, 'Resources.Pw')).toThrow(
      'Resources.Pw: Length property cannot be smaller than combined character class and character sequence minimums',
    );
  });
});
