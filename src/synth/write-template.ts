import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { type EmitOptions, TemplateEmitError, versionCandidates } from '../template/emit/index.js';
import { jsonSectionBytes } from '../template/emit/json-writer.js';
import { type ResourceCursor, shapeTemplateSections } from '../template/emit/shape.js';
import { yamlSectionChunks } from '../template/emit/yaml-writer.js';
import type { Format, Template, TemplateVersion } from '../template/model.js';

/**
 * Writes a template file, the same bytes `emitTemplate` gives, chunk by chunk as they are written: a big
 * template's text is never held whole in memory. A version the template cannot be written in (with
 * `version: 'auto'`) is abandoned for the next, the file started over.
 */
export function writeTemplateFile(file: string, template: Template, options: EmitOptions): number {
  const candidates = versionCandidates(template, options);
  const fd = openSync(file, 'w');
  try {
    return writeInFirstVersion(fd, template, candidates, options.format);
  } finally {
    closeSync(fd);
  }
}

/** `writeTemplateFile` into an open file, from its start, in the first of `candidates` that can express it. */
export function writeInFirstVersion(
  fd: number,
  template: Template,
  candidates: readonly TemplateVersion[],
  format: Format,
): number {
  let firstError: unknown;
  for (const version of candidates) {
    try {
      return writeTemplateIn(fd, template, version, format);
    } catch (err) {
      if (!(err instanceof TemplateEmitError)) throw err;
      firstError ??= err;
      ftruncateSync(fd, 0);
    }
  }
  throw firstError;
}

/**
 * The template written in `version` into an open file, from its start; gives the number of bytes written. Its
 * resources are those `resources` hands out (by default the template's record; see `shapeTemplateSections`).
 * JSON as the bytes it is written in (no text in between); YAML as text. Throws `TemplateEmitError`.
 */
export function writeTemplateIn(
  fd: number,
  template: Template,
  version: TemplateVersion,
  format: Format,
  resources?: () => ResourceCursor,
): number {
  const sections = shapeTemplateSections(template, version, resources);
  return writeChunks(fd, format === 'json' ? jsonSectionBytes(sections) : yamlSectionChunks(sections));
}

/** Writes every chunk from the file's start; gives the number of bytes written. */
function writeChunks(fd: number, chunks: Iterable<Uint8Array | string>): number {
  // One buffer for every text chunk that surely fits (3 bytes a UTF-16 unit at most): a template's worth of
  // buffers would each wait for a garbage collection before its memory is returned.
  let buffer: Buffer | undefined;
  let position = 0;
  for (const chunk of chunks) {
    let bytes: Uint8Array;
    if (typeof chunk !== 'string') bytes = chunk;
    else if (chunk.length * 3 > BUFFER_BYTES) bytes = Buffer.from(chunk);
    else {
      buffer ??= Buffer.allocUnsafe(BUFFER_BYTES);
      bytes = buffer.subarray(0, buffer.write(chunk));
    }
    for (let done = 0; done < bytes.length; ) {
      const n = writeSync(fd, bytes, done, bytes.length - done, position);
      done += n;
      position += n;
    }
  }
  return position;
}

const BUFFER_BYTES = 1 << 20;
