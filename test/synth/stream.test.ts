import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { App, DockerContainer, Output, Parameter, Stack, SynthError } from '../../src/constructs/index.js';
import { loadAppFile, synthesize, writeTemplateFile } from '../../src/synth/index.js';
import { synthesizeToFiles } from '../../src/synth/stream.js';
import type { Dialect, Format } from '../../src/template/model.js';
import { Fn } from '../../src/tokens/fn.js';
import { Lazy } from '../../src/tokens/lazy.js';

const root = mkdtempSync(join(tmpdir(), 'heatstack-stream-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `d${dirs++}`);

/** What the assembled path gives: each stack's file as `writeTemplateFile(app.synth()[i].template)` writes it. */
function assembled(app: App, dialect: Dialect, format: Format): Map<string, string> | SynthError {
  let templates: ReturnType<App['synth']>;
  try {
    templates = app.synth({ dialect });
  } catch (e) {
    if (e instanceof SynthError) return e;
    throw e;
  }
  const files = new Map<string, string>();
  for (const { stackName, template } of templates) {
    const file = join(root, `assembled-${dirs++}`);
    writeTemplateFile(file, template, { dialect, format, version: 'auto' });
    files.set(`${stackName}.template.${format}`, readFileSync(file, 'utf8'));
  }
  return files;
}

/** What `synthesizeToFiles` writes: each file of the folder by name (none when it throws). */
function streamed(app: App, dialect: Dialect, format: Format): Map<string, string> | SynthError {
  const dir = freshDir();
  try {
    synthesizeToFiles(app, dir, { dialect, format, version: 'auto' });
  } catch (e) {
    if (!(e instanceof SynthError)) throw e;
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]); // no partial file left behind
    return e;
  }
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

// A random app, described as data so that it can be built twice (once per path: synthesis must not be asked twice
// of the same constructs, whose lazy values may count their calls).
interface ContainerSpec {
  /** Containers (by index, forwards too) whose IP address this one's env reads. */
  readonly reads: readonly number[];
  /** Containers it depends on explicitly. */
  readonly dependsOn: readonly number[];
  readonly readsParameter: boolean;
  /** Uses a function beyond references and joins (the version is then chosen from the whole template). */
  readonly selects: boolean;
  /** An invalid property: a problem synth reports. */
  readonly invalid: boolean;
  /** The logical id of another container (by index): a duplicate id. */
  readonly sameIdAs?: number;
  readonly text: string;
}
interface StackSpec {
  readonly parameterFirst: boolean;
  readonly hasParameter: boolean;
  readonly containers: readonly ContainerSpec[];
  readonly outputs: readonly { readonly of: number; readonly selects: boolean }[];
  readonly description?: string;
}

function build(stacks: readonly StackSpec[]): App {
  const app = new App();
  stacks.forEach((spec, s) => {
    const stack = new Stack(app, `S${s}`, spec.description === undefined ? {} : { description: spec.description });
    const n = spec.containers.length;
    const parameter = (): Parameter => new Parameter(stack, 'Image', { default: 'busybox', description: 'the image' });
    const p = spec.hasParameter && spec.parameterFirst ? parameter() : undefined;
    const containers: DockerContainer[] = [];
    spec.containers.forEach((c, i) => {
      const env = c.reads.map((to) => Lazy.string({ produce: () => `IP${to}=${containers[to % n]!.networkIp}` }));
      if (c.readsParameter && p !== undefined) env.push(`IMAGE=${p.valueAsString}`);
      if (c.selects) env.push(Fn.select(0, Fn.split(',', `a,${containers[0]?.networkIp ?? 'b'}`)));
      const container = new DockerContainer(stack, `C${i}`, {
        image: c.text,
        env,
        ...(c.invalid && { restartPolicy: { name: 'sometimes' as 'always' } }),
      });
      if (c.sameIdAs !== undefined) container.overrideLogicalId(`C${c.sameIdAs % n}`);
      containers.push(container);
    });
    spec.containers.forEach((c, i) => {
      for (const to of c.dependsOn) if (to % n !== i) containers[i]!.addDependency(containers[to % n]!);
    });
    if (spec.hasParameter && !spec.parameterFirst) parameter();
    spec.outputs.forEach((o, k) => {
      const ip = containers[o.of % n]!.networkIp;
      new Output(stack, `Out${k}`, { value: o.selects ? Fn.select(0, Fn.split(',', ip)) : `http://${ip}/` });
    });
  });
  return app;
}

const rare = (p: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: p }).map((x) => x === 1);
const containerSpec = fc.record(
  {
    reads: fc.array(fc.nat(30), { maxLength: 2 }),
    dependsOn: fc.array(fc.nat(30), { maxLength: 1 }),
    readsParameter: fc.boolean(),
    selects: rare(25),
    invalid: rare(40),
    sameIdAs: fc.option(fc.nat(30), { nil: undefined, freq: 40 }),
    text: fc.oneof(fc.constant('busybox'), fc.string({ maxLength: 6 }), fc.constant('grüß 👋 "q"\n')),
  },
  { requiredKeys: ['reads', 'dependsOn', 'readsParameter', 'selects', 'invalid', 'text'] },
);
const stackSpec = fc.record(
  {
    parameterFirst: fc.boolean(),
    hasParameter: fc.boolean(),
    containers: fc.array(containerSpec, { minLength: 1, maxLength: 12 }),
    outputs: fc.array(fc.record({ of: fc.nat(30), selects: rare(8) }), { maxLength: 2 }),
    description: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  },
  { requiredKeys: ['parameterFirst', 'hasParameter', 'containers', 'outputs'] },
);

describe('synthesizeToFiles', () => {
  test.each([
    ['cfn', 'json'],
    ['hot', 'json'],
    ['cfn', 'yaml'],
    ['hot', 'yaml'],
  ] as const)(
    'writes the bytes of writeTemplateFile(app.synth()), or throws the same SynthError (%s, %s)',
    (dialect, format) => {
      fc.assert(
        fc.property(fc.array(stackSpec, { minLength: 1, maxLength: 3 }), (stacks) => {
          // GIVEN the same random app built twice (forward references, parameters before or after, outputs,
          // functions that change the version, invalid props, duplicate ids, cycles through addDependency)
          // WHEN each path synthesizes its copy
          const expected = assembled(build(stacks), dialect, format);
          const actual = streamed(build(stacks), dialect, format);
          // THEN the same files, byte for byte, or the same problems
          if (expected instanceof SynthError) {
            expect(actual).toBeInstanceOf(SynthError);
            expect((actual as SynthError).message).toBe(expected.message);
          } else expect(actual).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    },
  );

  test.each([
    ['wordpress', 'cfn', 'yaml'],
    ['wordpress', 'hot', 'json'],
    ['site', 'cfn', 'json'],
    ['site', 'hot', 'yaml'],
  ] as const)('the example %s is written as writeTemplateFile writes it (%s, %s)', async (name, dialect, format) => {
    // GIVEN an example app, built by this copy of the library (vitest resolves `heatstack` to the sources)
    const app = ((await import(`../../examples/${name}.ts`)) as { default: App }).default;
    expect(app).toBeInstanceOf(App);
    // WHEN / THEN
    expect(streamed(app, dialect, format)).toEqual(assembled(app, dialect, format));
  });

  test('an app of another copy of heatstack (an app file loaded from dist/) is written through its own synth()', async () => {
    // GIVEN the example loaded as the CLI loads it
    const app = await loadAppFile('examples/site.ts');
    // WHEN / THEN: the same bytes as its adopted templates written whole
    const expected = new Map(
      synthesize(app, { dialect: 'hot' }).map(({ stackName, template }) => {
        const file = join(root, `foreign-${dirs++}`);
        writeTemplateFile(file, template, { dialect: 'hot', format: 'json', version: 'auto' });
        return [`${stackName}.template.json`, readFileSync(file, 'utf8')] as const;
      }),
    );
    expect(streamed(app, 'hot', 'json')).toEqual(expected);
  });

  test('only the chosen stacks are written, and a problem in another still fails the whole synth', () => {
    // GIVEN two stacks, the second with an invalid container
    const app = new App();
    new DockerContainer(new Stack(app, 'Good'), 'Web', { image: 'nginx' });
    new DockerContainer(new Stack(app, 'Bad'), 'Web', { image: 'nginx', memory: -1 });
    const dir = freshDir();
    // WHEN only the good one is chosen, THEN the bad one's problem is reported and no file is written
    expect(() => synthesizeToFiles(app, dir, { dialect: 'cfn', format: 'json', stacks: ['Good'] })).toThrow(/Bad\/Web/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a chosen stack alone is written when every stack is fine', () => {
    // GIVEN two good stacks
    const app = new App();
    new DockerContainer(new Stack(app, 'One'), 'Web', { image: 'nginx' });
    new DockerContainer(new Stack(app, 'Two'), 'Web', { image: 'nginx' });
    const dir = freshDir();
    // WHEN
    const written = synthesizeToFiles(app, dir, { dialect: 'cfn', format: 'yaml', stacks: ['Two'] });
    // THEN
    expect(written.map((w) => w.stackName)).toEqual(['Two']);
    expect(readdirSync(dir)).toEqual(['Two.template.yaml']);
    expect(written[0]!.bytes).toBe(readFileSync(join(dir, 'Two.template.yaml')).length);
  });
});
