import type Docker from 'dockerode';
import { describe, test } from 'vitest';
import { describeEndpoint, dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';

/**
 * Docker tests run against a real daemon. Where none is reachable they skip with a clear message — except in CI
 * (`HEATSTACK_REQUIRE_DOCKER=1`), where an unreachable daemon fails the run instead.
 */

const endpoint = parseEndpoint(undefined);
const required = process.env.HEATSTACK_REQUIRE_DOCKER === '1';

export const SKIP_MESSAGE = `Docker tests skipped: no daemon at ${describeEndpoint(endpoint)} (set DOCKER_HOST); CI requires them`;

async function ping(timeoutMs = 3000): Promise<string | undefined> {
  try {
    const docker = await dockerClient(endpoint);
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
    );
    await Promise.race([docker.ping(), timeout]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unreachable = await ping();

/** Whether the default daemon (`DOCKER_HOST` or /var/run/docker.sock) answers. */
export async function dockerAvailable(): Promise<boolean> {
  return unreachable === undefined;
}

/** The dockerode client for the default daemon, for tests that inspect what the code under test created. */
export function testDocker(): Promise<Docker> {
  return dockerClient(endpoint);
}

let warned = false;

/** `describe` for tests that need Docker: skipped (with the message) without a daemon, failed in CI. */
export function describeDocker(name: string, body: () => void): void {
  if (unreachable === undefined) {
    describe(name, body);
    return;
  }
  if (required) {
    describe(name, () => {
      test('the Docker daemon is reachable (HEATSTACK_REQUIRE_DOCKER=1)', () => {
        throw new Error(
          `HEATSTACK_REQUIRE_DOCKER=1 but no Docker daemon at ${describeEndpoint(endpoint)}: ${unreachable}`,
        );
      });
    });
    return;
  }
  if (!warned) console.warn(SKIP_MESSAGE);
  warned = true;
  describe.skipIf(true)(`${name} (${SKIP_MESSAGE})`, body);
}

/** `test` for a single Docker test inside an ordinary `describe`. */
export function itDocker(name: string, body: () => Promise<void>, timeout?: number): void {
  if (unreachable === undefined) {
    test(name, body, timeout);
    return;
  }
  if (required) {
    test(name, () => {
      throw new Error(
        `HEATSTACK_REQUIRE_DOCKER=1 but no Docker daemon at ${describeEndpoint(endpoint)}: ${unreachable}`,
      );
    });
    return;
  }
  if (!warned) console.warn(SKIP_MESSAGE);
  warned = true;
  test.skipIf(true)(`${name} (${SKIP_MESSAGE})`, body);
}

/** A stack name no other test (or engineer) uses at the same time. */
export function uniqueStack(prefix: string): string {
  return `t-${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
