// The `heatstack` command run from the sources (as bin/heatstack.js runs it from dist), for tests that spawn the
// real CLI as a subprocess: `node --import tsx test/deploy/support/heatstack-cli.ts deploy …`.
import { main } from '../../../src/cli/main.js';
import { HeatstackError, UsageError } from '../../../src/errors.js';
import { showLines } from '../../../src/terminal-text.js';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(
    `heatstack: ${showLines(err instanceof HeatstackError ? err.message : String((err as Error).stack), '')}\n`,
  );
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
