/**
 * The package as a user gets it: `npm pack`ed, installed into a fresh ESM project and a fresh CommonJS one
 * (`module: node16`), and type-checked with `skipLibCheck: false` against the README's TypeScript snippets — so a
 * published declaration that names a package the user does not have, or a README example that does not compile,
 * fails here. No registry is asked: the tarball is unpacked as `node_modules/heatstack`, and its dependencies (and
 * the compiler) are linked from this repository's `node_modules`, only those the package declares, so a
 * devDependency it leaks is missing as it would be for a user.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const REPO_MODULES = realpathSync(join(REPO, 'node_modules'));
/** What a user installs beside heatstack for the README's snippets: the compiler, Node's types, vitest. */
const USER_PACKAGES = ['typescript', '@types/node', 'vitest'];

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * `npm pack` of a copy of the repository (its `prepare` builds `dist/` there, so tests that load this checkout's
 * `dist/` meanwhile never see it half-written); returns the tarball's path.
 */
function pack(into: string): string {
  const copy = join(into, 'repository');
  const skipped = new Set(['node_modules', 'dist', '.git'].map((name) => join(REPO, name)));
  cpSync(REPO, copy, { recursive: true, filter: (source) => !skipped.has(source) });
  symlinkSync(REPO_MODULES, join(copy, 'node_modules'));
  const r = run('npm', ['pack', '--pack-destination', into, '--silent'], copy);
  expect(r.status, r.output).toBe(0);
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball: ${r.output}`);
  return join(into, tarball);
}

/** Links `roots` and every package they depend on (transitively) from this repository's `node_modules`. */
function linkDependencies(modules: string, roots: readonly string[]): void {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const dir = join(REPO_MODULES, name);
    // A dependency not at the top level is nested in its dependent's own node_modules, linked with it.
    if (seen.has(name) || !existsSync(dir)) continue;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    queue.push(...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }));
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(realpathSync(dir), join(modules, name));
  }
}

/** The ```ts blocks of the README, in order. */
function readmeSnippets(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/**
 * Each snippet as a file of the user's project: at the path its first line names (`// stacks/blog.ts`); a module
 * (one that declares something: a class, an export) under `snippets/`; a fragment (statements of a stack's
 * constructor, after its imports) inside a stack class.
 */
function snippetFiles(snippets: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  snippets.forEach((text, i) => {
    const path = /^\/\/ (\S+\.ts)\n/.exec(text)?.[1];
    if (path !== undefined) files[path] = text;
    else if (/^(export|class) /m.test(text)) files[`snippets/snippet${i}.ts`] = text;
    else files[`snippets/snippet${i}.ts`] = inStack(text);
  });
  return files;
}

/** Statements of a stack's constructor as a module: its imports first, then a stack class around the rest. */
function inStack(fragment: string): string {
  const lines = fragment.split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const imported = new Set(imports.join(' ').match(/\w+/g));
  const usual = ['App', 'DockerContainer', 'Fn', 'Lazy', 'Output', 'Parameter', 'Stack', 'Token'];
  const more = usual.filter((name) => !imported.has(name));
  return [
    `import { ${more.join(', ')} } from 'heatstack';`,
    ...imports,
    'export class Snippet extends Stack {',
    '  constructor(scope: App, id: string) {',
    '    super(scope, id);',
    ...lines.filter((l) => !l.startsWith('import ')),
    '  }',
    '}',
    `void [${more.join(', ')}];`,
    '',
  ].join('\n');
}

/** What the README says a program can call, each from the module it names (`In code: …`). */
const DOCUMENTED_API = `import { App, Construct, DockerContainer, Fn, HeatstackError, Lazy, Output, Parameter, Stack, Token } from 'heatstack';
import {
  checkResourceProperties, conditionHolds, emitTemplate, evaluate, EvaluationError, hotVersionsWith, isFunctionName,
  loadAppFile, lookupFunction, normalizeProperties, ParameterError, parseTemplate, PropertyValueError,
  redactHiddenParameters, resolveParameters, synthesize, synthesizeToFiles, validateTemplate, writeTemplateFile,
} from 'heatstack/template';
import {
  createDockerBackend, createDockerContainerHandler, defaultTemplateServices, deployStack, destroyStack,
  findStackObjects, formatPlan, planStack, removeStackObjects, resumeStack, StateStore, suspendStack,
} from 'heatstack/deploy';
import { Match, Template, Testing } from 'heatstack/testing';
export const api = [
  App, Construct, DockerContainer, Fn, HeatstackError, Lazy, Output, Parameter, Stack, Token,
  checkResourceProperties, conditionHolds, emitTemplate, evaluate, EvaluationError, hotVersionsWith, isFunctionName,
  loadAppFile, lookupFunction, normalizeProperties, ParameterError, parseTemplate, PropertyValueError,
  redactHiddenParameters, resolveParameters, synthesize, synthesizeToFiles, validateTemplate, writeTemplateFile,
  createDockerBackend, createDockerContainerHandler, defaultTemplateServices, deployStack, destroyStack,
  findStackObjects, formatPlan, planStack, removeStackObjects, resumeStack, StateStore, suspendStack,
  Match, Template, Testing,
];
`;

/**
 * What `import('heatstack')` gives at run time: the user concepts, nothing of the template tools, the engine or
 * their internals (the planner, label names, spelling tables, configuration hashing).
 */
const ROOT_EXPORTS = [
  'App',
  'Condition',
  'Construct',
  'DockerContainer',
  'DockerImage',
  'DockerNetwork',
  'DockerVolume',
  'Fn',
  'HeatResource',
  'HeatstackError',
  'Intrinsic',
  'Lazy',
  'Mapping',
  'Output',
  'Parameter',
  'ParameterGroup',
  'Pseudo',
  'RandomString',
  'Resolvable',
  'Resource',
  'ResourceGroup',
  'Stack',
  'StackElement',
  'SynthError',
  'Token',
  'TokenError',
  'UsageError',
  'isResolvable',
  // Stack members as decorators (`@parameter`, `@output`).
  'output',
  'parameter',
];

/** Names no entry point of the package may export: internals. */
const INTERNAL_NAMES = [
  'LABELS',
  'SPELLINGS',
  'spellingFor',
  'configHash',
  'planDeploy',
  'planDestroy',
  'resolveValue',
];

interface Project {
  readonly dir: string;
  readonly kind: 'esm' | 'cjs';
}

/** A user's project: heatstack unpacked from the tarball, the README's snippets, a strict tsconfig. */
function createProject(root: string, tarball: string, kind: Project['kind']): Project {
  const dir = join(root, kind);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'heatstack'), { recursive: true });
  const untar = run('tar', ['-xzf', tarball, '-C', join(modules, 'heatstack'), '--strip-components=1'], dir);
  expect(untar.status, untar.output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(modules, 'heatstack', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  linkDependencies(modules, [...Object.keys(manifest.dependencies), ...USER_PACKAGES]);
  const type = kind === 'esm' ? 'module' : 'commonjs';
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${kind}`, private: true, type }));
  const module = kind === 'esm' ? 'nodenext' : 'node16';
  const compilerOptions = {
    strict: true,
    module,
    target: 'es2022',
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts', '**/*.mts'] }));
  for (const [path, text] of Object.entries({
    ...snippetFiles(readmeSnippets()),
    'documented-api.ts': DOCUMENTED_API,
  })) {
    // vitest is an ES module only: a CommonJS project writes its tests as .mts.
    const file = kind === 'cjs' && text.includes("from 'vitest'") ? path.replace(/\.ts$/, '.mts') : path;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { dir, kind };
}

let root: string;
let tarball: string;
const projects: Project[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'heatstack-consumer-'));
  tarball = pack(root);
  projects.push(createProject(root, tarball, 'esm'), createProject(root, tarball, 'cjs'));
}, 300_000);

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

test('the README has the snippets this test compiles', () => {
  expect(Object.keys(snippetFiles(readmeSnippets()))).toEqual(
    expect.arrayContaining(['stacks/blog.ts', 'test/blog.test.ts']),
  );
});

/** Whether a package brings its own declarations (else they come from `@types/<name>`). */
function hasOwnTypes(name: string): boolean {
  const dir = join(REPO_MODULES, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  return (
    'types' in pkg ||
    'typings' in pkg ||
    JSON.stringify(pkg.exports ?? {}).includes('"types"') ||
    existsSync(join(dir, 'index.d.ts'))
  );
}

test('every package a published declaration imports is a dependency with types', () => {
  const pkg = join(root, 'esm', 'node_modules', 'heatstack');
  const { dependencies } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const imported = new Set<string>();
  for (const file of readdirSync(join(pkg, 'dist'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(join(pkg, 'dist', file), 'utf8');
    for (const m of text.matchAll(/(?:from |import\()'([^'./][^']*)'/g)) {
      const parts = m[1]!.split('/');
      if (!m[1]!.startsWith('node:')) imported.add(parts.slice(0, m[1]!.startsWith('@') ? 2 : 1).join('/'));
    }
  }
  const untyped = [...imported].filter(
    (name) => !(name in dependencies) || !(hasOwnTypes(name) || `@types/${name}` in dependencies),
  );
  expect(untyped).toEqual([]);
});

test('every document or example a published doc comment cites is in the package', () => {
  const pkg = join(root, 'esm', 'node_modules', 'heatstack');
  const cited = new Set<string>();
  for (const file of readdirSync(join(pkg, 'dist'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(join(pkg, 'dist', file), 'utf8');
    for (const m of text.matchAll(/`((?:docs|examples)\/[\w./-]+|[\w-]+\.md)`/g)) cited.add(m[1]!);
  }
  expect([...cited].filter((path) => !existsSync(join(pkg, path)))).toEqual([]);
});

describe.each(['esm', 'cjs'] as const)('a %s project using the packed package', (kind) => {
  const project = (): Project => projects.find((p) => p.kind === kind)!;

  test('type-checks the README snippets with skipLibCheck: false', () => {
    const tsc = join(REPO_MODULES, 'typescript', 'bin', 'tsc');
    const r = run(process.execPath, [tsc, '-p', '.'], project().dir);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  test("synthesizes the README's app with the installed command", () => {
    const bin = join(project().dir, 'node_modules', 'heatstack', 'bin', 'heatstack.js');
    const r = run(process.execPath, [bin, 'synth', 'stacks/blog.ts'], project().dir);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('Fn::GetAtt: [Database, NetworkIp]');
  }, 120_000);

  test('loads the package at run time', () => {
    const load =
      kind === 'esm'
        ? "import('heatstack').then((h) => console.log(typeof h.App))"
        : "console.log(typeof require('heatstack').App)";
    const r = run(process.execPath, ['-e', load], project().dir);
    expect(r.output.trim()).toBe('function');
  });
});

test('import(heatstack) exposes only the user concepts; no entry point exports an internal', () => {
  const dir = join(root, 'esm');
  const list = `Promise.all(['heatstack', 'heatstack/template', 'heatstack/deploy', 'heatstack/testing'].map((m) => import(m)))
    .then((ms) => console.log(JSON.stringify(ms.map((m) => Object.keys(m).sort()))))`;
  const r = run(process.execPath, ['-e', list], dir);
  expect(r.status, r.output).toBe(0);
  const [rootNames, ...others] = JSON.parse(r.output) as string[][];
  expect(rootNames).toEqual([...ROOT_EXPORTS].sort());
  expect([rootNames, ...others].flat().filter((name) => INTERNAL_NAMES.includes(name))).toEqual([]);
});

test('the published declarations carry no @internal member', () => {
  const pkg = join(root, 'esm', 'node_modules', 'heatstack', 'dist');
  const marked = readdirSync(pkg, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.d.ts') && readFileSync(join(pkg, file), 'utf8').includes('@internal'),
  );
  expect(marked).toEqual([]);
});

test('the shipped examples synthesize from the installed package', () => {
  const dir = join(root, 'esm');
  const bin = join(dir, 'node_modules', 'heatstack', 'bin', 'heatstack.js');
  const examples = readdirSync(join(dir, 'node_modules', 'heatstack', 'examples')).filter((f) => f.endsWith('.ts'));
  expect(examples).toEqual(expect.arrayContaining(['site.ts', 'wordpress.ts']));
  for (const example of examples) {
    const r = run(process.execPath, [bin, 'synth', `node_modules/heatstack/examples/${example}`], dir);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('HeatTemplateFormatVersion');
  }
}, 120_000);
