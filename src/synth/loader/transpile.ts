/**
 * TypeScript → JavaScript for app files, in this process: no compiler service to start (tsx's esbuild service cost
 * about 0.25 s of CPU per run before a line of the app ran). See `docs/app-loader.md` for the choice and its figures.
 *
 * A file is compiled by the first transpiler of `TRANSPILERS` that claims it: Node's own type stripping where the
 * running Node has it (22.13+), else sucrase (`typescript` transform only: the output keeps every line where it
 * was, and an inline source map keeps columns too, so stack traces and creation sites name the user's
 * `file:line:col`). A transpiler that must see the whole program (decorator metadata, say) goes first in the list
 * and claims only the files that need it.
 *
 * Output is cached by content hash (`cache.ts`): a run whose files did not change loads no compiler at all.
 */

import Module, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { loadOnce } from '../../load-once.js';
import { cachedOutput } from './cache.js';
import { DECORATOR_METADATA } from './decorator-metadata.js';

/** The module system a file is compiled for: ES module, or CommonJS (`import` becomes `require`). */
export type ModuleFormat = 'module' | 'commonjs';

export interface Transpiler {
  /** Part of the cache key: change it when the output for the same input changes. */
  readonly id: string;
  /** Whether this transpiler compiles the file (the first that claims it does). */
  claims(file: string, source: string): boolean;
  /** JavaScript with an inline source map naming `file`; a mistake in the source throws `TranspileError`. */
  compile(file: string, source: string, format: ModuleFormat): string;
}

/** A mistake in the source a transpiler cannot compile past, with its place (1-based line and column). */
export class TranspileError extends SyntaxError {
  override name = 'TranspileError';
  constructor(
    readonly reason: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (at ${file}:${line}:${column})`);
  }
}

const require = createRequire(import.meta.url);

type Sucrase = typeof import('sucrase');

/** sucrase, loaded on the first file the cache does not hold (loading it costs about 50 ms of CPU). */
const loadSucrase = loadOnce<Sucrase>('sucrase');

/**
 * Types stripped by sucrase. Class fields are assigned in the constructor, as TypeScript does with
 * `useDefineForClassFields: false` (this project's setting, which tsx honoured): a field declared without a value
 * does not overwrite what a base class constructor set.
 */
export const STRIP_TYPES: Transpiler = {
  id: `sucrase-${(require('sucrase/package.json') as { version: string }).version}-1`,
  claims: () => true,
  compile(file, source, format) {
    const transforms: ('typescript' | 'imports' | 'jsx')[] = ['typescript'];
    if (format === 'commonjs') transforms.push('imports');
    if (file.endsWith('x')) transforms.push('jsx');
    let result: ReturnType<Sucrase['transform']>;
    try {
      result = loadSucrase().transform(source, {
        transforms,
        filePath: file,
        keepUnusedImports: false,
        sourceMapOptions: { compiledFilename: file },
      });
    } catch (e) {
      throw asTranspileError(e, file, source);
    }
    const map = { ...result.sourceMap, file, sources: [pathToFileURL(file).href], sourcesContent: [source] };
    return `${result.code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  },
};

type StripTypeScriptTypes = (code: string, options: { mode: 'strip' }) => string;

/** Node's own type stripping, where the running Node has it (22.13+; `module.stripTypeScriptTypes`). */
function nodeStripTypes(): StripTypeScriptTypes | undefined {
  return (Module as { stripTypeScriptTypes?: StripTypeScriptTypes }).stripTypeScriptTypes;
}

/**
 * Node's own type stripping: types become blanks, so every line and column stays where it was and no source map
 * is needed, and sucrase is not loaded. ES modules only (it does not turn `import` into `require`); TypeScript
 * that is more than types (an enum, a namespace, a parameter property), and a file it cannot read, go to
 * `STRIP_TYPES`, which names a mistake's place.
 */
export const NODE_STRIP_TYPES: Transpiler = {
  id: `node-${process.version}-strip-1`,
  claims: (file) => nodeStripTypes() !== undefined && !file.endsWith('x'),
  compile(file, source, format) {
    const strip = nodeStripTypes();
    if (format === 'module' && strip !== undefined) {
      try {
        return withoutWarnings(() => strip(source, { mode: 'strip' }));
      } catch {
        // not only types, or not TypeScript at all: sucrase compiles it, or says where it cannot
      }
    }
    return STRIP_TYPES.compile(file, source, format);
  },
};

/**
 * The transpilers, first match wins. The slower one for some files (decorator metadata needs the types a
 * declaration names) is in front, claiming only the files that need it.
 */
export const TRANSPILERS: Transpiler[] = [DECORATOR_METADATA, NODE_STRIP_TYPES, STRIP_TYPES];

/**
 * `work()` with Node's warnings unsaid: an experimental API heatstack chose to use warns on its first call, which
 * a user of heatstack cannot act on.
 */
export function withoutWarnings<T>(work: () => T): T {
  const warn = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return work();
  } finally {
    process.emitWarning = warn;
  }
}

/** The JavaScript of a TypeScript file, from the cache when this source was compiled before. */
export function transpile(file: string, source: string, format: ModuleFormat): string {
  const transpiler = TRANSPILERS.find((t) => t.claims(file, source)) ?? STRIP_TYPES;
  return cachedOutput([transpiler.id, format, file, source], () => transpiler.compile(file, source, format));
}

/** sucrase's `Unexpected token (2:11)` as a TranspileError naming the token (`Unexpected ";"`), 1-based. */
function asTranspileError(e: unknown, file: string, source: string): unknown {
  const loc = (e as { loc?: { line?: unknown; column?: unknown } }).loc;
  if (!(e instanceof Error) || typeof loc?.line !== 'number' || typeof loc.column !== 'number') return e;
  const reason = e.message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
  const token = source.split('\n')[loc.line - 1]?.[loc.column - 1];
  const said = reason === 'Unexpected token' && token !== undefined ? `Unexpected ${JSON.stringify(token)}` : reason;
  return new TranspileError(said, file, loc.line, loc.column);
}
