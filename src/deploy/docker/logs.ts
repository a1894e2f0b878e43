/**
 * Docker's log stream. Without a TTY every chunk of output is framed: 1 byte stream (0 stdin, 1 stdout,
 * 2 stderr), 3 zero bytes, a 4-byte big-endian length, then the payload. With a TTY the stream is raw bytes.
 * Frames may be split across network chunks, so the decoder keeps what it has not consumed yet.
 */
export class LogDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private framed: boolean | undefined;

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
    if (this.framed === undefined) this.framed = looksFramed(chunk);
    if (!this.framed) return [{ stream: 1, text: chunk.toString('utf8') }];
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
  return new LogDecoder(tty).push(buffer);
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
