import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { DOC_FILE, typeListMarkdown, withTypeList } from '../../scripts/gen/type-list.js';

test('docs/resource-types.md lists exactly the registry’s types (npx tsx scripts/gen/type-list.ts rewrites it)', () => {
  const doc = readFileSync(DOC_FILE, 'utf8');
  expect(withTypeList(doc, typeListMarkdown())).toBe(doc);
  expect(doc).toContain('| `DockerInc::Docker::Container` | yes |');
});
