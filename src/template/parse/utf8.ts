/**
 * Template bytes → text. Heat reads bytes as UTF-8 and refuses the template at the first byte that is not
 * (PyYAML: `unacceptable character #x00ff: invalid start byte … position 48`); heatstack does the same rather
 * than replace it with U+FFFD, which would deploy a resource named `r��` for one named `r\xff\xfe`.
 */

import { isUtf8 } from 'node:buffer';

export interface InvalidUtf8 {
  /** The byte offset of the first byte that does not decode. */
  readonly offset: number;
  readonly byte: number;
  /** Python's reason: `invalid start byte`, `invalid continuation byte`, `unexpected end of data`. */
  readonly reason: string;
}

export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalid: InvalidUtf8 } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8') };
  return { invalid: firstInvalid(bytes) };
}

/** 1-based line and column (in characters) of a byte offset, counting only the valid bytes before it. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8');
  return { line, column: before.length + 1 };
}

export function invalidUtf8Message(e: InvalidUtf8): string {
  const hex = e.byte.toString(16).padStart(2, '0');
  return `Error parsing template: not UTF-8: byte 0x${hex} at byte offset ${e.offset} (${e.reason})`;
}

/** The first byte where a strict UTF-8 decoder (Python's) stops, with its reason. */
function firstInvalid(bytes: Uint8Array): InvalidUtf8 {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = sequenceLength(b);
    if (length === 0) return { offset: i, byte: b, reason: 'invalid start byte' };
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return { offset: i, byte: b, reason: 'unexpected end of data' };
      const c = bytes[i + k] as number;
      const [low, high] = k === 1 ? secondByteRange(b) : [0x80, 0xbf];
      if (c < low || c > high) return { offset: i, byte: b, reason: 'invalid continuation byte' };
    }
    i += length;
  }
  return { offset: bytes.length, byte: 0, reason: 'unexpected end of data' };
}

function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF. */
function secondByteRange(first: number): [number, number] {
  if (first === 0xe0) return [0xa0, 0xbf];
  if (first === 0xed) return [0x80, 0x9f];
  if (first === 0xf0) return [0x90, 0xbf];
  if (first === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
