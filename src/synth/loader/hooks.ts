/**
 * The ES module hooks of the app loader (`module.register`: Node runs them on its loader thread). They resolve
 * what `resolve.ts` knows beyond Node, compile TypeScript ES modules (`transpile.ts`), leave TypeScript CommonJS
 * files to the `require` hook of the main thread (`commonjs.ts`), and tell the main thread each user file loaded
 * (what `--watch` watches).
 *
 * A fresh module graph per synth (`--watch`): the app file is imported as `app.ts?heatstack-generation=N`, and every
 * user file it imports, directly or not, gets the same tag, so each generation is a new set of modules; heatstack
 * itself and node_modules keep theirs (one copy of the library, whose classes the CLI checks with `instanceof`).
 */

import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import {
  existingFile,
  isTypeScript,
  resolveSelf,
  resolveTsconfigPath,
  type SelfExports,
  typeScriptFormat,
} from './resolve.js';
import { transpile } from './transpile.js';

export interface LoaderData {
  /** heatstack's own modules by specifier (`resolve.ts` `selfExports`). */
  readonly self: SelfExports;
  /** The running copy's folder (`src/` or `dist/`): its files are not the user's. */
  readonly libraryRoot: string;
  /** Where each user file loaded is posted (its absolute path). */
  readonly port: MessagePort;
}

/** The query that tags a user module with its generation. */
export const GENERATION = 'heatstack-generation';

let data: LoaderData;

export function initialize(given: LoaderData): void {
  data = given;
}

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
}
interface Resolved {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<Resolved>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<Resolved> {
  const own = resolveSelf(specifier, data.self);
  if (own !== undefined) return { url: pathToFileURL(own).href, shortCircuit: true };
  const parent = context.parentURL;
  if (parent === undefined || !parent.startsWith('file:') || !isUserFile(fileURLToPath(parent))) {
    return next(specifier, context);
  }
  const generation = new URL(parent).searchParams.get(GENERATION);
  const file = userTarget(specifier, fileURLToPath(parent));
  if (file !== undefined) return { url: tagged(pathToFileURL(file), generation), shortCircuit: true };
  const resolved = await next(specifier, context);
  return resolved.url.startsWith('file:') ? { ...resolved, url: tagged(new URL(resolved.url), generation) } : resolved;
}

/** A relative or absolute path (TypeScript names included), or a tsconfig path; undefined: Node resolves it. */
function userTarget(specifier: string, parent: string): string | undefined {
  let path: string | undefined;
  if (specifier.startsWith('./') || specifier.startsWith('../')) path = resolvePath(parent, '..', specifier);
  else if (specifier.startsWith('file:')) path = fileURLToPath(specifier);
  else if (isAbsolute(specifier)) path = specifier;
  const found = path === undefined ? resolveTsconfigPath(specifier) : existingFile(path);
  return found === undefined ? undefined : realpathSync(found);
}

function tagged(url: URL, generation: string | null): string {
  if (generation !== null && url.protocol === 'file:' && isUserFile(fileURLToPath(url))) {
    url.searchParams.set(GENERATION, generation);
  }
  return url.href;
}

function isUserFile(file: string): boolean {
  return !file.startsWith(data.libraryRoot) && !file.includes('/node_modules/');
}

interface LoadContext {
  readonly format?: string | null;
}
interface Loaded {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<Loaded>;

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<Loaded> {
  if (!url.startsWith('file:')) return next(url, context);
  const file = fileURLToPath(url);
  if (isUserFile(file)) data.port.postMessage(file);
  if (!isTypeScript(file)) return next(url, context);
  const source = readFileSync(file, 'utf8');
  const format = typeScriptFormat(file, source);
  // CommonJS goes through Node's require, where the main thread's hook compiles it (as `require` of it would).
  if (format === 'commonjs') return { format, shortCircuit: true };
  return { format, source: transpile(file, source, format), shortCircuit: true };
}
