import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from '../constructs/app.js';
import { userFrame } from '../constructs/private/creation-site.js';
import { HeatstackError } from '../errors.js';
import { adoptError } from './adopt.js';

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
  const { tsImport } = await import('tsx/esm/api');
  // tsx writes inline source maps; with them, creation sites and errors point at the lines the user wrote.
  process.setSourceMapsEnabled(true);
  try {
    return (await tsImport(pathToFileURL(absolute).href, { parentURL: import.meta.url })) as { default?: unknown };
  } catch (e) {
    const adopted = adoptError(e);
    if (adopted instanceof HeatstackError) throw adopted;
    if (!(adopted instanceof Error)) throw adopted;
    const syntax = transformError(adopted.message);
    if (syntax !== undefined) throw new AppLoadError(`${file}: ${syntax.reason} (at ${syntax.where})`);
    const where = userFrame(adopted.stack ?? '', absolute) ?? userFrame(adopted.stack ?? '');
    throw new AppLoadError(`${file}: ${adopted.message}${where ? ` (at ${where})` : ''}`);
  }
}

/**
 * A file tsx could not compile: esbuild's message (`Transform failed with 1 error:\n/abs/f.ts:2:10: ERROR: …`)
 * names the place, while the error's stack is only Node's stream internals. Its column is 0-based; shown 1-based,
 * as in every other location heatstack prints.
 */
function transformError(message: string): { reason: string; where: string } | undefined {
  if (!message.startsWith('Transform failed')) return undefined;
  const m = /^(\/.*?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (m === null) return undefined;
  return { reason: m[4]!, where: `${relative(process.cwd(), m[1]!)}:${m[2]}:${Number(m[3]) + 1}` };
}
