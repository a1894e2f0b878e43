/**
 * A verb's module, loaded the cheapest way the running Node has. `require` of an ES module (Node 20.19+ and 22.12+:
 * `process.features.require_module`) reads and links the verb's modules synchronously, where `import()` takes the
 * loader's asynchronous path (each file read through `fs/promises`, a job per module): for `validate`, some 70
 * modules, about 6–8 ms of CPU less (`docs/app-loader.md`). Elsewhere — an older Node, or the sources run by a
 * TypeScript loader under the tests — and for a module graph `require` cannot take (one with a top-level
 * `await`), `import()`.
 */

import { createRequire } from 'node:module';

// The built copy only: the sources (`.ts`) load through a TypeScript loader that `require` does not have.
const REQUIRE_ESM = process.features.require_module === true && import.meta.url.endsWith('.js');

/** `specifier` (relative to this folder) by `require` where it can be, else by `importer` (its `import()`). */
export async function loadVerbModule<T>(specifier: string, importer: () => Promise<T>): Promise<T> {
  if (!REQUIRE_ESM) return importer();
  try {
    return createRequire(import.meta.url)(specifier) as T;
  } catch (e) {
    // Node refuses an asynchronous graph before it runs any of it: `import()` loads it as it always did
    if ((e as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ASYNC_MODULE') return importer();
    throw e;
  }
}
