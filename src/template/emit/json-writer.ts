/**
 * Writes a template file as JSON, byte for byte what `JSON.stringify(data, null, 2)` writes for the whole
 * template, but one top-level section (and one resource) at a time: each resource is shaped, written and dropped
 * before the next, so a 10,000-resource template is never held twice in memory. Gives the text in chunks, so that a
 * caller can write them out without holding the whole text.
 */

import { jsonString, plainJsonLines, type TemplateSection } from './shape.js';

export function* jsonSectionChunks(sections: Iterable<TemplateSection>): Generator<string> {
  const out: string[] = ['{'];
  let first = true;
  for (const section of sections) {
    if (!first) out[out.length - 1] += ',';
    first = false;
    const prefix = `  ${jsonString(section.key)}: `;
    if ('value' in section) {
      plainJsonLines(section.value, prefix, 1, out);
      continue;
    }
    let count = 0;
    for (const [name, write] of section.jsonEntries(2)) {
      if (count === 0) out.push(`${prefix}{`);
      else out[out.length - 1] += ',';
      write(out, `    ${jsonString(name)}: `);
      count++;
      if (out.length >= CHUNK_LINES) {
        // The last line stays: a comma may yet be appended to it.
        const last = out.pop() as string;
        yield `${out.join('\n')}\n`;
        out.length = 0;
        out.push(last);
      }
    }
    out.push(count === 0 ? `${prefix}{}` : '  }');
  }
  if (first) yield '{}\n';
  else yield `${out.join('\n')}\n}\n`;
}

/** Chunks of about this many lines: few enough writes, small enough to hold. */
const CHUNK_LINES = 4096;
