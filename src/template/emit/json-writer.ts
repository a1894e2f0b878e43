/**
 * Writes a template file as JSON, byte for byte what `JSON.stringify(data, null, 2)` writes for the whole
 * template, but one top-level section (and one resource) at a time: each resource is shaped, written and dropped
 * before the next, so a 10,000-resource template is never held twice in memory.
 */

import { jsonString, plainToJson, type TemplateSection } from './shape.js';

export function writeJsonSections(sections: Iterable<TemplateSection>): string {
  let out = '';
  for (const section of sections) {
    out += `${out === '' ? '{' : ','}\n  ${jsonString(section.key)}: `;
    if ('value' in section) out += plainToJson(section.value, 1);
    else {
      let count = 0;
      for (const [name, text] of section.jsonEntries(2)) {
        out += `${count === 0 ? '{' : ','}\n    ${jsonString(name)}: ${text}`;
        count++;
      }
      out += count === 0 ? '{}' : '\n  }';
    }
  }
  return out === '' ? '{}\n' : `${out}\n}\n`;
}
