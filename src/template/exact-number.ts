/**
 * A number a JavaScript `number` cannot stand for as Python holds it: a float with no fractional part (`1.0`,
 * `1000.0` from `1e3`, `1e+20`) or an integer beyond 2^53. Heat reads templates with PyYAML and `json`, which tell
 * the float `1.0` from the integer `1` and keep integers exact; the difference shows wherever Heat makes text of a
 * value (`str_replace` of `1.0` gives `v=1.0`, `json.dumps` gives `{"f": 1.0}`).
 *
 * The model keeps every other number a `number`: an integral `number` is a Python `int`, a fractional one (and
 * `-0`, `inf`, `nan`, whose text tells them apart) a Python `float`. So an `ExactNumber` only appears where the
 * difference exists, and the fast paths (synth writes TypeScript numbers) never see one. Its `value` is the nearest
 * double, for arithmetic and for `==` (Python's `1 == 1.0`, so the deploy record's hashes, written from `toJSON`,
 * take a stored `1` and a parsed `1.0` as one value, as Heat's property comparison does).
 */

/**
 * Each number's text, kept off the object: a walker of the model that looks through maps for strings (names,
 * references) must never take a number's text for one; and not in a `#private` field, which would make the class
 * nominal in the published declarations, so that the ESM and CommonJS declarations of one package (a project may
 * see both) would no longer take each other's templates.
 */
const TEXTS = new WeakMap<ExactNumber, string>();

export class ExactNumber {
  private constructor(
    /** The nearest double: what arithmetic, comparisons and hashes use. */
    readonly value: number,
    text: string,
    /** A Python `float` (else an `int`). */
    readonly isFloat: boolean,
  ) {
    TEXTS.set(this, text);
  }

  /** Python's `repr`: `1.0`, `1e+20`, `123456789012345678901`. */
  get text(): string {
    return TEXTS.get(this) as string;
  }

  /** The float `value`: an `ExactNumber` where its Python text would be lost in a `number`, else the number. */
  static float(value: number): number | ExactNumber {
    if (!Number.isInteger(value) || Object.is(value, -0)) return value;
    return new ExactNumber(value, pythonFloatText(value), true);
  }

  /** The integer written in decimal `digits` (an optional sign, no underscores): see `bigInteger`. */
  static integer(digits: string): number | ExactNumber {
    const value = Number(digits) + 0;
    return Number.isSafeInteger(value) ? value : ExactNumber.bigInteger(BigInt(digits));
  }

  /**
   * An integer: a `number` wherever one holds it exactly (2^53 and 10^20 too: one model value for one Python value,
   * so a number synth wrote reads back as that number), else an `ExactNumber` keeping every digit. `+ 0`: the
   * integer `-0` is `0` (JavaScript's `-0` stands for the float).
   */
  static bigInteger(value: bigint): number | ExactNumber {
    const n = Number(value) + 0;
    return Number.isFinite(n) && BigInt(n) === value ? n : new ExactNumber(n, value.toString(), false);
  }

  /** JSON (hashes, records, `JSON.stringify`) sees the number: Python's `1 == 1.0`. */
  toJSON(): number {
    return this.value;
  }

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return this.text;
  }
}

export function isExactNumber(value: unknown): value is ExactNumber {
  return value instanceof ExactNumber;
}

/**
 * An integral `number`'s text as a Python `int`: its exact digits (beyond 2^53 JavaScript writes the shortest digits
 * that read back as the double, zero-padded — another integer — and from 1e21 on `1e+21`, which Python and YAML
 * read as a float).
 */
export function integerText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** An `ExactNumber` that is a Python `int` (beyond 2^53). */
export function isPythonInt(value: unknown): value is ExactNumber {
  return value instanceof ExactNumber && !value.isFloat;
}

/** An `ExactNumber` that is a Python `float` (with no fractional part). */
export function isPythonFloat(value: unknown): value is ExactNumber {
  return value instanceof ExactNumber && value.isFloat;
}

/** A list or map (or call) of the model: an object that is no `ExactNumber`, which is a scalar. */
export function isListOrMap(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !(value instanceof ExactNumber);
}

/** A number of the model, either kind, as a `number` (the nearest double). */
export function numberValue(value: number | ExactNumber): number {
  return typeof value === 'number' ? value : value.value;
}

/** A `number`, or an `ExactNumber`: a number of the model. */
export function isModelNumber(value: unknown): value is number | ExactNumber {
  return typeof value === 'number' || value instanceof ExactNumber;
}

/**
 * Python's `repr` of a float with no fractional part: digits and `.0` below 1e16, else the shortest digits in
 * exponent form with at least two exponent digits (`1e+16`, `1.5e+300`).
 */
function pythonFloatText(value: number): string {
  if (Math.abs(value) < 1e16) return `${value}.0`;
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A float's text as YAML 1.1 reads a float back (PyYAML needs a dot: `1e+20` alone is a string): `1.0e+20`. */
export function yamlFloatText(text: string): string {
  return text.includes('.') || !/e/.test(text) ? text : text.replace('e', '.0e');
}
