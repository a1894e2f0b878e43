import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** The project file, like the AWS CDK's `cdk.json`: `{ "app": "stacks/main.ts" }`. */
export const APP_CONFIG_FILE = 'heatstack.json';

export interface AppConfig {
  /** The app file, relative to the folder of `heatstack.json`. */
  readonly app: string;
}

/**
 * The app file named by the nearest `heatstack.json` in `cwd` or a folder above it, as a path relative to `cwd`;
 * undefined when there is none. A file that does not say `app` is a usage error naming the file.
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
  const app = (data as { app?: unknown } | null)?.app;
  if (typeof app !== 'string' || app === '') {
    throw new UsageError(`${file}: "app" must name the app file, e.g. { "app": "stacks/main.ts" }`);
  }
  return { app };
}
