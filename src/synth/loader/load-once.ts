import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package the loader needs only sometimes (a compiler), required on the first call and kept: a run whose
 * files all come from the cache never loads it.
 */
export function loadOnce<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
