import { afterEach, expect, test, vi } from 'vitest';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { JsonBytes } from '../../../src/template/emit/json-bytes.js';
import { parseTemplate } from '../../../src/template/parse/index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const TEMPLATE = `heat_template_version: 2021-04-16
resources:
  Marked:
    type: Test::Marked
    properties: { image: busybox }
`;

test('a fault of the fast JSON writer is not hidden by writing the resource the careful way', () => {
  // GIVEN a fast writer that fails on a resource in a way it never declines (a bug, not a resource it leaves)
  const parsed = parseTemplate(TEMPLATE);
  if (parsed.template === undefined) throw new Error('the template does not parse');
  const string = JsonBytes.prototype.string;
  vi.spyOn(JsonBytes.prototype, 'string').mockImplementation(function (this: JsonBytes, s: string) {
    if (s === 'Test::Marked') throw new TypeError('a fault in the fast writer');
    string.call(this, s);
  });
  // WHEN the template is written as JSON, THEN the fault surfaces
  expect(() => emitTemplate(parsed.template!, { dialect: 'hot', format: 'json' })).toThrow(
    'a fault in the fast writer',
  );
});
