/**
 * An app loaded in the main thread, with no loader thread. `module.register` (the ES module hooks, `hooks.ts`) runs
 * its hooks in a worker with an isolate of its own: on Node 20 starting it costs about 40 ms of CPU, two thirds of a
 * bare `node -e 0` (measured: `docs/app-loader.md`). An app that CommonJS runs exactly as its ES module would is
 * compiled to CommonJS (`transpile.ts`, `import` turned into `require`) and required through the main thread's
 * `require` hook (`commonjs.ts`) instead, with no worker at all.
 *
 * An app qualifies when every user file it reaches is TypeScript, compiles to a CommonJS module (no top-level
 * `await`, no `import.meta`), and imports only other such files, heatstack itself and Node's built-in modules:
 * those are what CommonJS and ES modules read alike (heatstack is the ES module already loaded, its namespace
 * handed to `require`). Anything else (a package from node_modules, a JavaScript file, a top-level `await`) loads
 * through the hooks, as before. The files are only read and compiled (cached) to decide: none runs until the
 * decision is made, so an app never half-runs on one path and again on the other.
 */

import { readFileSync } from 'node:fs';
import Module, { isBuiltin } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import vm from 'node:vm';
import { existingFile, resolveSelf, resolveTsconfigPath, type SelfExports, typeScriptFormat } from './resolve.js';
import { transpile } from './transpile.js';

/** What a main-thread load of an app needs: heatstack's own files it requires, to be loaded (as ES modules) first. */
export interface MainThreadPlan {
  readonly library: readonly string[];
}

// `require('x')` as the CommonJS compile writes an import (a dynamic `import('x')` too); any other `require(` use.
const REQUIRE = /\brequire\((['"])([^'"\n]*)\1\)/g;
const OTHER_REQUIRE = /\brequire\s*\((?!['"][^'"\n]*['"]\))/;
// The files the `require` hook compiles (`.mts` is an ES module by its name alone).
const REQUIRED_AS_TYPESCRIPT = /\.(?:c?ts|tsx)$/;

/**
 * Whether the app at `app` (absolute) loads in the main thread, and what heatstack files it requires; undefined
 * when any file it reaches needs the ES module loader.
 */
export function mainThreadPlan(
  app: string,
  self: SelfExports,
  isUserFile: (file: string) => boolean,
): MainThreadPlan | undefined {
  const library = new Set<string>();
  const seen = new Set<string>();
  const pending = [app];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!isUserFile(file) || !REQUIRED_AS_TYPESCRIPT.test(file)) return undefined;
    const code = commonJsCode(file);
    if (code === undefined || OTHER_REQUIRE.test(code)) return undefined;
    for (const [, , specifier] of code.matchAll(REQUIRE)) {
      const own = resolveSelf(specifier!, self);
      if (own !== undefined) library.add(own);
      else if (isBuiltin(specifier!)) continue;
      else {
        const target = userTarget(specifier!, file);
        if (target === undefined) return undefined;
        pending.push(target);
      }
    }
  }
  return { library: [...library] };
}

/** The file compiled to CommonJS, if it is a CommonJS module (not one with a top-level `await` or `import.meta`). */
function commonJsCode(file: string): string | undefined {
  let code: string;
  try {
    code = transpile(file, readFileSync(file, 'utf8'), 'commonjs');
    // Compiled, not run: a module body CommonJS cannot hold is a syntax error here.
    new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file });
  } catch {
    return undefined; // the ES module loader reads it, and reports what is wrong with it as it always did
  }
  return code;
}

function userTarget(specifier: string, parent: string): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../'))
    return existingFile(resolve(dirname(parent), specifier));
  if (isAbsolute(specifier)) return existingFile(specifier);
  return resolveTsconfigPath(specifier);
}

interface CachedModule {
  readonly id: string;
  readonly filename: string;
  readonly loaded: boolean;
  readonly exports: unknown;
  readonly children: unknown[];
  readonly paths: string[];
}

/**
 * `require(file)` gives `namespace` (heatstack's ES module, already loaded): `require`'s cache holds it under the
 * file's name, which the `require` hook resolves heatstack's specifiers to.
 */
export function provideToRequire(file: string, namespace: object): void {
  const cache = (Module as unknown as { _cache: Record<string, CachedModule> })._cache;
  cache[file] ??= { id: file, filename: file, loaded: true, exports: namespace, children: [], paths: [] };
}

interface RequiringModule {
  require(id: string): unknown;
}

/**
 * `require` as an ES module's `import` links: a name the required module does not export is an error naming it,
 * as Node's is (`The requested module './x.js' does not provide an export named 'y'`), where CommonJS would give
 * `undefined` and the app would fail later, or not at all. For a file that is an ES module (a CommonJS one keeps
 * CommonJS's reading); the check is made where the name is read (the user's line), since CommonJS links nothing
 * before the module runs.
 */
export function requireAsImport(module: RequiringModule, file: string, source: string): void {
  if (typeScriptFormat(file, source) !== 'module') return;
  module.require = (id: string) => linkChecked(Module.prototype.require.call(module, id), id);
}

// What CommonJS interop and promises read of any module, exported or not.
const READ_BY_INTEROP = new Set(['__esModule', 'then']);

function linkChecked(exports: unknown, specifier: string): unknown {
  if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return exports;
  return new Proxy(exports, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && !READ_BY_INTEROP.has(key)) {
        throw new ReferenceError(`The requested module '${specifier}' does not provide an export named '${key}'`);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
