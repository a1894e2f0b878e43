import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The app loader's hook for stacks that declare members with `@parameter`/`@output` (`constructs/decorators.ts`):
 * their types come from TypeScript's decorator metadata, which esbuild (what `tsx` loads apps with) does not write.
 * Such a file — and only such a file: the test is a look at its text — is compiled with the TypeScript compiler
 * (`decorator-transpile.ts`, loaded only then) into a hidden file beside it, so its imports resolve as they would,
 * loaded, and removed. Every other app loads as before, at the cost of reading its text once.
 */

const USES_MEMBER_DECORATORS = /@(?:parameter|output)\s*\(/;

export async function withDecoratorMetadata<T>(absolute: string, load: (file: string) => Promise<T>): Promise<T> {
  if (!/\.[cm]?tsx?$/.test(absolute)) return load(absolute);
  const text = readFileSync(absolute, 'utf8');
  if (!USES_MEMBER_DECORATORS.test(text)) return load(absolute);
  const { compileWithDecoratorMetadata } = await import('./decorator-transpile.js');
  const compiled = join(dirname(absolute), `.${basename(absolute)}.heatstack-${process.pid}.mjs`);
  writeFileSync(compiled, compileWithDecoratorMetadata(text, absolute));
  try {
    return await load(compiled);
  } finally {
    rmSync(compiled, { force: true });
  }
}
