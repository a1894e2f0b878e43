import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { closest } from '../template/validate/coerce.js';

/** The project file, like the AWS CDK's `cdk.json`: `{ "app": "stacks/main.ts" }`. */
export const APP_CONFIG_FILE = 'heatstack.json';

export interface AppConfig {
  /** The app file, relative to the folder of `heatstack.json`. */
  readonly app: string;
}

/** The keys `heatstack.json` may have. */
const KEYS: readonly (keyof AppConfig)[] = ['app'];

/**
 * The app file named by the nearest `heatstack.json` in `cwd` or a folder above it, as a path relative to `cwd`;
 * undefined when there is none. A file that does not say `app`, or says something else (a misspelt key would
 * otherwise be ignored unnoticed), is a usage error naming the file.
 */
export function appFromConfig(cwd: string = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, APP_CONFIG_FILE);
    if (existsSync(file)) return relative(cwd, resolve(dir, readConfig(file).app)) || '.';
    if (dirname(dir) === dir) return undefined;
  }
}

function readConfig(file: string): AppConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file}: must hold an object, e.g. { "app": "stacks/main.ts" }`);
  }
  const unknown = Object.keys(data).filter((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    const named = unknown.map((key) => {
      const near = closest(key, KEYS);
      return `"${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
    });
    throw new UsageError(
      `${file}: unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; the keys are ${KEYS.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  const app = (data as { app?: unknown }).app;
  if (typeof app !== 'string' || app === '') {
    throw new UsageError(`${file}: "app" must name the app file, e.g. { "app": "stacks/main.ts" }`);
  }
  return { app };
}
