/**
 * Writes a template file as JSON, byte for byte what `JSON.stringify(data, null, 2)` writes for the whole
 * template, but one top-level section (and one resource) at a time: each resource is shaped, written and dropped
 * before the next, so a 10,000-resource template is never held twice in memory. Gives the text in chunks (UTF-8
 * bytes, or strings), so that a caller can write them out without holding the whole text.
 */

import { CLOSE_MAP, COMMA, JsonBytes, OPEN_MAP } from './json-bytes.js';
import type { TemplateSection } from './shape.js';

/**
 * The file's UTF-8 bytes, a chunk (of about `CHUNK_BYTES`) at a time; each is a view of one buffer, good until the
 * next chunk is asked for.
 */
export function* jsonSectionBytes(sections: Iterable<TemplateSection>): Generator<Buffer> {
  const out = new JsonBytes(BUFFER_BYTES);
  let first = true;
  for (const section of sections) {
    out.openKey(first ? OPEN_MAP : COMMA, 1, section.key);
    first = false;
    if ('value' in section) {
      out.plain(section.value, 1);
      continue;
    }
    let steps = 0;
    for (const _ of section.jsonEntries(out, 2, CHUNK_BYTES)) {
      steps++;
      if (out.length >= CHUNK_BYTES) {
        yield out.buffer.subarray(0, out.length);
        out.length = 0;
      }
    }
    if (steps === 0) out.ascii('{}');
    else out.close(CLOSE_MAP, 1);
  }
  out.ascii(first ? '{}\n' : '\n}\n');
  yield out.buffer.subarray(0, out.length);
}

/** `jsonSectionBytes` as text. */
export function* jsonSectionChunks(sections: Iterable<TemplateSection>): Generator<string> {
  for (const bytes of jsonSectionBytes(sections)) yield bytes.toString('utf8');
}

/** Chunks of about this many bytes: few enough writes, small enough to stay in the processor's cache. */
const CHUNK_BYTES = 1 << 16;
/** Room for a chunk and the resource that ends it (the buffer grows for a bigger one). */
const BUFFER_BYTES = 1 << 18;
