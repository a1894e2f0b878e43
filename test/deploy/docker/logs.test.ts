import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compareTimes,
  decodeLogs,
  escapeControl,
  firstLine,
  LogDecoder,
  LogLineReader,
  lastLine,
  sinceOf,
} from '../../../src/deploy/docker/logs.js';

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

describe('Docker log lines (heatstack logs)', () => {
  const T1 = '2026-12-04T18:00:00.100000000Z';
  const T2 = '2026-12-04T18:00:00.200000000Z';

  test('are split per stream: an unfinished stdout line never runs into a stderr line', () => {
    // GIVEN stdout's line arriving in two frames, with a whole stderr line between them
    const reader = new LogLineReader();
    const lines = reader.push(Buffer.concat([frame(1, `${T1} half `), frame(2, `${T2} error\n`), frame(1, 'done\n')]));
    // THEN each stream's line is whole, with its own time
    expect(lines).toEqual([
      { time: T2, stream: 2, text: 'error' },
      { time: T1, stream: 1, text: 'half done' },
    ]);
  });

  test('a last line without a newline comes out when the stream ends', () => {
    const reader = new LogLineReader();
    expect(reader.push(frame(1, `${T1} no newline`))).toEqual([]);
    expect(reader.end()).toEqual([{ time: T1, stream: 1, text: 'no newline' }]);
  });

  test("a TTY container's output (raw, chunks rather than lines) keeps the time of the chunk's first line", () => {
    const reader = new LogLineReader();
    const lines = reader.push(Buffer.from(`${T1} one\r\ntwo\r\n${T2} three\r\n`));
    expect(lines).toEqual([
      { time: T1, stream: 1, text: 'one' },
      { time: T1, stream: 1, text: 'two' },
      { time: T2, stream: 1, text: 'three' },
    ]);
  });

  test("a TTY container's character split between two chunks is decoded whole", () => {
    const bytes = Buffer.from('naïve\n');
    const decoder = new LogDecoder(true);
    expect(decoder.push(bytes.subarray(0, 3)) + decoder.push(bytes.subarray(3))).toBe('naïve\n');
  });

  test('a first chunk too short to tell framed from raw waits for the next', () => {
    const whole = frame(2, `${T1} late\n`);
    const decoder = new LogDecoder();
    expect(decoder.pushStreams(whole.subarray(0, 2))).toEqual([]);
    expect(decoder.pushStreams(whole.subarray(2))).toEqual([{ stream: 2, text: `${T1} late\n` }]);
    expect(decodeLogs(Buffer.from('hi'))).toBe('hi');
  });

  test('times order by their value, whatever the length of their fractions', () => {
    expect(compareTimes('2026-12-04T18:00:00.1Z', '2026-12-04T18:00:00.099999999Z')).toBe(1);
    expect(compareTimes('2026-12-04T18:00:00Z', '2026-12-04T18:00:00.000000000Z')).toBe(0);
    expect(compareTimes('2026-12-04T17:59:59.9Z', '2026-12-04T18:00:00Z')).toBe(-1);
  });

  test("a line's time becomes Docker's `since` in seconds and nanoseconds", () => {
    expect(sinceOf('1970-01-01T00:00:10.5Z')).toBe('10.500000000');
    expect(sinceOf('2026-12-04T18:00:00.123456789Z')).toBe(`${Date.UTC(2026, 11, 4, 18) / 1000}.123456789`);
  });
});

describe('control characters in container output', () => {
  test('are shown escaped: escape sequences, bells, carriage returns, C1 controls', () => {
    expect(escapeControl('red \x1b[31mtext\x07\r\x9b2J')).toBe('red \\x1b[31mtext\\x07\\r\\x9b2J');
  });

  test('leave tabs and ordinary text (any script) alone', () => {
    expect(escapeControl('a\tb — ünïcode 日本')).toBe('a\tb — ünïcode 日本');
  });
});
