import { createRequire } from 'node:module';

/**
 * A module needed only sometimes, required on the first call and kept: a compiler the loader needs only for a file
 * the cache does not hold, or a Node built-in whose loading costs start-up time most runs never use (`node:net`
 * and `node:crypto` each cost a few ms of CPU to load: `docs/app-loader.md`).
 */
export function loadOnce<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    // createRequire itself costs about 1 ms of start-up: made on the first call, not when this module loads
    loaded ??= createRequire(import.meta.url)(name) as T;
    return loaded;
  };
}
