/**
 * Hostile templates, made structure-aware (issue 17): a valid template (random, or one of the fixtures) whose
 * data is mutated — types swapped, functions given wrong arguments, values made huge or deep, keys named like
 * `Object.prototype`'s members — then written as YAML or JSON and mutated as text — YAML aliases that expand
 * exponentially, tags, duplicate keys, long strings, stray punctuation, a second document, control characters,
 * bytes that are not UTF-8. `runCase` puts one through every stage a template meets in process: parse, positions,
 * validate, convert (emit in both dialects and formats, and read back) and evaluate. An error a person can act on
 * (a diagnostic, a `HeatstackError`) is an answer; anything else thrown is a crash.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { HeatstackError } from '../../../src/errors.js';
import { emitTemplate, type Plain, writeYaml } from '../../../src/template/emit/index.js';
import { writtenSizeProblem } from '../../../src/template/emit/written-size.js';
import { evaluate } from '../../../src/template/evaluate/index.js';
import { rewriteForHot } from '../../../src/template/functions/hot-rewrites.js';
import { SPELLINGS } from '../../../src/template/functions/index.js';
import type { Dialect, Expr, Format, Template } from '../../../src/template/model.js';
import { HEAT_LIMITS, parseTemplate, type TemplateLimits } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { knownParameterValues } from '../../../src/template/validate/static-values.js';
import { templateArb } from '../arbitraries.js';

type Data = null | boolean | number | string | Data[] | { [key: string]: Data };

// --- the data: a valid template, then structural mutations ------------------------------------------------------

const FIXTURES = new URL('../../fixtures/templates/valid/', import.meta.url).pathname;
const FIXTURE_DATA: Data[] = readdirSync(FIXTURES).map((f) => parseYaml(readFileSync(join(FIXTURES, f), 'utf8')));

const baseArb: fc.Arbitrary<Data> = fc.oneof(
  templateArb.map((t) => JSON.parse(emitTemplate(t, { dialect: t.version.dialect, format: 'json' })) as Data),
  fc.constantFrom(...FIXTURE_DATA),
);

const FUNCTION_NAMES = [...new Set(SPELLINGS.map((s) => s.name))];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

const scalarArb: fc.Arbitrary<Data> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 5e-324, -0, 0.1, '', 'yes', '0x1F', '1e999', ...PROTOTYPE_KEYS),
);

const weirdArgsArb: fc.Arbitrary<Data> = fc.oneof(
  scalarArb,
  fc.constantFrom<Data>([], {}, [null], [[]], [{}], ['a', 'b', 'c', 'd', 'e'], { for_each: 1 }, { template: [] }),
  fc.array(scalarArb, { maxLength: 4 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...PROTOTYPE_KEYS)), scalarArb, { maxKeys: 3 }),
);

/** A value made `depth` levels deep out of lists, maps or function calls. */
function deep(depth: number, shape: 'list' | 'map' | 'call', fn: string): Data {
  let v: Data = 'x';
  for (let i = 0; i < depth; i++) v = shape === 'list' ? [v] : shape === 'map' ? { k: v } : { [fn]: [v] };
  return v;
}

type Replacement = (old: Data) => Data;

const TEN_MB = 10 * 2 ** 20;

/** Replacements; `big` scales the huge ones (1: up to 200,000 characters, 20,000 items). */
const replacementArb = (big: number): fc.Arbitrary<{ kind: string; replace: Replacement }> =>
  fc.oneof(
    { weight: 40, arbitrary: commonReplacementArb(big) },
    // Rarely, a 10 MB string: past every size limit, which must refuse it about as fast as it is read.
    {
      weight: 1,
      arbitrary: fc.constant({ kind: '10 MB string', replace: () => 'y'.repeat(Math.floor(TEN_MB * big)) }),
    },
  );

const commonReplacementArb = (big: number): fc.Arbitrary<{ kind: string; replace: Replacement }> =>
  fc.oneof(
    // A swapped type: the same value in another kind of node, or a scalar where a collection was.
    fc
      .constantFrom<[string, Replacement]>(
        ['list of it', (old) => [old]],
        ['map of it', (old) => ({ k: old })],
        ['its text', (old) => JSON.stringify(old) ?? 'null'],
        ['empty list', () => []],
        ['empty map', () => ({})],
        ['null', () => null],
        ['number', () => 7],
        ['boolean', () => true],
      )
      .map(([kind, replace]) => ({ kind: `swap to ${kind}`, replace })),
    // A function with arguments of the wrong shape.
    fc
      .tuple(fc.constantFrom(...FUNCTION_NAMES), weirdArgsArb)
      .map(([fn, args]) => ({ kind: `wrong ${fn}`, replace: () => ({ [fn]: args }) })),
    // Huge values.
    fc
      .integer({ min: 1_000, max: Math.max(1_000, 200_000 * big) })
      .map((n) => ({ kind: 'long string', replace: () => 'x'.repeat(n) })),

    fc.integer({ min: 100, max: Math.max(100, 20_000 * big) }).map((n) => ({
      kind: 'long list',
      replace: () => Array.from({ length: n }, (_, i) => `item${i}`),
    })),
    fc.integer({ min: 100, max: Math.max(100, 5_000 * big) }).map((n) => ({
      kind: 'wide map',
      replace: () => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
    })),
    // Deep values, up to and past the nesting limit.
    fc
      .tuple(
        fc.integer({ min: 20, max: 700 }),
        fc.constantFrom('list', 'map', 'call') as fc.Arbitrary<'list' | 'map' | 'call'>,
      )
      .chain(([depth, shape]) =>
        fc.constantFrom(...FUNCTION_NAMES).map((fn) => ({
          kind: `deep ${shape} ${depth}`,
          replace: () => deep(depth, shape, fn),
        })),
      ),
  );

/** Replaces the node `path` leads to (each step taken modulo the children there). */
function replaceAt(data: Data, path: readonly number[], replace: Replacement): Data {
  if (path.length === 0 || data === null || typeof data !== 'object') return replace(data);
  const [step, ...rest] = path as [number, ...number[]];
  if (Array.isArray(data)) {
    if (data.length === 0) return replace(data);
    const i = step % data.length;
    return data.map((x, j) => (j === i ? replaceAt(x, rest, replace) : x));
  }
  const keys = Object.keys(data);
  if (keys.length === 0) return replace(data);
  const k = keys[step % keys.length] as string;
  return withKey(data, k, replaceAt(data[k] as Data, rest, replace));
}

/** A copy of a map with one key set (an own key, `__proto__` too). */
function withKey(map: { [key: string]: Data }, key: string, value: Data): { [key: string]: Data } {
  const out: { [key: string]: Data } = {};
  const own = (k: string, v: Data) =>
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(map)) own(k, map[k] as Data);
  own(key, value);
  return out;
}

/** Adds a key named like a member of `Object.prototype` to the map at `path` (or the nearest map above it). */
function addPrototypeKey(data: Data, path: readonly number[], key: string, value: Data): Data {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) {
    if (data.length === 0 || path.length === 0) return data;
    const i = (path[0] as number) % data.length;
    return data.map((x, j) => (j === i ? addPrototypeKey(x, path.slice(1), key, value) : x));
  }
  const keys = Object.keys(data);
  const child = keys[(path[0] ?? 0) % Math.max(keys.length, 1)];
  const inner = child === undefined ? undefined : data[child];
  if (path.length > 0 && child !== undefined && inner !== null && typeof inner === 'object' && !Array.isArray(inner))
    return withKey(data, child, addPrototypeKey(inner as Data, path.slice(1), key, value));
  return withKey(data, key, value);
}

type StructuralEdit = { kind: string; apply: (d: Data) => Data };

const structuralArb = (big: number): fc.Arbitrary<StructuralEdit> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(fc.nat(), { maxLength: 6 }), replacementArb(big))
        .map(([path, r]) => ({ kind: r.kind, apply: (d: Data) => replaceAt(d, path, r.replace) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom(...PROTOTYPE_KEYS), weirdArgsArb)
        .map(([path, key, value]) => ({
          kind: `key ${key}`,
          apply: (d: Data) => addPrototypeKey(d, path, key, value),
        })),
    },
  );

// --- the text: written, then mutated as text ---------------------------------------------------------------------

type TextEdit = { kind: string; apply: (text: string) => string };

function insertAt(text: string, at: number, piece: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + piece + text.slice(i);
}

/** Replaces the value after the `n`th `: ` (a map value) with `piece`. */
function atValue(text: string, n: number, piece: (old: string) => string): string {
  const starts = [...text.matchAll(/: /g)].map((m) => (m.index as number) + 2);
  if (starts.length === 0) return text;
  const at = starts[n % starts.length] as number;
  return text.slice(0, at) + piece(text.slice(at));
}

/**
 * One value holding anchors each made of `width` aliases of the one before: `width ** levels` values once
 * expanded (a "billion laughs"), written where the value it replaces was.
 */
function aliasBomb(levels: number, width: number): string {
  const items = ['&a0 [lol, lol]'];
  for (let i = 1; i <= levels; i++)
    items.push(
      `&a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `[${items.join(', ')}]`;
}

const TAGS = [
  '!!python/object/apply:os.system ',
  '!!python/object:os.Foo ',
  '!!python/name:os.system ',
  '!!python/tuple ',
  '!Ref ',
  '!!binary ',
  '!!set ',
  '!!omap ',
  '!!str ',
  '!!int ',
  '!!map ',
  '!!seq ',
  '!<tag:yaml.org,2002:str> ',
  '! ',
];

const textEditArb = (big: number): fc.Arbitrary<TextEdit> =>
  fc.oneof(
    fc.tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 10 }), fc.nat()).map(([levels, width, n]) => ({
      kind: `alias bomb ${width}^${levels}`,
      apply: (t: string) => atValue(t, n, (rest) => `${aliasBomb(levels, width)}${rest.slice(rest.indexOf('\n'))}`),
    })),
    fc.tuple(fc.nat(), fc.constantFrom(...TAGS)).map(([n, tag]) => ({
      kind: `tag ${tag.trim()}`,
      apply: (t: string) => atValue(t, n, (rest) => tag + rest),
    })),
    fc.nat().map((n) => ({
      kind: 'duplicate line',
      apply: (t: string) => {
        const lines = t.split('\n');
        const i = n % lines.length;
        return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
      },
    })),
    fc
      .tuple(
        fc.nat(),
        fc.integer({ min: 1_000, max: Math.max(1_000, 300_000 * big) }),
        fc.constantFrom('x', '"', "'", '\\', ' ', 'é'),
      )
      .map(([at, n, c]) => ({ kind: `long run of ${c}`, apply: (t: string) => insertAt(t, at, c.repeat(n)) })),
    fc
      .tuple(fc.nat(), fc.oneof(fc.string({ unit: fc.constantFrom(...' :-[]{}#&*!|>\'"%@`,?\n~') }), fc.string()))
      .map(([at, s]) => ({ kind: 'punctuation', apply: (t: string) => insertAt(t, at, s) })),
    fc.nat().map((at) => ({ kind: 'second document', apply: (t: string) => insertAt(t, at, '\n---\n') })),
    fc
      .tuple(fc.nat(), fc.constantFrom('\u0000', '\t', '\r', '\r\n', '\u2028', '\ufeff', '\u0085', '\ud800', '\u007f'))
      .map(([at, c]) => ({ kind: `control ${JSON.stringify(c)}`, apply: (t: string) => insertAt(t, at, c) })),
    fc.tuple(fc.nat(), fc.integer({ min: 300, max: 1_000 })).map(([at, n]) => ({
      kind: `brackets ${n}`,
      apply: (t: string) => insertAt(t, at, `${'['.repeat(n)}${']'.repeat(n)}`),
    })),
  );

const INVALID_BYTES: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

/** YAML in the `yaml` library's styles; its writer recurses, so data too deep for it is written by emit's. */
function yamlText(data: Data, flow: boolean): string {
  try {
    return stringify(data, {
      aliasDuplicateObjects: false,
      lineWidth: 0,
      ...(flow ? { collectionStyle: 'flow' } : {}),
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return writeYaml(data as Plain);
  }
}

export interface HostileCase {
  /** What was done to the template, for a report. */
  readonly kinds: readonly string[];
  readonly input: string | Uint8Array;
  readonly limits: TemplateLimits;
}

/** Hostile cases; `big` scales the huge values (1, the big run's; less keeps a CI run quick). */
export const hostileCases = (big = 1): fc.Arbitrary<HostileCase> =>
  fc
    .record({
      base: baseArb,
      structural: fc.oneof(
        fc.constant<StructuralEdit[]>([]),
        fc.array(structuralArb(big), { minLength: 1, maxLength: 3 }),
      ),
      format: fc.constantFrom<Format>('yaml', 'yaml', 'json'),
      flow: fc.boolean(),
      edits: fc.oneof(
        fc.constant<TextEdit[]>([]),
        fc.constant<TextEdit[]>([]),
        fc.array(textEditArb(big), { minLength: 1, maxLength: 2 }),
      ),
      invalidUtf8: fc.oneof(
        { weight: 7, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...INVALID_BYTES)) },
      ),
      raisedLimits: fc.boolean(),
    })
    .map(({ base, structural, format, flow, edits, invalidUtf8, raisedLimits }) => {
      let data = base;
      for (const s of structural) data = s.apply(data);
      let text = format === 'json' ? JSON.stringify(data) : yamlText(data, flow);
      for (const e of edits) text = e.apply(text);
      const kinds = [
        ...structural.map((s) => s.kind),
        `${format}${flow && format === 'yaml' ? ' flow' : ''}`,
        ...edits.map((e) => e.kind),
      ];
      const limits = raisedLimits ? { maxTemplateSize: 8 << 20, maxResourcesPerStack: -1 } : HEAT_LIMITS;
      if (invalidUtf8 === null) return { kinds, input: text, limits };
      const bytes = Buffer.from(text);
      const at = invalidUtf8[0] % (bytes.length + 1);
      const input = Buffer.concat([bytes.subarray(0, at), Buffer.from(invalidUtf8[1]), bytes.subarray(at)]);
      return { kinds: [...kinds, 'invalid UTF-8'], input, limits };
    });

// --- one case through every stage --------------------------------------------------------------------------------

export interface Crash {
  readonly stage: string;
  readonly error: unknown;
}

export interface CaseResult {
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time (user and system) of the process: what the case cost, whatever else ran on the machine. */
  readonly cpuMs: number;
  /** The stages the case reached (a template with errors stops after validate). */
  readonly stages: readonly string[];
  readonly crash?: Crash;
  /** What came out: `template` (parsed, perhaps with warnings), `errors` (diagnostics only). */
  readonly answer: 'template' | 'errors';
}

class StageCrash extends Error {
  constructor(
    readonly stage: string,
    readonly error: unknown,
  ) {
    super(stage);
  }
}

/** Runs `work`; a `HeatstackError` is an answer (returned as `undefined`), anything else a crash of `stage`. */
function stage<T>(name: string, stages: string[], work: () => T): T | undefined {
  stages.push(name);
  try {
    return work();
  } catch (e) {
    if (e instanceof HeatstackError) return undefined;
    throw new StageCrash(name, e);
  }
}

export function runCase(c: HostileCase): CaseResult {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const took = () => {
    const cpu = process.cpuUsage(startCpu);
    return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const stages: string[] = [];
  let answer: CaseResult['answer'] = 'errors';
  try {
    const parsed = stage('parse', stages, () => parseTemplate(c.input, { limits: c.limits }));
    if (parsed === undefined) throw new StageCrash('parse', new Error('parse threw a HeatstackError'));
    stage('positions', stages, () => {
      for (const d of parsed.diagnostics) {
        if (typeof d.message !== 'string' || d.message === '' || !['error', 'warning'].includes(d.severity))
          throw new Error(`a malformed diagnostic: ${JSON.stringify(d)}`);
        parsed.positionOf(d.path);
      }
    });
    const template = parsed.template;
    const parseErrors = parsed.diagnostics.some((d) => d.severity === 'error');
    if (template === undefined) {
      if (!parseErrors) throw new StageCrash('parse', new Error('no template and no error'));
      return { ...took(), stages, answer };
    }
    answer = 'template';
    const problems = stage('validate', stages, () => validateTemplate(template, { positionOf: parsed.positionOf }));
    if (parseErrors || (problems ?? []).some((d) => d.severity === 'error')) {
      return { ...took(), stages, answer };
    }
    convert(template, c.limits, stages);
    evaluateAll(template, stages);
    return { ...took(), stages, answer };
  } catch (e) {
    const crash = e instanceof StageCrash ? { stage: e.stage, error: e.error } : { stage: 'harness', error: e };
    return { ...took(), stages, crash, answer };
  }
}

/**
 * Emits in both dialects and formats (CFN → HOT rewritten as `convert` does) and reads each back; as `convert`, not a
 * template that written out would be over the size limit (its YAML aliases in full).
 */
function convert(template: Template, limits: TemplateLimits, stages: string[]): void {
  if (stage('written size', stages, () => writtenSizeProblem(template, limits)) !== undefined) return;
  for (const dialect of ['hot', 'cfn'] as Dialect[]) {
    for (const format of ['yaml', 'json'] as Format[]) {
      const source = dialect === 'hot' && template.version.dialect === 'cfn' ? rewriteForHot(template) : template;
      const text = stage(`emit ${dialect} ${format}`, stages, () => emitTemplate(source, { dialect, format }));
      if (text === undefined) continue;
      stage(`reparse ${dialect} ${format}`, stages, () =>
        parseTemplate(text, { limits: { maxTemplateSize: 1 << 30, maxResourcesPerStack: -1 } }),
      );
    }
  }
}

/** Every output, resource property and condition, with parameter defaults and stand-ins for resources. */
function evaluateAll(template: Template, stages: string[]): void {
  const parameters = stage('parameters', stages, () => Object.fromEntries(knownParameterValues(template, {}))) ?? {};
  const ctx = { template, parameters, resourceId: (n: string) => `id-${n}`, attribute: () => 'attr' };
  const exprs: Expr[] = [
    ...Object.values(template.outputs).map((o) => o.value),
    ...Object.values(template.resources).flatMap((r) => Object.values(r.properties)),
    ...Object.values(template.conditions),
  ];
  for (const e of exprs) stage('evaluate', stages, () => evaluate(e, ctx));
}
