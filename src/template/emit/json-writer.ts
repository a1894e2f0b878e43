/**
 * Writes a template file as JSON, byte for byte what `JSON.stringify(data, null, 2)` writes for the whole
 * template, but one top-level section (and one resource) at a time: each resource is shaped, written and dropped
 * before the next, so a 10,000-resource template is never held twice in memory. Gives the text in chunks, so that a
 * caller can write them out without holding the whole text.
 */

import { jsonString, plainToJson, type TemplateSection } from './shape.js';

export function* jsonSectionChunks(sections: Iterable<TemplateSection>): Generator<string> {
  let out = '';
  let first = true;
  for (const section of sections) {
    out += `${first ? '{' : ','}\n  ${jsonString(section.key)}: `;
    first = false;
    if ('value' in section) out += plainToJson(section.value, 1);
    else {
      let count = 0;
      for (const [name, text] of section.jsonEntries(2)) {
        out += `${count === 0 ? '{' : ','}\n    ${jsonString(name)}: ${text}`;
        count++;
        if (out.length >= CHUNK_LENGTH) {
          yield out;
          out = '';
        }
      }
      out += count === 0 ? '{}' : '\n  }';
    }
  }
  yield first ? '{}\n' : `${out}\n}\n`;
}

/** Chunks of about this many characters: few enough writes, small enough to hold. */
const CHUNK_LENGTH = 1 << 16;
