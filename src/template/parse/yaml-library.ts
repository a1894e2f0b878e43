import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';

let library: typeof YamlLibrary | undefined;

/**
 * The `yaml` library, loaded on first use: loading it costs about 40 ms of CPU, most of what `heatstack validate` of
 * a plain template would otherwise spend, and the fast reader (`fast-yaml.ts`) reads most templates without it.
 * CommonJS, so `require` (the same instance an `import` would give).
 */
export function yamlLibrary(): typeof YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary;
  return library;
}
