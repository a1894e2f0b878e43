/**
 * The CommonJS side of the app loader, in the main thread: `require` of a TypeScript file compiles it
 * (`transpile.ts`, `import` turned into `require`), and a user file's `require` resolves what `resolve.ts` knows
 * (`heatstack` itself, tsconfig `paths`, `./stack.js` → `./stack.ts`). The user files loaded are remembered, so
 * that `--watch` can watch them and forget them before the next synth (a fresh module graph each time).
 */

import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { requireAsImport } from './main-thread.js';
import { existingFile, isTypeScript, resolveSelf, resolveTsconfigPath, type SelfExports } from './resolve.js';
import { transpile } from './transpile.js';

/** The parts of Node's CommonJS loader this hook uses (internal, but what every require hook uses). */
interface CommonJsModule {
  _compile(code: string, filename: string): void;
  require(id: string): unknown;
}
interface CommonJsLoader {
  _extensions: Record<string, (module: CommonJsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
}

const loader = Module as unknown as CommonJsLoader;

export function installRequireHook(
  self: SelfExports,
  isUserFile: (file: string) => boolean,
  onFile: (file: string) => void,
): void {
  const compile = (module: CommonJsModule, filename: string): void => {
    const source = readFileSync(filename, 'utf8');
    requireAsImport(module, filename, source);
    module._compile(transpile(filename, source, 'commonjs'), filename);
  };
  for (const extension of ['.ts', '.tsx', '.cts']) loader._extensions[extension] = compile;
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    const own = resolveSelf(request, self);
    if (own !== undefined) return own;
    const from = parent?.filename;
    // A TypeScript file of a library is written with the same names (heatstack's own sources, under the tests).
    if (typeof from === 'string' && (isUserFile(from) || isTypeScript(from))) {
      const found = userTarget(request, from);
      if (found !== undefined) {
        if (isUserFile(found)) onFile(found);
        return found;
      }
    }
    return resolveFilename.call(this, request, parent, ...rest);
  };
}

function userTarget(request: string, parent: string): string | undefined {
  if (request.startsWith('./') || request.startsWith('../')) return existingFile(resolve(dirname(parent), request));
  if (isAbsolute(request)) return existingFile(request);
  return resolveTsconfigPath(request);
}

/** Drops the user files from `require`'s cache: the next `require` of them runs them afresh. */
export function forgetUserModules(isUserFile: (file: string) => boolean): void {
  for (const file of Object.keys(loader._cache)) if (isUserFile(file)) delete loader._cache[file];
}
