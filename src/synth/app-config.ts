import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { DEPLOY_TARGETS, type DeployTarget } from '../template/resource-types/type-module.js';
import { closest } from '../template/validate/coerce.js';

/** The project file, like the AWS CDK's `cdk.json`: `{ "app": "stacks/main.ts" }`. */
export const APP_CONFIG_FILE = 'heatstack.json';

export interface AppConfig {
  /** The app file, relative to the folder of `heatstack.json`. */
  readonly app: string;
  /** Where `deploy` creates the project's stacks (`docs/swarm.md`); absent: plain Docker. */
  readonly target?: DeployTarget;
  /** One stack's own settings, by stack name: `{ "blog": { "target": "swarm" } }`. */
  readonly stacks?: Readonly<Record<string, StackSettings>>;
}

export interface StackSettings {
  readonly target?: DeployTarget;
}

/** The keys `heatstack.json` may have. */
const KEYS: readonly (keyof AppConfig)[] = ['app', 'target', 'stacks'];
const STACK_KEYS: readonly (keyof StackSettings)[] = ['target'];

/**
 * The app file named by the nearest `heatstack.json` in `cwd` or a folder above it, as a path relative to `cwd`;
 * undefined when there is none. A file that does not say `app`, or says something else (a misspelt key would
 * otherwise be ignored unnoticed), is a usage error naming the file.
 */
export function appFromConfig(cwd: string = process.cwd()): string | undefined {
  const found = nearestConfig(cwd);
  return found && (relative(cwd, resolve(dirname(found.file), found.config.app)) || '.');
}

/**
 * The deploy target the nearest `heatstack.json` gives a stack: its `stacks.<name>.target`, else its `target`;
 * `from` names the file and key, for a message. `--target` outranks it (`cli/stack-args.ts`).
 */
export function targetFromConfig(
  stackName: string,
  cwd: string = process.cwd(),
): { readonly target: DeployTarget; readonly from: string } | undefined {
  const found = nearestConfig(cwd);
  if (found === undefined) return undefined;
  const own = Object.hasOwn(found.config.stacks ?? {}, stackName) ? found.config.stacks?.[stackName] : undefined;
  if (own?.target !== undefined) return { target: own.target, from: `"stacks.${stackName}.target" of ${found.file}` };
  if (found.config.target !== undefined) return { target: found.config.target, from: `"target" of ${found.file}` };
  return undefined;
}

/** The `heatstack.json` in `cwd` or the nearest folder above it, read and checked. */
function nearestConfig(cwd: string): { file: string; config: AppConfig } | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, APP_CONFIG_FILE);
    if (existsSync(file)) return { file, config: readConfig(file) };
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
  if (!isObject(data)) {
    throw new UsageError(`${file}: must hold an object, e.g. { "app": "stacks/main.ts" }`);
  }
  refuseUnknownKeys(file, '', data, KEYS);
  const { app, target, stacks } = data as { app?: unknown; target?: unknown; stacks?: unknown };
  if (typeof app !== 'string' || app === '') {
    throw new UsageError(`${file}: "app" must name the app file, e.g. { "app": "stacks/main.ts" }`);
  }
  return {
    app,
    ...(target !== undefined ? { target: targetSetting(file, '"target"', target) } : {}),
    ...(stacks !== undefined ? { stacks: stackSettings(file, stacks) } : {}),
  };
}

/** A misspelt key would otherwise be ignored unnoticed: each unknown one is named, with the key it may have meant. */
function refuseUnknownKeys(file: string, at: string, data: object, keys: readonly string[]): void {
  const unknown = Object.keys(data).filter((key) => !keys.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const near = closest(key, keys);
    return `"${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
  });
  throw new UsageError(
    `${file}: unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')}${at}; the keys are ${keys.map((k) => `"${k}"`).join(', ')}`,
  );
}

function targetSetting(file: string, at: string, value: unknown): DeployTarget {
  const target = DEPLOY_TARGETS.find((t) => t === value);
  if (target !== undefined) return target;
  throw new UsageError(
    `${file}: ${at} must be ${DEPLOY_TARGETS.map((t) => `"${t}"`).join(' or ')}, got ${JSON.stringify(value)}`,
  );
}

/** `"stacks": { "<name>": { "target": "swarm" } }`, each stack's settings checked as the file's own. */
function stackSettings(file: string, value: unknown): Record<string, StackSettings> {
  if (!isObject(value))
    throw new UsageError(`${file}: "stacks" must map stack names to settings, e.g. { "blog": { "target": "swarm" } }`);
  // No prototype: a stack named like an Object member ("constructor", "__proto__") is just a name.
  const settings: Record<string, StackSettings> = Object.create(null);
  for (const [name, own] of Object.entries(value)) {
    const at = `"stacks.${name}"`;
    if (!isObject(own)) throw new UsageError(`${file}: ${at} must hold settings, e.g. { "target": "swarm" }`);
    refuseUnknownKeys(file, ` in ${at}`, own, STACK_KEYS);
    const { target } = own as { target?: unknown };
    settings[name] = target === undefined ? {} : { target: targetSetting(file, `"stacks.${name}.target"`, target) };
  }
  return settings;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
