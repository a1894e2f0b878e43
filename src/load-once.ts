import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A module needed only sometimes, required on the first call and kept: a compiler the loader needs only for a file
 * the cache does not hold, or a Node built-in whose loading costs start-up time most runs never use (`node:net`
 * and `node:crypto` each cost a few ms of CPU to load: `docs/app-loader.md`).
 */
export function loadOnce<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
