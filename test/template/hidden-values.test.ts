import { describe, expect, test } from 'vitest';
import { evaluate } from '../../src/template/evaluate/index.js';
import {
  derivedHiddenTexts,
  maskQuoted,
  redactStrings,
  redactTexts,
  resourcesGivenHidden,
  secretTexts,
} from '../../src/template/hidden-values.js';
import type { Expr } from '../../src/template/model.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { cpuMs } from '../support/cpu-time.js';

function template(lines: string[]) {
  const parsed = parseTemplate(['heat_template_version: 2021-04-16', ...lines].join('\n'));
  if (parsed.template === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.template;
}

describe('secretTexts: what to look for', () => {
  test('a value, its printed forms and its pieces (runs of letters and digits) of 4 characters or more', () => {
    expect(secretTexts('admin:hunter22').sort()).toEqual(['admin', 'admin:hunter22', 'hunter22']);
    expect(secretTexts(['ab', 'abcd']).sort()).toEqual(['["ab", "abcd"]', '["ab","abcd"]', 'abcd']);
  });

  test('a list shared 4^10 times (an alias bomb) is looked at once per part, and masked by its strings', () => {
    let bomb: unknown[] = ['hunter22', 'admin'];
    for (let i = 0; i < 10; i++) bomb = Array(4).fill(bomb);
    let texts: string[] = [];
    // Each occurrence was printed whole again, three ways, and cut into pieces: minutes (issue 17's fuzzer).
    expect(cpuMs(() => (texts = secretTexts(bomb)))).toBeLessThan(1_000);
    expect(texts).toContain('hunter22');
    expect(texts).toContain('["hunter22", "admin"]');
    // Only the parts small enough to be quoted whole in a message are printed (the whole is 20 MB).
    expect(texts.reduce((n, t) => n + t.length, 0)).toBeLessThan(1_000_000);
  });

  test('nothing shorter than 4 characters: a one-letter value hides nothing and would garble every word', () => {
    expect(secretTexts('a')).toEqual([]);
    expect(secretTexts('a:bc')).toEqual(['a:bc']);
    expect(secretTexts(12)).toEqual([]);
  });
});

describe('redactTexts: every occurrence, the longest first', () => {
  test('inside longer words too, and no part of a longer text survives', () => {
    const texts = secretTexts('admin:hunter22');
    expect(redactTexts('PW=admin:hunter22; user admin; pass=hunter22x', texts)).toBe(
      'PW=******; user ******; pass=******x',
    );
  });

  test('texts shorter than 4 characters are left alone, whoever gives them', () => {
    expect(redactTexts('Invalid default a', ['a', 'de'])).toBe('Invalid default a');
  });
});

test('maskQuoted: a message about the value itself masks its quote, whatever its length', () => {
  expect(maskQuoted(`Value "ab" is invalid for data type "number". 'ab' ab`, ['ab'])).toBe(
    `Value "******" is invalid for data type "number". '******' ab`,
  );
});

test('redactStrings: every string in an output value, keys too; a number that is a hidden text whole', () => {
  const texts = secretTexts('hunter22');
  expect(redactStrings({ env: ['PW=hunter22', 'X=1'], hunter22: 12345678, n: 7 }, texts)).toEqual({
    env: ['PW=******', 'X=1'],
    '******': 12345678,
    n: 7,
  });
  expect(redactStrings(12345678, secretTexts(12345678))).toBe('******');
});

describe('derivedHiddenTexts: what functions compute from hidden values alone', () => {
  const t = template([
    'parameters:',
    '  pw: {type: string, hidden: true}',
    '  name: {type: string}',
    'resources:',
    '  db:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    '      env:',
    '        - {str_split: [X, {get_param: pw}, 1]}',
    '        - {str_replace: {template: {get_param: pw}, params: {Secret: Plain}}}',
    '        - {list_join: ["-", [{get_param: name}, {get_attr: [web, network_ip]}, {get_param: pw}]]}',
    '  web: {type: DockerInc::Docker::Container, properties: {image: x}}',
  ]);
  const parameters = { pw: 'LongSecretXpiece22', name: 'visible' };
  const run = (expr: Expr) =>
    evaluate(expr, { template: t, parameters, resourceId: () => '', attribute: () => undefined });

  test('a str_split at a letter gives a text the value’s own pieces do not; what holds it is masked through it', () => {
    const given = secretTexts(parameters.pw);
    const texts = derivedHiddenTexts(t, new Set(['pw']), run, given);
    expect(given).not.toContain('piece22');
    expect(texts).toEqual(['piece22']);
    expect(redactTexts('got LongPlainXpiece22 and piece22', [...given, ...texts])).toBe(
      'got LongPlainX****** and ******',
    );
  });

  test('a call that reads a resource is not evaluated before deploy; no hidden parameter, no texts', () => {
    expect(derivedHiddenTexts(t, new Set(['pw']), run).some((x) => x.startsWith('visible'))).toBe(false);
    expect(derivedHiddenTexts(t, new Set(), run)).toEqual([]);
    const failing = () => {
      throw new Error('cannot evaluate');
    };
    expect(derivedHiddenTexts(t, new Set(['pw']), failing)).toEqual([]);
  });
});

test('resourcesGivenHidden: resources reading a hidden parameter, or reading a resource that does', () => {
  const t = template([
    'parameters:',
    '  pw: {type: string, hidden: true}',
    'resources:',
    '  db: {type: DockerInc::Docker::Container, properties: {env: [{get_param: pw}]}}',
    '  app: {type: DockerInc::Docker::Container, properties: {env: [{get_attr: [db, logs_head]}]}}',
    '  proxy: {type: DockerInc::Docker::Container, properties: {env: [{get_resource: app}]}}',
    '  other: {type: DockerInc::Docker::Container, properties: {image: x}}',
  ]);
  expect([...resourcesGivenHidden(t, new Set(['pw']))].sort()).toEqual(['app', 'db', 'proxy']);
  expect(resourcesGivenHidden(t, new Set()).size).toBe(0);
});

test('derivedHiddenTexts leaves out what holds a value’s own text: `PW=hunter22` is masked as `PW=******`', () => {
  const t = template([
    'parameters:',
    '  pw: {type: string, hidden: true}',
    'outputs:',
    '  o: {value: {list_join: ["=", [PW, {get_param: pw}]]}}',
  ]);
  const run = (expr: Expr) =>
    evaluate(expr, { template: t, parameters: { pw: 'hunter22' }, resourceId: () => '', attribute: () => undefined });
  const given = secretTexts('hunter22');
  expect(derivedHiddenTexts(t, new Set(['pw']), run, given)).toEqual([]);
  expect(redactTexts('PW=hunter22', [...given, ...derivedHiddenTexts(t, new Set(['pw']), run, given)])).toBe(
    'PW=******',
  );
});

describe('masking in validate messages (issue 10: a one-letter hidden value garbled every word)', () => {
  const text = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  p: {type: string, hidden: true, default: a, constraints: [{length: {min: 3}}, {allowed_values: [xyz]}]}',
    '  q: {type: string, hidden: true, default: hunter22, constraints: [{allowed_pattern: "[a-z]+"}]}',
    '',
  ].join('\n');

  test('a short value is masked only where the message quotes or names it; the words around it stay whole', () => {
    const messages = validateTemplate(parseTemplate(text).template!).map((d) => d.message);
    expect(messages.filter((m) => m.startsWith('Invalid default ******'))).toHaveLength(3);
    expect(messages.join('\n')).not.toMatch(/Inv\*|def\*|\ba\b.*not an allowed/);
  });

  test('a value of 4 characters or more is masked wherever it appears, inside a longer word too', () => {
    // Deliberately stricter than whole words: a secret sits inside `PW=hunter22` or `mysql://root:hunter22@db`.
    expect(redactTexts('mysql://root:hunter22@db PW=hunter22', secretTexts('hunter22'))).toBe(
      'mysql://root:******@db PW=******',
    );
  });
});
