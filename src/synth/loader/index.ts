/**
 * The app loader: imports an app file (TypeScript or JavaScript, ES module or CommonJS) in this process, with no
 * compiler service and no child process. The ES module hooks (`hooks.ts`) and the `require` hook (`commonjs.ts`)
 * are installed on the first import and stay for the life of the process; TypeScript is compiled by
 * `transpile.ts` (cached by content hash). Why this loader and what it costs: `docs/app-loader.md`.
 */

import { createRequire, register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { forgetUserModules, installRequireHook } from './commonjs.js';
import { GENERATION, type LoaderData } from './hooks.js';
import { type MainThreadPlan, mainThreadPlan, provideToRequire } from './main-thread.js';
import { type SelfExports, selfExports } from './resolve.js';
import { withoutWarnings } from './transpile.js';

// The running copy's own folder (src/ under the tests, dist/ installed) and the extension of its modules.
const LIBRARY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Node's own `import()`. A test runner that compiles this module (vitest, which runs `src/` itself) rewrites the
 * `import()`s it sees to load through itself, and gives code it runs no loader of Node's; the app must load
 * through Node's loader and the hooks installed here, as it does from the CLI. Node 20.12+ lends its loader to
 * such code (`USE_MAIN_CONTEXT_DEFAULT_LOADER`, experimental: its warning is not shown).
 */
function nativeImporter(): (url: string) => Promise<unknown> {
  if (EXTENSION === '.js') return (url) => import(url);
  const importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const importer = vm.runInThisContext('(url) => import(url)', { importModuleDynamically });
  return (url) => withoutWarnings(() => importer(url));
}

const nativeImport = nativeImporter();

const listeners = new Set<(file: string) => void>();
let self: SelfExports | undefined;
let hooksInstalled = false;

function isUserFile(file: string): boolean {
  return !file.startsWith(LIBRARY_ROOT) && !file.includes('/node_modules/');
}

function notify(file: string): void {
  for (const listener of listeners) listener(file);
}

/** What every load needs, in the main thread: source maps, heatstack itself, the `require` hook. */
async function installMainThread(): Promise<SelfExports> {
  if (self !== undefined) return self;
  // Compiled files carry inline source maps: with them, stack traces and creation sites name the user's lines.
  process.setSourceMapsEnabled(true);
  const own = selfExports(LIBRARY_ROOT, EXTENSION);
  await preloadLibrary(own);
  // Under the tests the library and the hooks are TypeScript themselves: tsx compiles them (the hooks run first).
  if (EXTENSION === '.ts') ((await nativeImport('tsx/esm/api')) as typeof import('tsx/esm/api')).register();
  installRequireHook(own, isUserFile, notify);
  self = own;
  return own;
}

/** The ES module hooks (a loader thread), for an app the main thread cannot load alone (`main-thread.ts`). */
async function installHooks(own: SelfExports): Promise<void> {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const { MessageChannel } = await import('node:worker_threads');
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (file: string) => notify(file));
  port1.unref();
  const data: LoaderData = { self: own, libraryRoot: LIBRARY_ROOT, port: port2 };
  register(new URL(`./hooks${EXTENSION}`, import.meta.url), { data, transferList: [port2] });
  // Under the tests, the library's sources are loaded as the ES modules they are, before a CommonJS app's
  // `require('heatstack')` could compile them as CommonJS (the built library is loaded above, before the hooks).
  if (EXTENSION === '.ts' && own.heatstack !== undefined) await nativeImport(pathToFileURL(own.heatstack).href);
}

/**
 * heatstack's main module, loaded before the hooks exist: every module loaded after them takes a round trip to
 * the loader thread (the 130 modules of the library cost about 0.13 s of CPU more that way), and an app imports
 * it anyway. Its own import of `heatstack` then finds the module already loaded.
 */
async function preloadLibrary(self: SelfExports): Promise<void> {
  const main = self.heatstack;
  if (main !== undefined && EXTENSION === '.js') await nativeImport(pathToFileURL(main).href);
}

let generation = 0;

/**
 * Imports an app file and gives its module namespace. Each import loads the file and every user file it imports
 * afresh, as modules of a new generation (what `--watch` needs on each change, and what lets a process load the
 * same app twice); heatstack and node_modules stay loaded.
 */
export async function importApp(absolute: string): Promise<{ default?: unknown }> {
  const own = await installMainThread();
  forgetUserModules(isUserFile);
  const plan = mainThreadPlan(absolute, own, isUserFile);
  if (plan !== undefined) return commonJsDefault({ default: await requireInMainThread(absolute, plan) });
  await installHooks(own);
  const url = pathToFileURL(absolute);
  url.searchParams.set(GENERATION, String(++generation));
  const namespace = (await nativeImport(url.href)) as { default?: unknown };
  return commonJsDefault(namespace);
}

/** heatstack's files the app requires, loaded as ES modules and handed to `require`; then the app, required. */
async function requireInMainThread(absolute: string, plan: MainThreadPlan): Promise<unknown> {
  for (const file of plan.library) provideToRequire(file, (await nativeImport(pathToFileURL(file).href)) as object);
  return createRequire(import.meta.url)(absolute);
}

/** A compiled CommonJS module's `export default` sits at `module.exports.default` (with `__esModule`). */
function commonJsDefault(namespace: { default?: unknown }): { default?: unknown } {
  const exported = namespace.default as { __esModule?: unknown; default?: unknown } | undefined;
  if (typeof exported === 'object' && exported !== null && exported.__esModule === true) {
    return { default: exported.default };
  }
  return namespace;
}

/** Calls `listener` with each user file (absolute path) that loads from now on; returns its removal. */
export function onUserFileLoaded(listener: (file: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Where the types of heatstack's own modules are, as the package's `exports` name them (`heatstack` →
 * `…/dist/index.d.ts`, or the sources under the tests): a type check of an app reads the copy that runs it.
 */
export function libraryTypes(): { readonly root: string; readonly files: Readonly<Record<string, string>> } {
  const files: Record<string, string> = {};
  for (const [specifier, file] of Object.entries(selfExports(LIBRARY_ROOT, EXTENSION))) {
    files[specifier] = EXTENSION === '.js' ? file.replace(/\.js$/, '.d.ts') : file;
  }
  return { root: LIBRARY_ROOT, files };
}
