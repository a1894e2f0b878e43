import { afterEach, describe, expect, test, vi } from 'vitest';
import { MAX_SYNTAX_ERRORS } from '../../../src/template/parse/bounded-document.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { yamlLibrary } from '../../../src/template/parse/yaml-library.js';
import { cpuMs } from '../../support/cpu-time.js';

/**
 * The general YAML reader answers in time linear in the text, however many problems it holds (the fuzzer's slowest
 * inputs, issue 17: a run of `"` inserted in a template made an error of every pair, each with a stack trace).
 */

const RAISED = { limits: { maxTemplateSize: 1 << 30, maxResourcesPerStack: -1 } };

describe('a text with a syntax error at every character', () => {
  test('a run of 100,000 quotes in a flow map: the first errors, from the first stray quote', () => {
    const text = `{"heat_template_version": "2018-08-31", "description": "a${'"'.repeat(100_000)}"}`;
    const result = parseTemplate(text, RAISED);
    expect(result.diagnostics).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(result.diagnostics[0]).toMatchObject({
      message: 'Error parsing template: Unexpected double-quoted-scalar at node end',
      position: { line: 1, column: 59 },
    });
  });

  test('a million stray brackets after the document: read no further than the first errors', () => {
    const text = `heat_template_version: 2018-08-31\ndescription: [a]${']'.repeat(1_000_000)}\n`;
    let result: ReturnType<typeof parseTemplate> | undefined;
    // Every stray bracket an error with a stack trace took about 10 s; the first few take milliseconds.
    expect(cpuMs(() => (result = parseTemplate(text, RAISED)))).toBeLessThan(2_000);
    expect(result?.diagnostics).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(result?.diagnostics[0]).toMatchObject({
      message: 'Error parsing template: Unexpected flow-seq-end token in YAML stream: "]"',
      position: { line: 2, column: 17 },
    });
  });

  test('the stack trace limit, lifted while reading, is restored after', () => {
    const before = Error.stackTraceLimit;
    const result = parseTemplate('a: [b]]\n');
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Error parsing template: Unexpected flow-seq-end token in YAML stream: "]"',
    ]);
    expect(Error.stackTraceLimit).toBe(before);
  });
});

describe('positions', () => {
  afterEach(() => vi.restoreAllMocks());

  test('are looked up in the document the general reader read, not read again', () => {
    // An anchor: the fast reader declines it.
    const text =
      'heat_template_version: 2018-08-31\nresources:\n  a: &none {type: OS::Heat::None,\n    properties: {}}\n';
    const parse = vi.spyOn(yamlLibrary().Parser.prototype, 'parse');
    const result = parseTemplate(text);
    expect(result.positionOf('resources.a.properties')).toEqual({ line: 4, column: 5 });
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
