import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { evaluate } from '../../../src/template/evaluate/index.js';
import type { Expr, Template } from '../../../src/template/model.js';
import {
  HEAT_LIMITS,
  limitsFromEnvironment,
  type ParseResult,
  parseTemplate,
  parseTemplateFile,
} from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

/**
 * Input Heat refuses is refused here too, with a diagnostic at its place — never read as something else — and
 * input of any size is refused by its size before it is parsed (Heat's `max_template_size`).
 */

const HOT = 'heat_template_version: 2018-08-31\n';
const CONTAINER = 'type: DockerInc::Docker::Container';

function errors(result: ParseResult): { message: string; line?: number; column?: number }[] {
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ message: d.message, line: d.position?.line, column: d.position?.column }));
}

describe('what PyYAML refuses is an error, not a value', () => {
  test('an undefined alias is an error at the alias (the YAML library would read null)', () => {
    const result = parseTemplate(`${HOT}resources:\n  a: *nope\n`);
    expect(errors(result)).toEqual([
      { message: "Error parsing template: found undefined alias 'nope'", line: 3, column: 6 },
    ]);
    expect(result.template).toBeUndefined();
  });

  test('an alias before its anchor is undefined too', () => {
    const result = parseTemplate(`${HOT}description: *d\nparameters: &d {}\n`);
    expect(errors(result).map((e) => e.message)).toEqual(["Error parsing template: found undefined alias 'd'"]);
  });

  test.each([
    ['a list', "image: !!python/object/apply:os.system ['echo hi']", 'tag:yaml.org,2002:python/object/apply:os.system'],
    ['a map', 'image: !!python/object:os.Foo {a: 1}', 'tag:yaml.org,2002:python/object:os.Foo'],
    ['a scalar', 'image: !!python/name:os.system', 'tag:yaml.org,2002:python/name:os.system'],
    ['a local tag', 'image: !Ref [x]', '!Ref'],
  ])('a Python tag on %s is an error at the tag, as in Heat', (_kind, line, tag) => {
    const result = parseTemplate(`${HOT}resources:\n  a:\n    ${CONTAINER}\n    properties:\n      ${line}\n`);
    expect(errors(result)).toEqual([
      {
        message: `Error parsing template: could not determine a constructor for the tag '${tag}'`,
        line: 6,
        column: 14,
      },
    ]);
    expect(result.template).toBeUndefined();
  });

  test('a tag over a block collection is found on the line before it', () => {
    const result = parseTemplate(`${HOT}resources:\n  a: !!python/object:x.Y\n    ${CONTAINER}\n`);
    expect(errors(result)).toEqual([
      { message: expect.stringContaining("tag 'tag:yaml.org,2002:python/object:x.Y'"), line: 3, column: 6 },
    ]);
  });

  test('a scalar tag on a collection is the wrong kind of node; the collection tags are accepted', () => {
    expect(errors(parseTemplate(`${HOT}description: !!str {a: 1}\n`))).toEqual([
      { message: 'Error parsing template: expected a scalar node, but found mapping', line: 2, column: 14 },
    ]);
    const result = parseTemplate(`${HOT}parameters: !!map {}\nresources: !!map\n  a: !!map {${CONTAINER}}\n`);
    expect(errors(result)).toEqual([]);
  });

  test('a second document says what Heat says, not what the YAML library would have a program call', () => {
    const result = parseTemplate(`${HOT}---\n${HOT}`);
    const [error] = errors(result);
    expect(error).toEqual({
      message: expect.stringContaining('expected a single document in the stream, but found another document'),
      line: 2,
      column: 1,
    });
    expect(error?.message).toContain('a template is one YAML document');
    expect(error?.message).not.toContain('parseAllDocuments');
  });
});

describe('bytes are read as UTF-8, strictly', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

  test('an invalid byte is an error naming its offset, line and column (never U+FFFD in a name)', () => {
    const result = parseTemplate(bytes(`${HOT}resources:\n  r`, [0xff, 0xfe], `: {${CONTAINER}}\n`));
    expect(errors(result)).toEqual([
      {
        message: 'Error parsing template: not UTF-8: byte 0xff at byte offset 48 (invalid start byte)',
        line: 3,
        column: 4,
      },
    ]);
    expect(result.template).toBeUndefined();
  });

  test('the column counts characters: a valid é before the invalid byte is one column', () => {
    const result = parseTemplate(bytes(`${HOT}description: é`, [0xe2, 0x82], '\n'));
    expect(errors(result)).toEqual([
      {
        message: 'Error parsing template: not UTF-8: byte 0xe2 at byte offset 49 (invalid continuation byte)',
        line: 2,
        column: 15,
      },
    ]);
  });

  test.each([
    ['an overlong form', [0xc0, 0xaf], 'invalid start byte'],
    ['a surrogate', [0xed, 0xa0, 0x80], 'invalid continuation byte'],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 'invalid continuation byte'],
    ['a lone continuation byte', [0x80], 'invalid start byte'],
    ['a sequence cut by the end', [0xe2, 0x82], 'unexpected end of data'],
  ])('%s is refused (%s)', (_kind, invalid, reason) => {
    const end = reason === 'unexpected end of data' ? [] : ' x\n';
    const result = parseTemplate(bytes(`${HOT}description: `, invalid, end));
    expect(errors(result).map((e) => e.message)).toEqual([
      `Error parsing template: not UTF-8: byte 0x${(invalid[0] as number).toString(16)} at byte offset 47 (${reason})`,
    ]);
  });

  test('valid UTF-8 bytes read exactly as the same text does', () => {
    const text = `${HOT}description: "é ☃ 😀"\nresources:\n  r:\n    ${CONTAINER}\n    properties: {image: x}\n`;
    expect(parseTemplate(Buffer.from(text)).template).toEqual(parseTemplate(text).template);
  });
});

describe('a __proto__ key is a key like any other', () => {
  const text = `${HOT}resources:\n  r:\n    ${CONTAINER}\n    properties:\n      image: x\n      __proto__: 1\n`;

  test('in properties, validate reports it as an unknown property', () => {
    const template = parseTemplate(text).template as Template;
    expect(validateTemplate(template).map((d) => d.message)).toEqual([
      expect.stringMatching(/^Unknown Property __proto__/),
    ]);
  });

  const ctx = (template: Template) => ({ template, parameters: {}, resourceId: () => 'id', attribute: () => null });

  test('evaluate keeps it as an own key of maps it builds (map values, map_merge, map_replace, repeat)', () => {
    const template = parseTemplate(`heat_template_version: 2021-04-16\n`).template as Template;
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Expr;
    for (const expr of [
      proto,
      JSON.parse('{"map_merge": [{"__proto__": {"polluted": true}}, {"a": 1}]}'),
      JSON.parse('{"map_replace": [{"__proto__": {"polluted": true}, "a": 1}, {"keys": {}}]}'),
    ]) {
      const parsed = parseTemplate(
        JSON.stringify({ heat_template_version: '2021-04-16', outputs: { o: { value: expr } } }),
      );
      const value = evaluate((parsed.template as Template).outputs.o?.value as Expr, ctx(template)) as object;
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect((value as { polluted?: boolean }).polluted).toBeUndefined();
    }
  });

  test('find_in_map of a mapping named constructor is no mapping, not Object', () => {
    const text = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Mappings: { m: { k: { v: 1 } } },
      Outputs: { o: { Value: { 'Fn::FindInMap': ['constructor', 'name', 'length'] } } },
    });
    const template = parseTemplate(text).template as Template;
    expect(() => evaluate(template.outputs.o?.value as Expr, ctx(template))).toThrow(/no mapping named "constructor"/);
  });
});

describe("Heat's size limits, checked before parsing", () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-limits-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a template over max_template_size (524288 bytes) is one error, with the size and how to raise it', () => {
    const text = `${HOT}description: "${'a'.repeat(HEAT_LIMITS.maxTemplateSize)}"\n`;
    const result = parseTemplate(text);
    expect(errors(result)).toEqual([
      {
        message:
          'Request limit exceeded: Template size (524338 bytes) exceeds maximum allowed size (524288 bytes). ' +
          "Heat's max_template_size; set HEATSTACK_MAX_TEMPLATE_SIZE to read a larger template",
        line: 1,
        column: 1,
      },
    ]);
    expect(result.template).toBeUndefined();
    const raised = parseTemplate(text, { limits: { ...HEAT_LIMITS, maxTemplateSize: 1 << 20 } });
    expect(errors(raised)).toEqual([]);
  });

  test('the limit counts bytes, not characters', () => {
    const text = `${HOT}description: "${'é'.repeat(HEAT_LIMITS.maxTemplateSize / 2)}"\n`;
    expect(errors(parseTemplate(text))[0]?.message).toMatch(/^Request limit exceeded: Template size \(524338 bytes\)/);
  });

  test('a file over the limit is refused from its size, unread (a sparse 4 GB file)', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, HOT);
    truncateSync(file, 2 ** 32);
    expect(errors(parseTemplateFile(file)).map((e) => e.message)).toEqual([
      expect.stringMatching(/^Request limit exceeded: Template size \(4294967296 bytes\)/),
    ]);
  });

  test('more than max_resources_per_stack (1000) resources is an error at the resources section; -1 is no limit', () => {
    const resources = Array.from({ length: 1001 }, (_, i) => `  r${i}: {${CONTAINER}, properties: {image: x}}`);
    const text = `${HOT}resources:\n${resources.join('\n')}\n`;
    expect(errors(parseTemplate(text))).toEqual([
      {
        message:
          'Request limit exceeded: Maximum resources per stack exceeded (1001 resources, at most 1000). ' +
          "Heat's max_resources_per_stack; set HEATSTACK_MAX_RESOURCES_PER_STACK to read more",
        line: 2,
        column: 1,
      },
    ]);
    expect(errors(parseTemplate(text, { limits: { ...HEAT_LIMITS, maxResourcesPerStack: -1 } }))).toEqual([]);
  });

  test('the environment raises the limits; a value that is not a whole number is bad usage', () => {
    expect(limitsFromEnvironment({})).toEqual(HEAT_LIMITS);
    expect(
      limitsFromEnvironment({ HEATSTACK_MAX_TEMPLATE_SIZE: '10000000', HEATSTACK_MAX_RESOURCES_PER_STACK: '-1' }),
    ).toEqual({ maxTemplateSize: 10_000_000, maxResourcesPerStack: -1 });
    for (const bad of ['x', '1.5', '0', '-1']) {
      expect(() => limitsFromEnvironment({ HEATSTACK_MAX_TEMPLATE_SIZE: bad })).toThrow(/HEATSTACK_MAX_TEMPLATE_SIZE/);
    }
    expect(() => limitsFromEnvironment({ HEATSTACK_MAX_RESOURCES_PER_STACK: '-2' })).toThrow(/-1: no limit/);
  });
});

describe('reading is linear in the size of a scalar and of a flow collection', () => {
  /** Parses in a child with a small heap: reading a character at a time needed 700 MB for this 20 MB string. */
  test('a 20 MB double-quoted string reads within a 200 MB heap', () => {
    const script = `
      import { parseTemplate } from ${JSON.stringify(new URL('../../../src/template/parse/index.ts', import.meta.url).href)};
      const text = 'heat_template_version: 2018-08-31\\ndescription: "' + 'a'.repeat(20e6) + '\\\\n"\\n';
      const result = parseTemplate(text, { limits: { maxTemplateSize: 1 << 30, maxResourcesPerStack: -1 } });
      process.stdout.write(String(result.template.description.length));`;
    const run = spawnSync(
      process.execPath,
      ['--max-old-space-size=200', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        cwd: new URL('../../..', import.meta.url).pathname,
      },
    );
    expect({ stdout: run.stdout, status: run.status }).toEqual({ stdout: String(20e6 + 1), status: 0 });
  }, 60_000);
});
