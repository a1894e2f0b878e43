/**
 * Builds the test images on the default daemon (`DOCKER_HOST` or /var/run/docker.sock): `.ci/run` runs this
 * before the tests, with `npx tsx test/support/build-images.ts`.
 */

import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';
import { buildTestImages, TEST_IMAGES } from './images.js';

const docker = await dockerClient(parseEndpoint(undefined));
const built = await buildTestImages(docker);
for (const tag of Object.values(TEST_IMAGES)) console.log(`${built.includes(tag) ? 'built' : 'up to date'}: ${tag}`);
