import type Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { removeStackObjects } from '../../../src/deploy/docker/index.js';
import { decodeLogs } from '../../../src/deploy/docker/logs.js';
import { testDocker, uniqueStack } from '../../support/docker.js';
import { ensureTestImages } from '../../support/images.js';

/** Runs a command inside a running container; its exit code and output. */
export async function execIn(
  container: Docker.Container,
  cmd: string[],
): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: decodeLogs(Buffer.concat(chunks), false) };
}

/** An HTTP GET from this process (the host). */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}

/**
 * For a handler suite: unique stack names, each stack's objects removed after the suite, the test images ensured and
 * the daemon's client before it. Call it inside the suite's `describeDocker`.
 */
export function handlerSuite(): { stack(prefix: string): string; docker(): Docker } {
  const stacks: string[] = [];
  let client: Docker | undefined;
  beforeAll(async () => {
    await ensureTestImages();
    client = await testDocker();
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => removeStackObjects(s)));
  });
  return {
    stack(prefix: string): string {
      const name = uniqueStack(prefix);
      stacks.push(name);
      return name;
    },
    docker(): Docker {
      if (client === undefined) throw new Error('handlerSuite(): the daemon is asked for before the suite started');
      return client;
    },
  };
}
