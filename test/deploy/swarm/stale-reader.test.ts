import { expect, test } from 'vitest';
import type { StackEvent } from '../../../src/deploy/status.js';
import { describeDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployedBeforeAll, deployText, ensureSwarm } from './swarm-support.js';

/** A Database and a Client made with its network_ip; the Database's command is a parameter of the text. */
function template(greeting: string): string {
  return `heat_template_version: 2018-08-31
resources:
  Database:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'trap "exit 0" TERM; while true; do echo ${greeting} | nc -l -p 3306; done & wait']
      update_config: {order: start-first}
  Client:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      env: [{list_join: ['', ['DB=', {get_attr: [Database, network_ip]}]]}]
      cmd: [sh, -c, 'trap "exit 0" TERM; sleep 600 & wait']
outputs:
  db: {value: {get_attr: [Database, network_ip]}}
`;
}

describeDocker("a reader of a service whose rolling update moved it (a one-node swarm's task addresses)", () => {
  const { stack, stateDir, result } = deployedBeforeAll('swarm-stale', template('hello'));

  async function clientEnv(): Promise<string[]> {
    const docker = await ensureSwarm();
    const [service] = await docker.listServices({
      filters: { label: [`io.heatstack.stack=${stack}`, 'io.heatstack.resource=Client'] },
    });
    const task = service?.Spec?.TaskTemplate as { ContainerSpec?: { Env?: string[] } } | undefined;
    return task?.ContainerSpec?.Env ?? [];
  }

  test('is replaced by the next deploy, given the address the service has now', async () => {
    expect(result().record.status).toBe('CREATE_COMPLETE');
    expect(await clientEnv()).toEqual([`DB=${result().record.outputs.db?.value}`]);
    // GIVEN the Database rolled out anew (its new task started beside the old one: another address on the node network)
    const rolled = await deployText(template('hi'), stack, stateDir);
    expect(rolled.record.status).toBe('UPDATE_COMPLETE');
    const moved = rolled.record.outputs.db?.value as string;
    expect(moved).not.toBe(result().record.outputs.db?.value);
    // WHEN the stack is deployed again, unchanged
    const events: StackEvent[] = [];
    const again = await deployText(template('hi'), stack, stateDir, events);
    // THEN the Client, made with the old address, is made again with the new one
    expect(again.record.status).toBe('UPDATE_COMPLETE');
    const client = events.filter((e) => e.resource === 'Client');
    expect(client.map((e) => e.status)).toContain('CREATE_COMPLETE');
    expect(client.map((e) => e.reason).join('\n')).toContain("reads Database's network_ip, which changed");
    expect(await clientEnv()).toEqual([`DB=${moved}`]);
  }, 300_000);
});
