import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESOURCE_TYPES } from '../../src/template/resource-types/registry.js';

/**
 * The list of heatstack's own resource types in `docs/resource-types.md`, written from the type registry
 * (`src/template/resource-types/registry.ts`) between the markers below: `npx tsx scripts/gen/type-list.ts`
 * rewrites it; test/scripts/type-list.test.ts checks the committed list is what the registry gives.
 */

export const DOC_FILE = fileURLToPath(new URL('../../docs/resource-types.md', import.meta.url));
const BEGIN = '<!-- type-list: written by scripts/gen/type-list.ts from the registry -->';
const END = '<!-- /type-list -->';

/** The table: each type name of each registered module, whether it deploys, and its properties and attributes. */
export function typeListMarkdown(): string {
  const rows = RESOURCE_TYPES.flatMap((module) =>
    module.schema.names.map((name) => {
      const deploys = module.deploy === undefined ? 'no (synthesize and validate)' : 'yes';
      const properties = Object.values(name.properties).map((p) => `\`${p}\``);
      const attributes = Object.values(name.attributes).map((a) => `\`${a}\``);
      return `| \`${name.name}\` | ${deploys} | ${properties.join(', ') || '—'} | ${attributes.join(', ') || '—'} |`;
    }),
  );
  return ['| type | deploys | properties | attributes |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The document with its list replaced by `list`. */
export function withTypeList(doc: string, list: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC_FILE}: the markers ${BEGIN} … ${END} are missing`);
  return `${doc.slice(0, start + BEGIN.length)}\n${list}\n${doc.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC_FILE, withTypeList(readFileSync(DOC_FILE, 'utf8'), typeListMarkdown()));
}
