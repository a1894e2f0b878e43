import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a construct was created, as `file:line:col` of the user's code. Capturing is cheap (an `Error` object: V8
 * formats its stack only when read); the text is computed only when an error is reported.
 */
export class CreationSite {
  private readonly error: Error;
  private text?: string;

  constructor() {
    // Deep enough to get past the library's own constructors to the user's frame; fewer frames, cheaper capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = FRAMES;
    this.error = new Error();
    Error.stackTraceLimit = limit;
  }

  toString(): string {
    this.text ??= userFrame(this.error.stack ?? '') ?? 'unknown location';
    return this.text;
  }
}

// The library adds about four frames (this, StackElement, Resource, DockerContainer); a subclass of the user adds one.
const FRAMES = 8;

// This library's own folder (src/ or dist/): frames inside it are not the user's.
const LIBRARY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The first frame of an error's stack that is in the user's code (or, given `inFile`, in that file), as
 * `file:line:col` relative to the working folder.
 */
export function userFrame(stack: string, inFile?: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^()\s]*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m === null) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (inFile !== undefined ? file !== inFile : file.startsWith(LIBRARY_ROOT) || file.includes('/node_modules/'))
      continue;
    return `${relative(process.cwd(), file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
