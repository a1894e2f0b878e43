#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps the code it compiles for the modules loaded from here on (start-up: docs/app-loader.md).
if (module.enableCompileCache !== undefined) {
  const { join } = await import('node:path');
  const { cacheDir } = await import('../dist/synth/loader/cache.js');
  module.enableCompileCache(join(cacheDir(), 'node-compile-cache'));
}

const { main } = await import('../dist/cli/main.js');
const { HeatstackError, UsageError } = await import('../dist/errors.js');
const { showLines } = await import('../dist/terminal-text.js');

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
