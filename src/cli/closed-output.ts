/**
 * A reader that closes its end of the pipe early (`heatstack events | head`, `… | true`) makes the next write fail
 * with EPIPE, which Node reports as an unhandled stream error: a stack trace and status 1. heatstack ends as
 * `git log | head` does instead: quietly, with status 0 — at once for a verb that only reads and prints; a verb that
 * changes a stack runs to its end with its output dropped (stopping it half-way is what leaves a stack half-changed),
 * and exits with its own status.
 */

/** Verbs that change a stack or its record, or serve: they are never cut short by a closed output. */
const RUNS_TO_ITS_END: ReadonlySet<string> = new Set([
  'deploy',
  'rollback',
  'destroy',
  'suspend',
  'resume',
  'check',
  'ui',
]);

let handled = false;

/** Makes a closed standard output or error end the run of `verb` as said above; other stream errors stay fatal. */
export function endQuietlyOnClosedOutput(verb: string | undefined): void {
  if (handled) return;
  handled = true;
  const runsToItsEnd = verb !== undefined && RUNS_TO_ITS_END.has(verb);
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      if (!runsToItsEnd) process.exit(0);
      // Later writes to the closed stream fail again, into this listener: they are dropped.
    });
}
