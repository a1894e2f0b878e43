/**
 * Matchers for `Template` assertions, in the spirit of the AWS CDK's `Match`. A pattern is a literal (compared
 * deeply; objects inside `objectLike` are themselves compared loosely, lists exactly) or a `Matcher`.
 */

/** One difference between a pattern and a value, at a path like `/Properties/Env/0`. */
export interface Mismatch {
  readonly path: string;
  readonly message: string;
}

export abstract class Matcher {
  /** The differences between the pattern and `actual`; none when it matches. */
  abstract test(actual: unknown, path: string): Mismatch[];
  /** How the matcher shows in messages. */
  abstract toString(): string;
}

export class Match {
  /** The object has at least these keys, matching (nested objects loosely too). */
  static objectLike(pattern: Readonly<Record<string, unknown>>): Matcher {
    return new LiteralMatcher(pattern, true);
  }

  /** Exactly this value: no extra keys at any depth. */
  static exact(pattern: unknown): Matcher {
    return new LiteralMatcher(pattern, false);
  }

  /** A list containing these items in this order, possibly with others between them. */
  static arrayWith(pattern: readonly unknown[]): Matcher {
    return new ArrayWithMatcher(pattern);
  }

  /** A string matching the regular expression. */
  static stringLikeRegexp(pattern: string | RegExp): Matcher {
    return new RegexpMatcher(typeof pattern === 'string' ? new RegExp(pattern) : pattern);
  }

  /** Any value that is present (not undefined). */
  static anyValue(): Matcher {
    return new AnyMatcher();
  }

  /** The key is absent. */
  static absent(): Matcher {
    return new AbsentMatcher();
  }

  private constructor() {}
}

/** Matches `actual` against a literal or matcher; objects are partial when `partialObjects`. */
export function matchValue(pattern: unknown, actual: unknown, path: string, partialObjects: boolean): Mismatch[] {
  if (pattern instanceof Matcher) return pattern.test(actual, path);
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return [mismatch(path, pattern, actual)];
    if (pattern.length !== actual.length) {
      return [
        { path, message: `expected a list of ${pattern.length} items but received ${actual.length}: ${show(actual)}` },
      ];
    }
    return pattern.flatMap((p, i) => matchValue(p, actual[i], `${path}/${i}`, partialObjects));
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
      return [mismatch(path, pattern, actual)];
    const out: Mismatch[] = [];
    const a = actual as Record<string, unknown>;
    for (const [key, p] of Object.entries(pattern)) {
      if (!(key in a) && !(p instanceof AbsentMatcher))
        out.push({ path: `${path}/${key}`, message: `missing key '${key}'` });
      else out.push(...matchValue(p, a[key], `${path}/${key}`, partialObjects));
    }
    if (!partialObjects) {
      for (const key of Object.keys(a))
        if (!(key in pattern)) out.push({ path: `${path}/${key}`, message: `unexpected key '${key}'` });
    }
    return out;
  }
  return pattern === actual ? [] : [mismatch(path, pattern, actual)];
}

class LiteralMatcher extends Matcher {
  constructor(
    private readonly pattern: unknown,
    private readonly partial: boolean,
  ) {
    super();
  }
  test(actual: unknown, path: string): Mismatch[] {
    return matchValue(this.pattern, actual, path, this.partial);
  }
  toString(): string {
    return `${this.partial ? 'objectLike' : 'exact'}(${show(this.pattern)})`;
  }
}

class ArrayWithMatcher extends Matcher {
  constructor(private readonly pattern: readonly unknown[]) {
    super();
  }
  test(actual: unknown, path: string): Mismatch[] {
    if (!Array.isArray(actual)) return [mismatch(path, this, actual)];
    let next = 0;
    for (const [i, p] of this.pattern.entries()) {
      while (next < actual.length && matchValue(p, actual[next], path, true).length > 0) next++;
      if (next === actual.length) {
        return [{ path, message: `no item matching ${show(p)} (pattern item ${i}, in order) in ${show(actual)}` }];
      }
      next++;
    }
    return [];
  }
  toString(): string {
    return `arrayWith(${show(this.pattern)})`;
  }
}

class RegexpMatcher extends Matcher {
  constructor(private readonly re: RegExp) {
    super();
  }
  test(actual: unknown, path: string): Mismatch[] {
    return typeof actual === 'string' && this.re.test(actual) ? [] : [mismatch(path, this, actual)];
  }
  toString(): string {
    return `stringLikeRegexp(${this.re})`;
  }
}

class AnyMatcher extends Matcher {
  test(actual: unknown, path: string): Mismatch[] {
    return actual === undefined ? [{ path, message: 'expected any value but it is absent' }] : [];
  }
  toString(): string {
    return 'anyValue()';
  }
}

class AbsentMatcher extends Matcher {
  test(actual: unknown, path: string): Mismatch[] {
    return actual === undefined ? [] : [{ path, message: `expected no value but received ${show(actual)}` }];
  }
  toString(): string {
    return 'absent()';
  }
}

function mismatch(path: string, expected: unknown, actual: unknown): Mismatch {
  return { path, message: `expected ${show(expected)} but received ${show(actual)}` };
}

/** A short one-line rendering of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = written(value);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** JSON, but a matcher at any depth as it is written (`arrayWith(["a"])`), not as a quoted string of that. */
function written(value: unknown): string {
  if (value instanceof Matcher) return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : written(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null && !('toJSON' in value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${written(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
