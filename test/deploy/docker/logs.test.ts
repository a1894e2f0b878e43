import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeLogs, firstLine, LogDecoder, lastLine } from '../../../src/deploy/docker/logs.js';

/** One frame of Docker's multiplexed log stream. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('Docker log output', () => {
  test('without a TTY is decoded from its 8-byte frame headers, stdout and stderr in order', () => {
    const raw = Buffer.concat([frame(1, 'password\n'), frame(2, 'warning\n'), frame(1, 'ready\n')]);
    expect(decodeLogs(raw, false)).toBe('password\nwarning\nready\n');
  });

  test('keeps which stream each piece of output came from', () => {
    const decoder = new LogDecoder(false);
    const raw = Buffer.concat([frame(2, 'notice '), frame(2, 'on stderr\n'), frame(1, 'secret\n')]);
    expect(decoder.pushStreams(raw)).toEqual([
      { stream: 2, text: 'notice on stderr\n' },
      { stream: 1, text: 'secret\n' },
    ]);
  });

  test('with a TTY is taken as it is', () => {
    expect(decodeLogs(Buffer.from('hello\r\nworld\r\n'), true)).toBe('hello\r\nworld\r\n');
  });

  test('decodes the same text however the frames are split across network chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (texts, cuts) => {
        // GIVEN the frames of some texts, cut at arbitrary points
        const raw = Buffer.concat(texts.map((t, i) => frame(i % 2 === 0 ? 1 : 2, t)));
        const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, raw.length]
          .slice(1)
          .map((end, i, ends) => raw.subarray(i === 0 ? 0 : ends[i - 1], end));
        // WHEN they are fed one by one
        const decoder = new LogDecoder(false);
        const text = chunks.map((c) => decoder.push(Buffer.from(c))).join('');
        // THEN the text is the texts in order
        expect(text).toBe(texts.join(''));
      }),
    );
  });

  test('tells a framed stream from raw text when the TTY setting is unknown', () => {
    expect(decodeLogs(frame(1, 'framed\n'))).toBe('framed\n');
    expect(decodeLogs(Buffer.from('plain text\n'))).toBe('plain text\n');
  });

  test('has a first line without its newline or carriage return', () => {
    expect(firstLine('s3cret\r\nsecond\n')).toBe('s3cret');
    expect(firstLine('no newline yet')).toBe('no newline yet');
  });

  test('has a last line that ignores the trailing newline', () => {
    expect(lastLine('one\ntwo\nthree\n\n')).toBe('three');
    expect(lastLine('')).toBe('');
  });
});
