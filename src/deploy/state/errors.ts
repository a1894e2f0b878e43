import { HeatstackError } from '../../errors.js';

/**
 * What goes wrong with the state directory, said so a person can act on it. A file-system error (a read-only or
 * immutable directory, a full disk, a file where the directory should be, a directory where a stack's file should
 * be) is the user's to fix, not an internal error: it names the path, what is wrong, and what to do.
 */

/** The state directory or a file in it cannot be read or written. */
export class StateAccessError extends HeatstackError {
  override name = 'StateAccessError';
}

/**
 * A stack's state file that heatstack cannot understand: not JSON, or JSON of another shape. `destroy` still
 * removes what Docker holds under the stack's labels and sets the file aside; every other verb refuses.
 */
export class DamagedStateError extends HeatstackError {
  override name = 'DamagedStateError';
  constructor(
    readonly file: string,
    readonly stackName: string,
    problem: string,
  ) {
    super(
      `the state file ${file} ${problem}; run \`heatstack destroy --stack ${stackName}\` to remove what Docker holds ` +
        'under the stack’s labels (the file is then set aside), or put back a good copy of the file',
    );
  }
}

/**
 * `err` as a `StateAccessError` when it is a file-system error; anything else unchanged. `file` names the path for
 * errors that carry none (reading a directory).
 */
export function stateAccessError(err: unknown, dir: string, file?: string): unknown {
  const e = err as NodeJS.ErrnoException | undefined;
  if (err instanceof HeatstackError || typeof e?.code !== 'string') return err;
  const path = (e as { dest?: string }).dest ?? e.path ?? file ?? dir;
  return new StateAccessError(`cannot use the state directory ${dir}: ${what(e.code, path, dir, e.message)}`);
}

function what(code: string, path: string, dir: string, message: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return (
        `${path}: permission denied (${code}). Make it writable (an immutable file or directory, \`chattr +i\`, ` +
        'refuses even root: see `lsattr`), or set HEATSTACK_STATE_DIR to a directory heatstack can write'
      );
    case 'EROFS':
      return `${path} is on a read-only file system (EROFS). Set HEATSTACK_STATE_DIR to a writable directory`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space left for ${path} (${code}). Free some space on that file system and run again`;
    case 'ENOTDIR':
    case 'EEXIST':
      return (
        `${dir} is not a directory (it, or a folder on its path, is a file) (${code}). Move the file away, or set ` +
        'HEATSTACK_STATE_DIR to a directory (the default is ~/.heatstack/stacks)'
      );
    case 'EISDIR':
      return `${path} is a directory where heatstack keeps a stack's file (EISDIR). Move that directory away`;
    default:
      return message;
  }
}
