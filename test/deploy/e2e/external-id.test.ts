import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

// `external_id` against the real daemon, through the CLI (`docs/external-id.md`): a container and a network made by
// hand are adopted — looked up, never created nor deleted — and a container of the stack reads the adopted one's
// address and joins the adopted network.

let ws: E2eWorkspace;
/** What the test made by hand, removed after the suite (no stack owns it). */
const madeByHand: { containers: string[]; networks: string[] } = { containers: [], networks: [] };

function stackFile(name: string, dbId: string, netId: string): string {
  const text = `heat_template_version: 2016-10-14
parameters:
  db_id:
    type: string
    default: ${dbId}
resources:
  net: {type: Heatstack::Docker::Network, external_id: ${netId}}
  db: {type: DockerInc::Docker::Container, external_id: {get_param: db_id}}
  web:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sleep, '3600']
      env: [{list_join: ['', ['DB=', {get_attr: [db, network_ip]}]]}]
      networks: [{network: {get_resource: net}}]
outputs:
  db_ip: {value: {get_attr: [db, network_ip]}}
  db_id: {value: {get_resource: db}}
`;
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

async function cli(...args: string[]) {
  return spawnCli(args, ws.stateDir).done;
}

describeDocker('external_id against Docker', () => {
  ws = e2eWorkspace('external-id');

  afterAll(async () => {
    const docker = await testDocker();
    for (const c of madeByHand.containers)
      await docker
        .getContainer(c)
        .remove({ force: true })
        .catch(() => undefined);
    for (const n of madeByHand.networks)
      await docker
        .getNetwork(n)
        .remove()
        .catch(() => undefined);
  });

  test('deploy adopts a container and a network made by hand; destroy leaves both', async () => {
    const stack = ws.newStack('ext');
    const docker = await testDocker();
    // GIVEN a network and a container on it, made by hand (not the stack's: no heatstack label)
    const network = `${stack}-by-hand`;
    await docker.createNetwork({ Name: network });
    madeByHand.networks.push(network);
    const container = await docker.createContainer({
      name: `${stack}-db`,
      Image: TEST_IMAGES.busybox,
      Cmd: ['sleep', '3600'],
      HostConfig: { NetworkMode: network },
    });
    madeByHand.containers.push(container.id);
    await container.start();
    const dbIp = (await container.inspect()).NetworkSettings.Networks[network]?.IPAddress;
    const file = stackFile(stack, `${stack}-db`, network);

    // WHEN deployed
    const deployed = await cli('deploy', file, '--stack', stack);
    // THEN the container and network are adopted, not created; web reads db's address and joins the network
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toContain(
      `db  CREATE_COMPLETE  state changed: adopted ${stack}-db (external_id): not created`,
    );
    expect(deployed.stdout).toContain(`db_ip = ${dbIp}`);
    expect(deployed.stdout).toContain(`db_id = ${stack}-db`);
    const [web] = await docker.listContainers({ filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }) });
    const webInfo = await docker.getContainer(web!.Id).inspect();
    expect(webInfo.Config.Env).toContain(`DB=${dbIp}`);
    expect(Object.keys(webInfo.NetworkSettings.Networks)).toContain(network);

    // AND a deploy again changes nothing; check finds both adopted objects
    const again = await cli('deploy', file, '--stack', stack);
    expect(again.stderr).toContain('Stack UPDATE completed with no changes');
    const checked = await cli('check', '--stack', stack);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('db: adopted (external_id): exists');

    // AND another external_id is refused, changing nothing
    const other = await cli('deploy', file, '--stack', stack, '--parameter', 'db_id=another');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      'Update to property external_id of db (DockerInc::Docker::Container) is not supported',
    );

    // WHEN destroyed, THEN what was adopted is still there
    const destroyed = await cli('destroy', '--stack', stack);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect((await container.inspect()).State.Running).toBe(true);
    expect((await docker.getNetwork(network).inspect()).Name).toBe(network);
  });

  test('an external_id naming no object fails the deploy naming it, and leaves no stack', async () => {
    const stack = ws.newStack('ext-gone');
    const file = stackFile(stack, `${stack}-nope`, `${stack}-no-net`);
    const run = await cli('deploy', file, '--stack', stack);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Resources\.(db|net)\.external_id: Invalid external resource: Resource \S+ \(\S+\) can not be found\./,
    );
    expect((await cli('ls')).stdout).not.toContain(stack);
  });
});
