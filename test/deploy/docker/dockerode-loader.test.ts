import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs an ES module script in a fresh Node process (from the repository's root); its standard output, parsed. */
function inFreshProcess(script: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim());
}

const LOADED = `
  const loaded = (pattern) => Object.keys(createRequire(import.meta.url).cache).some((k) => pattern.test(k));`;

test('the Docker client loads without the BuildKit session (gRPC, protobufjs) and the ssh transport', () => {
  const result = inFreshProcess(`
    import { createRequire } from 'node:module';
    const { dockerClient, parseEndpoint } = await import('./src/deploy/docker/connection.ts');
    const docker = await dockerClient(parseEndpoint('unix:///nowhere.sock'));
    ${LOADED}
    console.log(JSON.stringify({
      client: typeof docker.listContainers,
      dockerode: loaded(/dockerode[\\\\/]lib[\\\\/]docker\\.js$/),
      grpc: loaded(/@grpc/), protobufjs: loaded(/protobufjs/), ssh2: loaded(/ssh2/),
    }));`);
  expect(result).toEqual({ client: 'function', dockerode: true, grpc: false, protobufjs: false, ssh2: false });
});

test('a deferred module is loaded on its first call, and called as dockerode would call it', () => {
  // GIVEN dockerode loaded with its BuildKit session deferred
  // WHEN the session is opened (here on a daemon that refuses it: the handler gets the error)
  const result = inFreshProcess(`
    import { createRequire } from 'node:module';
    const { loadDockerode } = await import('./src/deploy/docker/dockerode-loader.ts');
    loadDockerode();
    ${LOADED}
    const before = loaded(/@grpc/);
    const fromDockerode = createRequire(createRequire(import.meta.url).resolve('dockerode'));
    const withSession = fromDockerode('./session.js');
    const refused = { modem: { dial: (_options, callback) => callback(new Error('refused')) } };
    const error = await new Promise((resolve) => withSession(refused, undefined, (err) => resolve(err.message)));
    console.log(JSON.stringify({ before, error, after: loaded(/@grpc/) }));`);
  // THEN the real module ran it, loaded then
  expect(result).toEqual({ before: false, error: 'refused', after: true });
});
