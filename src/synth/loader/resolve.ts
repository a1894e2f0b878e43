/**
 * Where an app's import specifiers lead, beyond what Node resolves by itself: `heatstack` (and its subpaths) is the
 * copy of heatstack that runs the command, `tsconfig.json` `paths` of the working folder apply (as they did with
 * tsx), and a TypeScript file is found under the name it will have once compiled (`./stack.js` → `./stack.ts`) or
 * with no extension at all. Shared by the ES module hooks (`hooks.ts`) and the CommonJS one (`commonjs.ts`).
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** heatstack's own modules, as the package's `exports` name them: subpath pattern → absolute file pattern. */
export type SelfExports = Readonly<Record<string, string>>;

/**
 * The package's `exports`, pointing at the running copy's own files (`src/*.ts` under the tests, `dist/*.js`
 * installed): an app's `import 'heatstack'` is the library the command already loaded, one copy, whatever
 * `node_modules` or a tsconfig path would say.
 */
export function selfExports(libraryRoot: string, extension: string): SelfExports {
  const manifest = JSON.parse(readFileSync(join(libraryRoot, '..', 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import?: { default?: string } }>;
  };
  const out: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = typeof target === 'string' ? target : target.import?.default;
    if (file === undefined || !file.startsWith('./dist/')) continue;
    out[manifest.name + subpath.slice(1)] = join(libraryRoot, file.slice('./dist/'.length)).replace(/\.js$/, extension);
  }
  return out;
}

/** The file a `heatstack` specifier names in the running copy, if it is one. */
export function resolveSelf(specifier: string, self: SelfExports): string | undefined {
  const exact = self[specifier];
  if (exact !== undefined) return exact;
  for (const [pattern, target] of Object.entries(self)) {
    const star = pattern.indexOf('*');
    if (star < 0 || !specifier.startsWith(pattern.slice(0, star))) continue;
    const rest = specifier.slice(star);
    if (rest.includes('..') || !/^[\w./-]+$/.test(rest)) continue;
    const file = target.replace('*', rest);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** `compilerOptions.paths` of a tsconfig, with the folder its patterns are relative to. */
interface PathMapping {
  readonly base: string;
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

let pathMapping: PathMapping | null | undefined;

/** The `paths` of `tsconfig.json` in the working folder (following relative `extends`), read once. */
function workingFolderPaths(): PathMapping | null {
  if (pathMapping === undefined) pathMapping = readPaths(resolve('tsconfig.json'), 0);
  return pathMapping;
}

function readPaths(file: string, depth: number): PathMapping | null {
  if (depth > 10 || !existsSync(file)) return null;
  let config: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    config = JSON.parse(withoutComments(readFileSync(file, 'utf8')));
  } catch {
    return null; // not ours to report: the app's own code decides whether it needs the file
  }
  const options = config.compilerOptions ?? {};
  const dir = dirname(file);
  if (typeof options.paths === 'object' && options.paths !== null) {
    const base = typeof options.baseUrl === 'string' ? resolve(dir, options.baseUrl) : dir;
    return { base, paths: options.paths as Record<string, string[]> };
  }
  if (typeof config.extends === 'string' && config.extends.startsWith('.')) {
    const parent = resolve(dir, config.extends);
    return readPaths(parent.endsWith('.json') ? parent : `${parent}.json`, depth + 1);
  }
  return null;
}

/** JSON with comments and trailing commas (as tsconfig files are written) as plain JSON. */
function withoutComments(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ''))
    .replace(/,(\s*[}\]])/g, '$1');
}

/** The file a bare specifier names through the working folder's tsconfig `paths`, if one matches. */
export function resolveTsconfigPath(specifier: string): string | undefined {
  const mapping = workingFolderPaths();
  if (mapping === null) return undefined;
  for (const [pattern, targets] of Object.entries(mapping.paths)) {
    const star = pattern.indexOf('*');
    let rest: string;
    if (star < 0) {
      if (pattern !== specifier) continue;
      rest = '';
    } else {
      const head = pattern.slice(0, star);
      const tail = pattern.slice(star + 1);
      if (!specifier.startsWith(head) || !specifier.endsWith(tail) || specifier.length < head.length + tail.length)
        continue;
      rest = specifier.slice(head.length, specifier.length - tail.length);
    }
    for (const target of targets) {
      const found = existingFile(resolve(mapping.base, target.replace('*', rest)));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const NO_EXTENSION = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/**
 * The file a path names: itself, its TypeScript source (`x.js` → `x.ts`), the path with an extension added, or a
 * folder's `index`; undefined when none exists.
 */
export function existingFile(path: string): string | undefined {
  if (isFile(path)) return path;
  const extension = /\.[cm]?jsx?$/.exec(path)?.[0];
  if (extension !== undefined) {
    const stem = path.slice(0, -extension.length);
    for (const ts of TS_FOR_JS[extension] ?? []) if (isFile(stem + ts)) return stem + ts;
  }
  for (const ext of NO_EXTENSION) if (isFile(path + ext)) return path + ext;
  for (const ext of NO_EXTENSION) if (isFile(join(path, `index${ext}`))) return join(path, `index${ext}`);
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const packageTypes = new Map<string, 'module' | 'commonjs' | undefined>();

/**
 * The `type` of the nearest package.json above `dir`: how Node reads a `.ts`/`.js` file there; undefined when
 * none says (no package.json, or one without `type`).
 */
export function packageType(dir: string): 'module' | 'commonjs' | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type: 'module' | 'commonjs' | undefined;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const declared = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
      if (declared === 'module' || declared === 'commonjs') type = declared;
    } catch {
      // an unreadable package.json is Node's to report, when it reads it
    }
  } else if (dirname(dir) !== dir) {
    type = packageType(dirname(dir));
  }
  packageTypes.set(dir, type);
  return type;
}

/** Whether a file is compiled before it runs. */
export function isTypeScript(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file) && !file.endsWith('.d.ts');
}

// An `import`/`export` statement at the start of a line (not `import(`, `import.meta`, or `export =`).
const ES_MODULE_SYNTAX = /^[ \t]*(?:import[\s{*'"]|export[\s{*](?!\s*=))/m;

/**
 * The module format of a TypeScript file: `.mts` ES module, `.cts` CommonJS, else its package's `type`; where no
 * package.json gives one, its syntax decides, as Node decides for JavaScript (ES module syntax: an ES module).
 */
export function typeScriptFormat(file: string, source: string): 'module' | 'commonjs' {
  if (/\.mtsx?$/.test(file)) return 'module';
  if (/\.ctsx?$/.test(file)) return 'commonjs';
  return packageType(dirname(file)) ?? (ES_MODULE_SYNTAX.test(source) ? 'module' : 'commonjs');
}
