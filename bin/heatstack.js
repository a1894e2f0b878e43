#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { HeatstackError, UsageError } from '../dist/errors.js';
import { showLines } from '../dist/terminal-text.js';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // Messages quote arguments and template text: their control characters are written out (their lines kept).
  if (err instanceof UsageError) {
    process.stderr.write(`heatstack: ${showLines(err.message, '')}\n`);
    process.exitCode = 2;
  } else if (err instanceof HeatstackError) {
    process.stderr.write(`heatstack: ${showLines(err.message, '')}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`heatstack: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  }
}
