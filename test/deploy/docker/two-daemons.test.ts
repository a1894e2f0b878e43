import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDockerBackend } from '../../../src/deploy/docker-backend.js';
import { deployStack, destroyStack, stackIdOf } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { ensureTestImages, TEST_IMAGES } from '../../support/images.js';
import { session, tempStateDir, uniqueStack } from '../support/e2e.js';
import { startTlsDaemon, type TlsDaemon } from './tls-daemon.js';

/**
 * One stack on two daemons: the shared one (the default endpoint) and a private one the test starts, reached over TLS
 * with client certificates (`docker_endpoint: https://127.0.0.1:<port>`, certificates from DOCKER_CERT_PATH).
 */
const TEMPLATE = `heat_template_version: 2018-08-31
resources:
  Db:
    type: DockerInc::Docker::Container
    properties: {image: ${TEST_IMAGES.busybox}, cmd: [sh, -c, 'echo db-ready; exec sleep 600']}
  App:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      docker_endpoint: PRIVATE_ENDPOINT
      cmd: [sleep, '600']
      env: [{list_join: ['=', [DB_ADDRESS, {get_attr: [Db, network_ip]}]]}, {list_join: ['=', [DB_SAYS, {get_attr: [Db, logs_head]}]]}]
`;

describeDocker('a stack on two daemons, one reached over TLS with client certificates', () => {
  const stateDir = tempStateDir();
  const certPathBefore = process.env.DOCKER_CERT_PATH;
  let daemon: TlsDaemon;

  async function deploy(stack: string) {
    const { template: parsed } = parseTemplate(TEMPLATE.replace('PRIVATE_ENDPOINT', daemon.endpoint));
    if (parsed === undefined) throw new Error('the test template does not parse');
    const options = session(stateDir);
    const stackId = await stackIdOf(options.store, stack);
    const input = { stackName: stack, stackId, template: parsed, parameters: {}, hiddenParameters: new Set<string>() };
    return deployStack(input, options);
  }

  /** Containers and networks each daemon holds under the stack's label. */
  async function objectsOf(stack: string) {
    const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
    const count = async (docker: typeof daemon.docker) => {
      const [containers, networks] = await Promise.all([
        docker.listContainers({ all: true, filters }),
        docker.listNetworks({ filters }),
      ]);
      return containers.length + networks.length;
    };
    return { shared: await count(await testDocker()), private: await count(daemon.docker) };
  }

  beforeAll(async () => {
    await ensureTestImages();
    daemon = await startTlsDaemon([TEST_IMAGES.busybox], await testDocker());
  }, 180_000);

  afterAll(async () => {
    if (certPathBefore === undefined) delete process.env.DOCKER_CERT_PATH;
    else process.env.DOCKER_CERT_PATH = certPathBefore;
    await daemon?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  test('is created with the reference across daemons resolved, listed on both, and destroyed on both', async () => {
    process.env.DOCKER_CERT_PATH = daemon.certDir;
    const stack = uniqueStack('two-daemons');
    const result = await deploy(stack);
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('CREATE_COMPLETE');
    // The App runs on the private daemon, given the Db's address and first line from the shared one.
    const db = await (await testDocker()).getContainer(result.record.resources.Db?.physicalId as string).inspect();
    const app = await daemon.docker.getContainer(result.record.resources.App?.physicalId as string).inspect();
    const dbAddress = db.NetworkSettings.Networks[`heatstack-${stack}`]?.IPAddress;
    expect(app.Config.Env).toEqual(expect.arrayContaining([`DB_ADDRESS=${dbAddress}`, 'DB_SAYS=db-ready']));
    // Listed: the backend finds each resource's container on its own daemon.
    const observed = await createDockerBackend().observe(stack, [{ docker_endpoint: daemon.endpoint }]);
    expect(observed.unreachable.size).toBe(0);
    expect(observed.objects.map((o) => o.logicalId).sort()).toEqual(['App', 'Db']);
    expect(await objectsOf(stack)).toEqual({ shared: 2, private: 2 }); // a container and the stack network on each
    const destroyed = await destroyStack(stack, session(stateDir));
    expect(destroyed.record.status).toBe('DELETE_COMPLETE');
    expect(await objectsOf(stack)).toEqual({ shared: 0, private: 0 });
  }, 180_000);

  test('a client certificate the daemon does not trust is an error naming the endpoint; nothing is left behind', async () => {
    process.env.DOCKER_CERT_PATH = daemon.wrongCertDir;
    const stack = uniqueStack('wrong-cert');
    const result = await deploy(stack);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failure?.reason).toContain(
      `Resource CREATE failed: App: the TLS handshake with the Docker daemon at ${daemon.endpoint} failed`,
    );
    expect(result.failure?.reason).toContain(daemon.wrongCertDir);
    expect(await objectsOf(stack)).toEqual({ shared: 0, private: 0 });
  }, 180_000);
});
