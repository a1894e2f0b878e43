import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';

/**
 * Docker's log stream. Without a TTY every chunk of output is framed: 1 byte stream (0 stdin, 1 stdout,
 * 2 stderr), 3 zero bytes, a 4-byte big-endian length, then the payload. With a TTY the stream is raw bytes.
 * Frames may be split across network chunks, so the decoder keeps what it has not consumed yet.
 */
export class LogDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private framed: boolean | undefined;
  /** A raw stream's text, kept whole across chunks (a character may be split between two). */
  private readonly raw = new StringDecoder('utf8');

  /** @param tty the container was created with a TTY (raw stream); undefined → decided from the first bytes. */
  constructor(tty?: boolean) {
    this.framed = tty === undefined ? undefined : !tty;
  }

  /** Feeds bytes; returns the text decoded so far from them (payloads only). */
  push(chunk: Buffer): string {
    return this.pushStreams(chunk)
      .map((part) => part.text)
      .join('');
  }

  /** Feeds bytes; returns the decoded payloads with the stream each came from (1 stdout, 2 stderr; raw: 1). */
  pushStreams(chunk: Buffer): { stream: number; text: string }[] {
    if (this.framed === undefined) {
      // A header is 4 bytes: too short a first chunk waits for more before the stream's kind is decided.
      chunk = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
      this.pending = Buffer.alloc(0);
      if (chunk.length < 4) {
        this.pending = Buffer.from(chunk);
        return [];
      }
      this.framed = looksFramed(chunk);
    }
    if (!this.framed) return [{ stream: 1, text: this.raw.write(chunk) }];
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const parts: { stream: number; payload: Buffer }[] = [];
    while (buffer.length >= 8) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < 8 + size) break;
      parts.push({ stream: buffer[0], payload: buffer.subarray(8, 8 + size) });
      buffer = buffer.subarray(8 + size);
    }
    this.pending = Buffer.from(buffer);
    return mergeAdjacent(parts);
  }

  /** What a stream too short to tell framed from raw held, as text (an unfinished frame is dropped). */
  end(): string {
    const rest = this.framed === undefined ? this.pending.toString('utf8') : this.framed ? '' : this.raw.end();
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

/** Consecutive frames of one stream are joined before decoding, so a character split across frames survives. */
function mergeAdjacent(parts: { stream: number; payload: Buffer }[]): { stream: number; text: string }[] {
  const merged: { stream: number; payloads: Buffer[] }[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && last.stream === part.stream) last.payloads.push(part.payload);
    else merged.push({ stream: part.stream, payloads: [part.payload] });
  }
  return merged.map((m) => ({ stream: m.stream, text: Buffer.concat(m.payloads).toString('utf8') }));
}

/** A framed stream starts with a header: stream byte 0–2, then three zero bytes. Text practically never does. */
function looksFramed(chunk: Buffer): boolean {
  return chunk.length >= 4 && chunk[0] <= 2 && chunk[1] === 0 && chunk[2] === 0 && chunk[3] === 0;
}

/** Decodes a whole log buffer (from a non-follow logs call). */
export function decodeLogs(buffer: Buffer, tty?: boolean): string {
  const decoder = new LogDecoder(tty);
  return decoder.push(buffer) + decoder.end();
}

/** The first line of output (without its newline). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

/** The last non-empty line of output. */
export function lastLine(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return (lines[lines.length - 1] ?? '').replace(/\r$/, '');
}

/** The last `count` lines, for a failure message. */
export function tailLines(text: string, count: number): string {
  return text.replace(/\s+$/, '').split('\n').slice(-count).join('\n');
}

/**
 * Control characters shown escaped (`\x1b`, `\r`, `\x9b`), so a container's output cannot move the cursor, clear
 * the screen or retitle the terminal it is printed on. Tabs stay. (A local stand-in for the shared escaping
 * function of `src/cli/format.ts`, which the lead unifies.)
 */
export function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** One line of a container's output: Docker's timestamp (RFC 3339, nanoseconds, UTC), the stream, the text. */
export interface LogLine {
  readonly time: string;
  /** 1 stdout, 2 stderr (a TTY container's output is all stdout). */
  readonly stream: number;
  readonly text: string;
}

const TIMESTAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?/;

/**
 * Splits a container's log stream, read with `timestamps: true`, into lines. Each stream keeps its own unfinished
 * line, so stdout and stderr never run into each other. Docker prefixes every log entry with its time; a TTY
 * container's entries are chunks rather than lines, so a line without a prefix takes the time of the one before.
 */
export class LogLineReader {
  private readonly decoder = new LogDecoder();
  private readonly partial = new Map<number, string>();
  private lastTime = '';

  /** The complete lines in `chunk` (with what came before it). */
  push(chunk: Buffer): LogLine[] {
    const lines: LogLine[] = [];
    for (const { stream, text } of this.decoder.pushStreams(chunk)) {
      const pieces = ((this.partial.get(stream) ?? '') + text).split('\n');
      this.partial.set(stream, pieces.pop() ?? '');
      for (const piece of pieces) lines.push(this.line(stream, piece));
    }
    return lines;
  }

  /** What is left unfinished once the stream has ended (a last line without a newline). */
  end(): LogLine[] {
    const rest = this.decoder.end();
    if (rest !== '') this.partial.set(1, (this.partial.get(1) ?? '') + rest);
    const lines = [...this.partial].filter(([, text]) => text !== '').map(([stream, text]) => this.line(stream, text));
    this.partial.clear();
    return lines;
  }

  private line(stream: number, raw: string): LogLine {
    const match = TIMESTAMPED.exec(raw);
    if (match) this.lastTime = match[1] ?? this.lastTime;
    const text = (match ? raw.slice(match[0].length) : raw).replace(/\r$/, '');
    return { time: this.lastTime, stream, text };
  }
}

/** Docker's `since` for a log timestamp (`2026-12-04T18:00:00.123456789Z` → `1796407200.123456789`). */
export function sinceOf(time: string): string {
  const seconds = Math.floor(Date.parse(`${time.slice(0, 19)}Z`) / 1000);
  const fraction = /\.(\d+)Z$/.exec(time)?.[1] ?? '0';
  return `${seconds}.${fraction.padEnd(9, '0')}`;
}

export interface ReadLogsOptions {
  /** The last N lines only (Docker's `tail`). */
  readonly tail?: number;
  /** Only lines after this log timestamp (exclusive). */
  readonly after?: string;
  readonly signal?: AbortSignal;
}

/** Docker's logs query for the options: both streams, each line with its time. */
function logsQuery(options: ReadLogsOptions): Docker.ContainerLogsOptions {
  return {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.after !== undefined ? { since: sinceOf(options.after) } : {}),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  };
}

/**
 * @internal What has output to read: a container, or a Swarm service (its tasks' output, which the manager gathers; same query,
 * same framing).
 */
export type LogReader = Docker.Container | Docker.Service;

/** The reader's logs call: a service's takes the container's query and answers alike (its types know only streams). */
function logsOf(reader: LogReader): Docker.Container['logs'] {
  return (reader as Docker.Container).logs.bind(reader);
}

/** @internal The output a container (or service) has written so far, as lines in order. */
export async function readLogLines(container: LogReader, options: ReadLogsOptions = {}): Promise<LogLine[]> {
  const buffer = (await logsOf(container)({ ...logsQuery(options), follow: false })) as Buffer;
  const reader = new LogLineReader();
  return after([...reader.push(buffer), ...reader.end()], options.after);
}

/**
 * @internal Follows a container's output from `after` on (or from its start), calling `onLine` for each line, until the
 * container stops (Docker ends the stream) or `signal` aborts.
 */
export async function followLogLines(
  container: LogReader,
  onLine: (line: LogLine) => void,
  options: ReadLogsOptions = {},
): Promise<void> {
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    stream = (await logsOf(container)({ ...logsQuery(options), follow: true })) as NodeJS.ReadableStream & {
      destroy(): void;
    };
  } catch (error) {
    if (options.signal?.aborted) return;
    throw error;
  }
  const reader = new LogLineReader();
  const emit = (lines: LogLine[]) => {
    for (const line of after(lines, options.after)) onLine(line);
  };
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    if (options.signal?.aborted) return stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => emit(reader.push(chunk)));
    stream.on('end', () => {
      emit(reader.end());
      resolve();
    });
    stream.on('close', resolve);
    stream.on('error', (error) => (options.signal?.aborted ? resolve() : reject(error)));
  });
}

/** The lines later than `time` (Docker's `since` includes the second's equal timestamps: those were shown). */
function after(lines: LogLine[], time: string | undefined): LogLine[] {
  return time === undefined ? lines : lines.filter((l) => compareTimes(l.time, time) > 0);
}

/** Orders two log timestamps (fractions may differ in length: Docker trims trailing zeros in some versions). */
export function compareTimes(a: string, b: string): number {
  const [secondsA, fractionA] = splitTime(a);
  const [secondsB, fractionB] = splitTime(b);
  if (secondsA !== secondsB) return secondsA < secondsB ? -1 : 1;
  return fractionA < fractionB ? -1 : fractionA > fractionB ? 1 : 0;
}

function splitTime(time: string): [string, string] {
  const dot = time.indexOf('.');
  if (dot < 0) return [time.replace(/Z$/, ''), '000000000'];
  return [
    time.slice(0, dot),
    time
      .slice(dot + 1)
      .replace(/Z$/, '')
      .padEnd(9, '0'),
  ];
}

/** How long a first stderr line waits for a first stdout line before it is taken as the head. */
const STDERR_GRACE_MS = 250;

/**
 * The first line of a followed log stream (a container's or a service's), read until a line appears, the output
 * ends, or `timeoutMs` runs out. Docker does not order stdout against stderr, so stdout's first line wins; stderr's
 * counts only if stdout stays silent a moment longer (an image that prints its password and then a notice on stderr
 * still gives the password).
 */
export async function followFirstLine(
  readable: NodeJS.ReadableStream,
  tty: boolean,
  timeoutMs: number,
): Promise<string> {
  const stream = readable as NodeJS.ReadableStream & { destroy(): void };
  const decoder = new LogDecoder(tty);
  let stdout = '';
  let stderr = '';
  return await new Promise<string>((resolve, reject) => {
    let grace: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(grace);
      stream.destroy();
      resolve(firstLine(stdout || stderr));
    };
    const timer = setTimeout(finish, timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      for (const { stream: from, text } of decoder.pushStreams(chunk)) {
        if (from === 2) stderr += text;
        else stdout += text;
      }
      if (stdout.includes('\n')) finish();
      else if (stderr.includes('\n') && !grace) grace = setTimeout(finish, STDERR_GRACE_MS);
    });
    stream.on('end', finish);
    stream.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(grace);
      reject(error);
    });
  });
}
