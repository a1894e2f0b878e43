import Module, { createRequire } from 'node:module';
import type Docker from 'dockerode';

/**
 * @internal Loads dockerode without the two modules it requires eagerly that heatstack's calls do not use, which are most of
 * its load time: the BuildKit session (`dockerode/lib/session.js`: @grpc/grpc-js, @grpc/proto-loader and protobufjs,
 * about 110 modules, used only by a `version: '2'` build) and the ssh transport (`docker-modem/lib/ssh.js`: ssh2 and
 * its crypto, used only for an `ssh://` host, which `parseEndpoint` refuses). Each is put in the require cache as a
 * stand-in that loads the real module on its first call, so nothing changes if a later dockerode calls it.
 * Measured: requiring dockerode took 98–185 ms and 209 modules, 26–41 ms and 55 modules with the stand-ins.
 */
export function loadDockerode(): typeof Docker {
  const require = createRequire(import.meta.url);
  const fromDockerode = createRequire(require.resolve('dockerode'));
  deferUntilCalled(fromDockerode.resolve('./session.js'), fromDockerode);
  deferUntilCalled(fromDockerode.resolve('docker-modem/lib/ssh.js'), fromDockerode);
  return require('dockerode') as typeof Docker;
}

type Callable = (this: unknown, ...args: unknown[]) => unknown;

/** Puts a stand-in for the module at `file` (one exporting a function) that loads it on its first call. */
function deferUntilCalled(file: string, require: NodeJS.Require): void {
  if (require.cache[file] !== undefined) return;
  let real: Callable | undefined;
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = function loadOnCall(this: unknown, ...args: unknown[]): unknown {
    if (real === undefined) {
      delete require.cache[file];
      real = require(file) as Callable;
    }
    return real.apply(this, args);
  };
  require.cache[file] = standIn;
}
