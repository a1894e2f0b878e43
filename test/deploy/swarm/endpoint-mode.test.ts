import { expect, test } from 'vitest';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { spawnCli } from '../support/e2e.js';
import { deployedBeforeAll, destroyAndCount, eventually, NOTHING_LEFT } from './swarm-support.js';

/**
 * Two services reached without a virtual IP (`endpoint_mode: dnsrr`): the Client is given the Database's `network_ip`
 * and connects to it. Swarm's virtual IPs need the kernel's ip_vs, which this project's test machine lacks
 * (docs/swarm.md); a task's own address answers everywhere.
 */
const TEMPLATE = `heat_template_version: 2018-08-31
resources:
  Database:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'while true; do echo hello from the database | nc -l -p 3306; done']
      endpoint_mode: dnsrr
  Client:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      env: [{list_join: ['', ['DB=', {get_attr: [Database, network_ip]}]]}]
      cmd: [sh, -c, 'until nc -w 2 "$DB" 3306 </dev/null | grep hello; do sleep 1; done; exec sleep 600']
      endpoint_mode: dnsrr
outputs:
  address: {value: {get_attr: [Database, network_ip]}}
  tasks: {value: {get_attr: [Database, task_ips]}}
`;

describeDocker('endpoint_mode dnsrr on a one-node swarm', () => {
  const { stack, stateDir, result: deployed } = deployedBeforeAll('swarm-dnsrr', TEMPLATE);

  test("network_ip is the Database's task address, and the Client given it connects", async () => {
    const result = deployed();
    expect(result.failure).toBeUndefined();
    expect(result.record.status).toBe('CREATE_COMPLETE');
    const tasks = result.record.outputs.tasks?.value as string[];
    expect(tasks).toHaveLength(1);
    expect(result.record.outputs.address?.value).toBe(tasks[0]);
    const said = await eventually(async () => {
      const { stdout } = await spawnCli(['logs', '--stack', stack, 'Client'], stateDir).done;
      return stdout.includes('hello from the database') ? stdout : undefined;
    });
    expect(said).toContain('Client | hello from the database');
  }, 120_000);

  test('destroy leaves no service, network, secret, volume or container', async () => {
    expect(await destroyAndCount(stack, stateDir)).toEqual({ status: 'DELETE_COMPLETE', left: NOTHING_LEFT });
  }, 120_000);
});
