import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import dockerIgnore from '@balena/dockerignore';
import { pack } from 'tar-fs';
import { HeatstackError } from '../../errors.js';
import type { ExprMap } from '../../template/model.js';

/**
 * An image's build context: the files of a directory that `docker build` would send, `.dockerignore` respected (its
 * patterns as Docker reads them, by `@balena/dockerignore`; the Dockerfile and `.dockerignore` are sent even when
 * ignored, as Docker sends them), their content hash, and the tar stream the Engine API's build takes.
 *
 * The hash covers each file's path, kind, mode and content (a symlink's target): what `COPY` can see. Times and
 * owners are left out (`COPY` makes files root's, and a checkout's times say nothing), so the same files give the
 * same digest on any machine.
 */

export class BuildContextError extends HeatstackError {
  override name = 'BuildContextError';
}

export interface BuildContext {
  /** The context directory, absolute. */
  readonly dir: string;
  /** What is sent, relative to `dir` with `/` separators, sorted: files, symlinks and empty directories. */
  readonly entries: readonly string[];
  /** sha256 (hex) of the entries' paths, kinds, modes and contents. */
  readonly digest: string;
}

/**
 * `readLocalFiles` of `Heatstack::Docker::Image` (`template/resource-types/docker-image.ts`): `context` made absolute
 * against `baseDir`, and `context_digest` set to its content hash.
 */
export async function readContextProperties(properties: ExprMap, baseDir: string, at: string): Promise<ExprMap> {
  const context = properties.context;
  if (typeof context !== 'string' || context === '')
    throw new BuildContextError(
      `${at}.context: a directory written in the template (heatstack reads it before the deploy starts), such as './web'`,
    );
  if (properties.context_digest !== undefined)
    throw new BuildContextError(`${at}.context_digest: heatstack computes it from the context; leave it out`);
  const dockerfile = typeof properties.dockerfile === 'string' ? properties.dockerfile : 'Dockerfile';
  const read = await readBuildContext(resolve(baseDir, context), dockerfile, `${at}.context`);
  return { ...properties, context: read.dir, context_digest: read.digest };
}

/** Lists and hashes the context `dir`; `where` names the property in errors. */
export async function readBuildContext(dir: string, dockerfile: string, where: string): Promise<BuildContext> {
  const root = resolve(dir);
  const info = await lstat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new BuildContextError(`${where}: ${root} is not a directory`);
  const dockerfilePath = resolve(root, dockerfile);
  const dockerfileEntry = relative(root, dockerfilePath).split(sep).join('/');
  if (dockerfileEntry.startsWith('../') || isAbsolute(dockerfileEntry))
    throw new BuildContextError(`${where}: the Dockerfile ${dockerfile} is outside the context ${root}`);
  if (!(await lstat(dockerfilePath).catch(() => undefined))?.isFile())
    throw new BuildContextError(`${where}: there is no Dockerfile ${dockerfile} in ${root}`);
  const ignore = await ignoreRules(root);
  const always = new Set([dockerfileEntry, '.dockerignore']);
  const entries = (await walk(root, ignore)).filter((e) => always.has(e) || !ignore.ignores(e));
  for (const e of always) if (!entries.includes(e) && (await exists(join(root, e)))) entries.push(e);
  entries.sort();
  return { dir: root, entries, digest: await digestOf(root, entries) };
}

/** The context as the tar stream `POST /build` takes: the listed entries only. */
export function contextTar(context: BuildContext): NodeJS.ReadableStream {
  return pack(context.dir, { entries: [...context.entries] });
}

interface IgnoreRules {
  ignores(path: string): boolean;
  /** Whether a pattern starts with `!`: then an ignored directory may hold files that are sent. */
  readonly hasExceptions: boolean;
}

async function ignoreRules(root: string): Promise<IgnoreRules> {
  const text = await readFile(join(root, '.dockerignore'), 'utf8').catch(() => '');
  // A CommonJS module whose types declare an ES default export: `.default` is the factory either way.
  const rules = dockerIgnore.default({ ignorecase: false }).add(text);
  return {
    ignores: (path) => rules.ignores(path),
    hasExceptions: text.split('\n').some((line) => line.trim().startsWith('!')),
  };
}

/**
 * Every file, symlink and empty directory below `root` (iteratively: no recursion as deep as the tree), relative,
 * with `/`. An ignored directory is not entered unless an exception pattern could bring part of it back.
 */
async function walk(root: string, ignore: IgnoreRules): Promise<string[]> {
  const out: string[] = [];
  const pending = [''];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const children = await readdir(join(root, dir), { withFileTypes: true });
    if (children.length === 0 && dir !== '') out.push(dir);
    for (const child of children) {
      const path = dir === '' ? child.name : `${dir}/${child.name}`;
      if (!child.isDirectory()) out.push(path);
      else if (ignore.hasExceptions || !ignore.ignores(path)) pending.push(path);
    }
  }
  return out;
}

async function digestOf(root: string, entries: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of entries) {
    const path = join(root, entry);
    const info = await lstat(path);
    const kind = info.isSymbolicLink() ? 'link' : info.isDirectory() ? 'dir' : 'file';
    hash.update(`${entry}\0${kind}\0${(info.mode & 0o7777).toString(8)}\0${info.size}\0`);
    if (info.isSymbolicLink()) hash.update(await readlink(path));
    else if (info.isFile()) await hashFile(hash, path);
  }
  return hash.digest('hex');
}

async function hashFile(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
