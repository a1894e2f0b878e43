import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { App } from '../constructs/app.js';
import { userFrame } from '../constructs/private/creation-site.js';
import { HeatstackError } from '../errors.js';
import { loadOnce } from '../load-once.js';
import { Token } from '../tokens/token.js';
import { adoptError } from './adopt.js';
import { importApp } from './loader/index.js';

/** `node:child_process` (it loads `node:net` too): only a JavaScript syntax error needs it, not every run. */
const childProcess = loadOnce<typeof import('node:child_process')>('node:child_process');

/** The app file could not be loaded, or did not create an App. */
export class AppLoadError extends HeatstackError {
  override name = 'AppLoadError';
}

/**
 * Loads an app file (TypeScript or JavaScript, no compile step) and returns the App it created: its default export
 * when that is an App, otherwise the one App created while it loaded. An error thrown by the file's own code (a
 * duplicate construct id, say) is reported with the line of the file that caused it, not as a stack trace.
 */
export async function loadAppFile(file: string): Promise<App> {
  const absolute = resolve(file);
  if (!existsSync(absolute)) throw new AppLoadError(`${file}: no such file`);
  const { result: module, created } = await App._recordCreated(() => importFile(absolute, file));
  const exported = module.default;
  if (App.isApp(exported)) return exported;
  if (created.length === 1) return created[0]!;
  if (created.length === 0) {
    throw new AppLoadError(
      `${file} created no App: add \`const app = new App();\`, create your stacks in it, and \`export default app;\``,
    );
  }
  throw new AppLoadError(`${file} created ${created.length} Apps: \`export default\` the one to synthesize`);
}

async function importFile(absolute: string, file: string): Promise<{ default?: unknown }> {
  try {
    return await importApp(absolute);
  } catch (e) {
    const adopted = adoptError(e);
    if (adopted instanceof HeatstackError) throw adopted;
    if (!(adopted instanceof Error)) throw adopted;
    const compile = transpileErrorPlace(adopted);
    if (compile !== undefined) throw new AppLoadError(`${file}: ${compile.reason} (at ${compile.where})`);
    if (adopted instanceof SyntaxError) {
      const place = syntaxErrorPlace(adopted, absolute);
      throw new AppLoadError(`${file}: ${adopted.message}${place ? ` (at ${place})` : ''}`);
    }
    const url = tokenInUrl(adopted);
    if (url !== undefined) throw new AppLoadError(`${file}: ${url}${locate(adopted, absolute)}`);
    throw new AppLoadError(`${file}: ${adopted.message}${locate(adopted, absolute)}`);
  }
}

/** ` (at file:line:col)` of the user's code that threw, preferring the app file itself; `''` when none is known. */
function locate(error: Error, absolute: string): string {
  const where = userFrame(error.stack ?? '', absolute) ?? userFrame(error.stack ?? '');
  return where ? ` (at ${where})` : '';
}

/**
 * Where a JavaScript syntax error is (plain JavaScript goes to Node uncompiled, so the loader does not report it).
 * Node puts the place at the head of a CommonJS file's error (`/abs/app.cjs:3`, the line, a caret under the
 * mistake) but not of an ES module's; for that one, `node --check` of the app file prints it the same way. A
 * mistake in a module the app imports is found in the CommonJS case only.
 */
function syntaxErrorPlace(error: SyntaxError, absolute: string): string | undefined {
  const check = (): string =>
    childProcess().spawnSync(process.execPath, ['--check', absolute], { encoding: 'utf8', timeout: 10_000 }).stderr ??
    '';
  return placeAtHead(error.stack ?? '') ?? placeAtHead(check());
}

function placeAtHead(text: string): string | undefined {
  const m = /^(\/[^\n]*?):(\d+)\n[^\n]*\n( *)\^/.exec(text);
  return m === null ? undefined : `${relative(process.cwd(), m[1]!)}:${m[2]}:${m[3]!.length + 1}`;
}

/**
 * `new URL()` of a string holding a token fails with Node's bare "Invalid URL" (a token's text is no host name).
 * Said the way a mangled token is said at synth: what holds the token, and what to do instead.
 */
function tokenInUrl(error: Error): string | undefined {
  const { code, input } = error as { code?: unknown; input?: unknown };
  if (code !== 'ERR_INVALID_URL' || typeof input !== 'string' || !Token.isUnresolved(input)) return undefined;
  return (
    `new URL('${input}') failed: it holds a token, a value known only at deploy time, which cannot be parsed ` +
    'or transformed at synth. Use that string as it is: it is the URL, with the token in its place'
  );
}

/**
 * A TypeScript file the loader could not compile: `transpile.ts`'s TranspileError, `reason (at /abs/f.ts:2:11)`,
 * told by its name (an error from the loader thread arrives as a copy, its name and message kept).
 */
function transpileErrorPlace(error: Error): { reason: string; where: string } | undefined {
  if (error.name !== 'TranspileError') return undefined;
  const m = /^([\s\S]*) \(at (\/.*?):(\d+):(\d+)\)$/.exec(error.message);
  if (m === null) return undefined;
  return { reason: m[1]!, where: `${relative(process.cwd(), m[2]!)}:${m[3]}:${m[4]}` };
}
