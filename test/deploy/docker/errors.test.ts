import { describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../../src/deploy/docker/connection.js';
import { resourceError } from '../../../src/deploy/docker/errors.js';

const endpoint = parseEndpoint('unix:///run/heatstack-test.sock');
const transport = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('what a failed Docker call reads as', () => {
  // Found by the chaos suite: the daemon cut off while a create's body was being written read
  // "creating the container failed: write EPIPE", naming no daemon.
  test.each(['ECONNRESET', 'EPIPE', 'ECONNREFUSED'])(
    'a connection lost (%s) names the daemon it could not reach',
    (code) => {
      const error = resourceError('Resources.C01', 'creating the container', endpoint, transport(code));
      expect(error.message).toBe(
        `Resources.C01: cannot reach the Docker daemon at /run/heatstack-test.sock (${code}): is dockerd running? set DOCKER_HOST or the resource’s docker_endpoint`,
      );
    },
  );

  test("an answer of the daemon's is its own words", () => {
    const error = resourceError('Resources.C01', 'creating the container', endpoint, {
      statusCode: 500,
      json: { message: 'chaos: injected server error' },
    });
    expect(error.message).toBe('Resources.C01: creating the container failed: chaos: injected server error');
  });
});
