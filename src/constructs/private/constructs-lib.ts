import { createRequire } from 'node:module';
import type * as ConstructsLibrary from 'constructs';

/**
 * The `constructs` library, loaded with `require`: it is CommonJS, and an ESM `import` of it makes Node parse
 * its source for the names it exports, which costs about 4 MB of memory in every process that synthesizes. The
 * module is the same instance either way (Node's CommonJS cache), so `instanceof Construct` holds across both.
 */
const library = createRequire(import.meta.url)('constructs') as typeof ConstructsLibrary;

export const Construct = library.Construct;
export type Construct = ConstructsLibrary.Construct;
