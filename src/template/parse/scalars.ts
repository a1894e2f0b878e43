import { ExactNumber } from '../exact-number.js';

/**
 * What a plain (unquoted) YAML scalar means to Heat, which reads YAML with PyYAML's SafeLoader (YAML 1.1) —
 * except that Heat's loader keeps timestamps (`2013-05-23`) as the strings they were written as.
 * So `yes`/`no`/`on`/`off` are booleans, `0x1F`, `017`, `1_000` and `1:20` are integers, `1e3` is a string
 * (a YAML 1.1 float needs a dot) and `.inf` is a float.
 */

export type ScalarValue = string | number | boolean | null | ExactNumber;

const NULL = /^(?:~|null|Null|NULL|)$/;
const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The value PyYAML gives a plain scalar. */
export function resolvePlain(text: string): ScalarValue {
  const c = text.charCodeAt(0);
  // Only these first characters can start a non-string (PyYAML's resolvers are keyed by first character).
  const maybeSpecial =
    text === '' ||
    (c >= 48 && c <= 57) || // 0-9
    c === 45 || // -
    c === 43 || // +
    c === 46 || // .
    c === 126 || // ~
    'nNyYtTfFoO'.includes(text[0] as string);
  if (!maybeSpecial) return text;
  if (NULL.test(text)) return null;
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  if (FLOAT.test(text)) return parseYaml11Float(text);
  if (INT.test(text)) return parseYaml11Int(text);
  return text;
}

function sexagesimal(digits: string): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + Number(part);
  return value;
}

/**
 * An integer's value; `+ 0` because `-00` is the integer 0, not the float `-0.0` JavaScript's `-0` stands for. One
 * beyond 2^53 is read again exactly (Python's integers are).
 */
export function parseYaml11Int(text: string): number | ExactNumber {
  const value = yaml11IntValue(text) + 0;
  return Number.isSafeInteger(value) ? value : ExactNumber.bigInteger(yaml11BigInt(text));
}

function yaml11BigInt(text: string): bigint {
  let s = text.replaceAll('_', '');
  const sign = s[0] === '-' ? -1n : 1n;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  if (s.startsWith('0b') || s.startsWith('0x')) return sign * BigInt(s);
  if (s.startsWith('0')) return sign * BigInt(`0o${s.slice(1)}`);
  if (!s.includes(':')) return sign * BigInt(s);
  let value = 0n;
  for (const part of s.split(':')) value = value * 60n + BigInt(part);
  return sign * value;
}

function yaml11IntValue(text: string): number {
  let s = text.replaceAll('_', '');
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * Number.parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * Number.parseInt(s.slice(2), 16);
  if (s.startsWith('0')) return sign * Number.parseInt(s, 8);
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s);
}

/** A float's value; a whole one (`1.0`, `1.0e+20`) keeps its Python text (`exact-number.ts`). */
export function parseYaml11Float(text: string): number | ExactNumber {
  return ExactNumber.float(yaml11FloatValue(text));
}

function yaml11FloatValue(text: string): number {
  let s = text.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (s === '.nan') return Number.NaN;
  if (s.includes(':')) {
    const [whole, fraction] = s.split('.') as [string, string];
    return sign * (sexagesimal(whole) + Number(`0.${fraction || '0'}`));
  }
  return sign * Number(s);
}

/** PyYAML's `!!bool` etc. on an explicitly tagged scalar; `undefined` when the text does not fit the tag. */
export function resolveTagged(tag: string, text: string): ScalarValue | undefined {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
    case 'tag:yaml.org,2002:timestamp':
      return text;
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:bool':
      return BOOL_TRUE.test(text) ? true : BOOL_FALSE.test(text) ? false : undefined;
    case 'tag:yaml.org,2002:int':
      return INT.test(text) ? parseYaml11Int(text) : undefined;
    case 'tag:yaml.org,2002:float':
      return FLOAT.test(text) || INT.test(text) ? parseYaml11Float(text) : undefined;
    default:
      return undefined;
  }
}

/**
 * A map key as PyYAML's dict tells keys apart: a plain key that reads as a number, boolean or null by its value
 * (`1`, `1.0` and `true` are one key, Python's `True == 1`), any other by its text. Two keys with one identity
 * collide: the dict keeps the first key and the last value.
 */
export function keyIdentity(text: string, plain: boolean): string {
  if (!plain) return `s:${text}`;
  const value = resolvePlain(text);
  if (typeof value === 'string') return `s:${value}`;
  if (value === null) return 'null';
  if (typeof value === 'number' && Number.isNaN(value)) return `nan:${text}`; // NaN equals nothing, itself included
  if (value instanceof ExactNumber && !value.isFloat) return `n:${value.text}`; // exact: 2**60 + 1 is not 2**60
  return `n:${Number(value)}`;
}
