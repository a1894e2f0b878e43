import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { type EmitOptions, TemplateEmitError, templateChunks, versionCandidates } from '../template/emit/index.js';
import type { Template } from '../template/model.js';

/**
 * Writes a template file, the same bytes `emitTemplate` gives, chunk by chunk as they are written: a big
 * template's text is never held whole in memory. A version the template cannot be written in (with
 * `version: 'auto'`) is abandoned for the next, the file started over.
 */
export function writeTemplateFile(file: string, template: Template, options: EmitOptions): number {
  const candidates = versionCandidates(template, options);
  const fd = openSync(file, 'w');
  try {
    let firstError: unknown;
    for (const version of candidates) {
      try {
        return writeChunks(fd, templateChunks(template, version, options.format));
      } catch (err) {
        if (!(err instanceof TemplateEmitError)) throw err;
        firstError ??= err;
        ftruncateSync(fd, 0);
      }
    }
    throw firstError;
  } finally {
    closeSync(fd);
  }
}

/** Writes every chunk from the file's start; gives the number of bytes written. */
function writeChunks(fd: number, chunks: Iterable<string>): number {
  // One buffer for every chunk that surely fits (3 bytes a UTF-16 unit at most): a template's worth of buffers
  // would each wait for a garbage collection before its memory is returned.
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let position = 0;
  for (const chunk of chunks) {
    const bytes = chunk.length * 3 <= BUFFER_BYTES ? buffer.subarray(0, buffer.write(chunk)) : Buffer.from(chunk);
    for (let done = 0; done < bytes.length; ) {
      const n = writeSync(fd, bytes, done, bytes.length - done, position);
      done += n;
      position += n;
    }
  }
  return position;
}

const BUFFER_BYTES = 1 << 20;
