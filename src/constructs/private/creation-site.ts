import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a construct was created, as `file:line:col` of the user's code. Capturing is cheap (an `Error` object: V8
 * formats its stack only when read); the text is computed only when an error is reported.
 */
export class CreationSite {
  /** Set by `Error.captureStackTrace` on this object itself: no separate error object per construct. */
  declare readonly stack?: string;
  private text?: string;

  /**
   * `createdBy` is the class the user instantiated (`new.target`), or the function the user called (a decorator
   * factory): its frame and everything above it are left out, so the first frame is the user's `new …(…)` or call,
   * and capturing a few frames is enough.
   */
  constructor(createdBy?: (abstract new (...args: never[]) => unknown) | ((...args: never[]) => unknown)) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = createdBy === undefined ? 10 : FRAMES;
    Error.captureStackTrace(this, createdBy);
    Error.stackTraceLimit = limit;
  }

  toString(): string {
    this.text ??= userFrame(this.stack ?? '') ?? 'unknown location';
    return this.text;
  }
}

// The user's own line, or one level up when the first is inside a library built on heatstack. Each frame costs.
const FRAMES = 2;

// This library's own folder (src/ or dist/): frames inside it are not the user's.
const LIBRARY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The first frame of an error's stack that is in the user's code (or, given `inFile`, in that file), as
 * `file:line:col` relative to the working folder. Only absolute paths count: Node's own frames
 * (`node:internal/modules/esm/resolve:322:10`) are never the user's, and neither are node_modules or heatstack.
 */
export function userFrame(stack: string, inFile?: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /(?:^|[\s(])((?:file:\/\/)?\/[^()\s]*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m === null) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (inFile !== undefined ? file !== inFile : file.startsWith(LIBRARY_ROOT) || file.includes('/node_modules/'))
      continue;
    return `${relative(process.cwd(), file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
