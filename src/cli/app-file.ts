import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import { showText } from '../terminal-text.js';

/**
 * `validate` and `convert` read a template; an app (TypeScript or JavaScript) given to them would be parsed as YAML and
 * answered with its code's syntax errors. It is refused up front instead, saying what to run: `synth` checks the
 * templates it makes, and prints one that the verb then reads from standard input.
 */

/** Extensions of an app file, as `deploy` tells an app from a template (`src/deploy/input.ts`). */
const APP_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/** Refuses `file` when it is an app: `verb`'s message names `synth`, and how to pipe what it prints into `then`. */
export function refuseAppFile(verb: string, file: string, what: string, then: string): void {
  if (!APP_EXTENSIONS.has(extname(file).toLowerCase())) return;
  const app = showText(file);
  throw new UsageError(
    `${verb}: ${app} is an app, not a template: \`heatstack synth ${app}\` ${what} ` +
      `(\`heatstack synth ${app} | ${then}\` ${verb}s the one it prints)`,
  );
}
