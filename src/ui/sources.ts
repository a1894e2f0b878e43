import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, open, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { emitTemplate, HeatstackError, type StackRecord, UsageError } from './engine.js';

/**
 * Where a launch's template comes from: a file of the directory the dashboard was given (a template, or an app
 * to synthesize), a template uploaded from the page, or the template a stack was last deployed with (an update
 * with new parameters). Paths are confined to the directory — `..`, absolute paths and symbolic links out of it are
 * refused — and an upload is written to a private temporary folder, never into the directory.
 */

export type SourceRef =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'upload'; readonly id: string }
  | { readonly kind: 'recorded'; readonly stack: string };

/** Heat's own limit on a template (`max_template_size`): an upload larger than that is refused unread. */
export const MAX_UPLOAD_BYTES = 524_288;

export const TEMPLATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template'];
export const APP_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', '.heatstack']);
const MAX_DEPTH = 4;
const MAX_FILES = 500;

export interface ListedFile {
  readonly path: string;
  readonly kind: 'template' | 'app';
}

export class Sources {
  private readonly uploads = new Map<string, string>();
  private uploadDir: string | undefined;

  constructor(readonly dir: string) {}

  /**
   * The templates and apps under the directory (a few levels deep, build and dependency folders left out), told by
   * what they hold (`launchableKind`), not by their extension alone.
   */
  async list(): Promise<ListedFile[]> {
    const root = await realpath(this.dir);
    const found: ListedFile[] = [];
    const walk = async (folder: string, depth: number): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (found.length >= MAX_FILES) return;
        if (e.name.startsWith('.') || SKIPPED_FOLDERS.has(e.name)) continue;
        const full = join(folder, e.name);
        if (e.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1);
        else if (e.isFile()) {
          const kind = await launchableKind(full, e.name);
          if (kind) found.push({ path: relative(root, full).split(sep).join('/'), kind });
        }
      }
    };
    await walk(root, 0);
    return found;
  }

  /** A file the page names, as a path inside the directory; anything else is refused. */
  async confined(path: string): Promise<string> {
    if (typeof path !== 'string' || path === '' || path.includes('\0'))
      throw new UsageError('name a file of the directory');
    const root = await realpath(this.dir);
    // Refused before the file system is asked, so the answer says nothing of what lies outside.
    if (isAbsolute(path) || !inside(root, resolve(root, path))) throw outside(path);
    let full: string;
    try {
      full = await realpath(join(root, path));
    } catch {
      throw new UsageError(`no file '${path}' in the dashboard's directory`);
    }
    // A symbolic link inside may point out of it.
    if (!inside(root, full)) throw outside(path);
    if (!(await lstat(full)).isFile() || kindOf(full) === undefined)
      throw new UsageError(`'${path}' is not a template (.yaml, .yml, .json, .template) or an app (.ts, .js)`);
    return full;
  }

  /** Keeps an uploaded template (text, at most `MAX_UPLOAD_BYTES`) and gives the id the page launches it by. */
  async upload(name: string, text: string): Promise<string> {
    if (Buffer.byteLength(text) > MAX_UPLOAD_BYTES)
      throw new UsageError(`the template is larger than ${MAX_UPLOAD_BYTES} bytes (Heat's max_template_size)`);
    const ext = extname(name).toLowerCase();
    if (!TEMPLATE_EXTENSIONS.includes(ext))
      throw new UsageError('upload a template (.yaml, .yml, .json, .template); an app runs only from the directory');
    this.uploadDir ??= await mkdtemp(join(tmpdir(), 'heatstack-ui-'));
    const id = randomBytes(8).toString('hex');
    const file = join(this.uploadDir, `${id}-${safeName(name)}`);
    await writeFile(file, text, { mode: 0o600 });
    this.uploads.set(id, file);
    return id;
  }

  /** The file a source names: inside the directory, an upload, or the recorded template written out. */
  async fileOf(ref: SourceRef, load: (stack: string) => Promise<StackRecord | undefined>): Promise<string> {
    if (ref?.kind === 'file') return this.confined(ref.path);
    if (ref?.kind === 'upload') {
      const file = this.uploads.get(ref.id);
      if (file === undefined) throw new UsageError('that upload is gone: upload the template again');
      return file;
    }
    if (ref?.kind === 'recorded') {
      const record = await load(ref.stack);
      if (record === undefined) throw new HeatstackError(`no stack named '${ref.stack}'`);
      const text = emitTemplate(record.template, { dialect: record.template.version.dialect, format: 'yaml' });
      return this.upload(`${ref.stack}.yaml`, text).then((id) => this.uploads.get(id) as string);
    }
    throw new UsageError('say where the template comes from: a file, an upload or a stack');
  }

  async close(): Promise<void> {
    if (this.uploadDir !== undefined) await rm(this.uploadDir, { recursive: true, force: true });
  }
}

function inside(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function outside(path: string): UsageError {
  return new UsageError(`'${path}' is outside the dashboard's directory`);
}

/** How much of a file the launch list reads to tell what it is: a template's version key or an app's `new App(`. */
const PEEK_BYTES = 16_384;

/** A template's top-level key (YAML, or JSON's quoted one) that no package or config file has. */
const TEMPLATE_KEY =
  /^["']?(heat_template_version|HeatTemplateFormatVersion|AWSTemplateFormatVersion|resources|Resources)["']?\s*:|"(heat_template_version|HeatTemplateFormatVersion|AWSTemplateFormatVersion|resources|Resources)"\s*:/m;

/**
 * Whether a file is one to launch: a template (a Heat or CFN template's top-level key near its start — not
 * package.json, a parameter file, tsconfig.json) or an app (creates an `App`; not a test, `.test.ts`/`.spec.ts`,
 * nor declarations or a config file that creates none).
 */
async function launchableKind(file: string, name: string): Promise<ListedFile['kind'] | undefined> {
  const kind = kindOf(name);
  if (kind === undefined || name.endsWith('.d.ts') || /\.(test|spec)\.[cm]?[jt]s$/.test(name)) return undefined;
  const head = await peek(file);
  if (kind === 'template') return TEMPLATE_KEY.test(head) ? kind : undefined;
  return /\bnew\s+(?:[\w$]+\.)?App\s*\(/.test(head) ? kind : undefined;
}

async function peek(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return '';
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function kindOf(name: string): ListedFile['kind'] | undefined {
  const ext = extname(name).toLowerCase();
  if (TEMPLATE_EXTENSIONS.includes(ext)) return 'template';
  return APP_EXTENSIONS.includes(ext) ? 'app' : undefined;
}

/** An upload's name, kept only as letters, digits, `.`, `_` and `-`. */
function safeName(name: string): string {
  return (
    basename(name)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(-80) || 'template.yaml'
  );
}
