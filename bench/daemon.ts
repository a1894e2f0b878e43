import type Docker from 'dockerode';
import { dockerClient, parseEndpoint } from '../src/deploy/docker/connection.js';
import type { BenchContext } from './harness.js';

/**
 * The default Docker daemon, answering; undefined (and a line saying which benchmarks are skipped) when there is
 * none, so a suite that needs Docker skips rather than fails on a machine without it.
 */
export async function benchDaemon(context: BenchContext, benchmarks: string): Promise<Docker | undefined> {
  try {
    const docker = await dockerClient(parseEndpoint(undefined));
    await docker.ping();
    return docker;
  } catch (error) {
    context.log(`  ${benchmarks} skipped: no Docker daemon (${(error as Error).message})`);
    return undefined;
  }
}
