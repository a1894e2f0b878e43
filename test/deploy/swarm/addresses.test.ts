import type Docker from 'dockerode';
import { describe, expect, test } from 'vitest';
import { type NodeTaskContainers, serviceReach } from '../../../src/deploy/swarm/addresses.js';
import type { SwarmTask } from '../../../src/deploy/swarm/tasks.js';

const OVERLAY = 'overlay-id';

function service(mode: 'vip' | 'dnsrr' = 'vip'): Docker.Service {
  const vips = mode === 'vip' ? [{ NetworkID: 'node-id' }, { NetworkID: OVERLAY, Addr: '10.0.3.2/24' }] : [];
  return { ID: 'svc', Spec: { EndpointSpec: { Mode: mode } }, Endpoint: { VirtualIPs: vips } } as Docker.Service;
}

/** A task of the service, running unless said, with its overlay address and container. */
function task(n: number, state = 'running'): SwarmTask {
  return {
    ID: `t${n}`,
    ServiceID: 'svc',
    DesiredState: state === 'running' ? 'running' : 'shutdown',
    Status: { State: state, ContainerStatus: { ContainerID: `c${n}` } },
    NetworksAttachments: [{ Network: { ID: OVERLAY }, Addresses: [`10.0.3.${n}/24`] }, { Network: { ID: 'node-id' } }],
  };
}

/** The node's task containers: container `cN` at 172.20.0.N on the stack `blog`'s node network. */
function onNode(...ns: number[]): NodeTaskContainers {
  return new Map(
    ns.map((n) => [`c${n}`, { 'heatstack-blog-node': { IPAddress: `172.20.0.${n}`, Gateway: '172.20.0.1' } }]),
  );
}

describe("where a service is reached (network_ip, task_ips, ps's address)", () => {
  test("a one-node swarm: the running tasks' node-network addresses, the lowest first, in numeric order", () => {
    const tasks = [task(10), task(9), task(11, 'shutdown')];
    expect(serviceReach(service(), 'blog', tasks, OVERLAY, onNode(9, 10, 11))).toEqual({
      address: '172.20.0.9',
      taskIps: ['172.20.0.9', '172.20.0.10'],
      onNode: true,
      nodeGateway: '172.20.0.1',
    });
  });

  test('a one-node swarm with no running task (suspended) falls back to the virtual IP', () => {
    expect(serviceReach(service(), 'blog', [task(4, 'shutdown')], OVERLAY, onNode(4))).toEqual({
      address: '10.0.3.2',
      taskIps: [],
      onNode: false,
    });
  });

  test('several nodes: the virtual IP on the overlay, and the tasks’ overlay addresses', () => {
    expect(serviceReach(service(), 'blog', [task(5), task(4)], OVERLAY, undefined)).toEqual({
      address: '10.0.3.2',
      taskIps: ['10.0.3.4', '10.0.3.5'],
      onNode: false,
    });
  });

  test('several nodes, endpoint_mode dnsrr (no virtual IP): the lowest running task’s overlay address, as ps shows it', () => {
    const reach = serviceReach(service('dnsrr'), 'blog', [task(7), task(6), task(3, 'failed')], undefined, undefined);
    expect(reach).toMatchObject({ address: '10.0.3.6', taskIps: ['10.0.3.6', '10.0.3.7'], onNode: false });
  });

  test("another service's tasks are not counted", () => {
    const other = { ...task(1), ServiceID: 'other' };
    expect(serviceReach(service(), 'blog', [other, task(2)], OVERLAY, onNode(1, 2)).taskIps).toEqual(['172.20.0.2']);
  });
});
