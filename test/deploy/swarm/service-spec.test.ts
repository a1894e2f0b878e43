import { describe, expect, test } from 'vitest';
import { DockerPropertyError } from '../../../src/deploy/docker/container-spec.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { serviceSpec } from '../../../src/deploy/swarm/service-spec.js';
import { swarmOnly, unexpressible } from '../../../src/template/resource-types/swarm-service.js';
import { withDefaults } from '../docker/requests.js';

const BLOG = {
  stack: 'blog',
  logicalId: 'Blog',
  configHash: 'abc',
  deployId: 'd1',
  network: 'net-id',
  nodeNetwork: 'node-id',
};

function spec(properties: Record<string, unknown>) {
  return serviceSpec({ ...BLOG, properties: withDefaults({ image: 'busybox', ...properties }) });
}

const NS = 1_000_000_000;

describe('a container resource as a Swarm service', () => {
  test('the service carries the stack, resource, configuration hash and deploy labels; its tasks do not', () => {
    const s = spec({});
    expect(s.Labels).toEqual({
      [LABELS.stack]: 'blog',
      [LABELS.resource]: 'Blog',
      [LABELS.configHash]: 'abc',
      [LABELS.deployId]: 'd1',
    });
    expect(s.TaskTemplate).toMatchObject({ ContainerSpec: { Labels: { 'io.heatstack.service-of': 'blog/Blog' } } });
    expect(s.Name).toMatch(/^blog-blog-[0-9a-f]{6}$/);
  });

  test('made for a record, the service carries its id and state directory too (`docs/stack-identity.md`)', () => {
    const owner = { id: '5c0e', stateDir: '/srv/state' };
    const s = serviceSpec({ ...BLOG, owner, properties: withDefaults({ image: 'busybox' }) });
    expect(s.Labels).toMatchObject({ [LABELS.stackId]: '5c0e', [LABELS.stateDir]: '/srv/state' });
  });

  test('joins the stack overlay network with the logical id as its DNS alias, and the stack node network', () => {
    expect(spec({}).TaskTemplate).toMatchObject({
      Networks: [{ Target: 'net-id', Aliases: ['Blog', 'blog'] }, { Target: 'node-id' }],
    });
  });

  test('maps the container properties onto the task template', () => {
    const s = spec({
      cmd: ['httpd', '-f'],
      env: ['A=1'],
      hostname: 'web',
      user: 'nobody',
      memory: 64 * 1024 * 1024,
      tty: true,
      read_only: true,
      dns: ['9.9.9.9'],
      cap_add: ['NET_ADMIN'],
      cap_drop: ['MKNOD'],
      stop_timeout: 3,
      volumes: { '/srv/data': { bind: '/data', ro: true } },
      restart_policy: { Name: 'on-failure', MaximumRetryCount: 2 },
    });
    expect(s.TaskTemplate).toMatchObject({
      ContainerSpec: {
        Image: 'busybox',
        Args: ['httpd', '-f'],
        Env: ['A=1'],
        Hostname: 'web',
        User: 'nobody',
        TTY: true,
        ReadOnly: true,
        DNSConfig: { Nameservers: ['9.9.9.9'] },
        CapabilityAdd: ['NET_ADMIN'],
        CapabilityDrop: ['MKNOD'],
        StopGracePeriod: 3 * NS,
        Mounts: [{ Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true }],
      },
      Resources: { Limits: { MemoryBytes: 64 * 1024 * 1024 } },
      RestartPolicy: { Condition: 'on-failure', MaxAttempts: 2 },
    });
  });

  test('replicas, global mode, placement and both rollout configurations', () => {
    expect(spec({}).Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(spec({ replicas: 0 }).Mode).toEqual({ Replicated: { Replicas: 0 } });
    expect(spec({ replicas: 3 }).Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec({ mode: 'global' }).Mode).toEqual({ Global: {} });
    const s = spec({
      placement: { constraints: ['node.role==manager'], preferences: ['node.labels.zone'] },
      update_config: { parallelism: 2, delay: 1, order: 'start-first', failure_action: 'rollback', monitor: 4 },
      rollback_config: { parallelism: 0, max_failure_ratio: 0.5 },
    });
    expect(s.TaskTemplate).toMatchObject({
      Placement: {
        Constraints: ['node.role==manager'],
        Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
      },
    });
    expect(s.UpdateConfig).toEqual({
      Parallelism: 2,
      Delay: NS,
      Order: 'start-first',
      FailureAction: 'rollback',
      Monitor: 4 * NS,
    });
    expect(s.RollbackConfig).toEqual({ Parallelism: 0, MaxFailureRatio: 0.5, Order: 'stop-first' });
  });

  test('published ports are published in host mode; an explicit host address cannot be', () => {
    expect(spec({ port_bindings: { '80': 8080, '53/udp': null } }).EndpointSpec).toEqual({
      Mode: 'vip',
      Ports: [
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' },
        { Protocol: 'udp', TargetPort: 53, PublishMode: 'host' },
      ],
    });
    expect(spec({ port_specs: ['3306'] }).EndpointSpec).toBeUndefined();
    expect(() => spec({ port_bindings: { '80': '10.1.2.3:8080' } })).toThrow(
      /Resources\.Blog\.Properties\.port_bindings: 80\/tcp asks for host address 10\.1\.2\.3/,
    );
  });

  test('endpoint_mode dnsrr: the logical id resolves to the tasks, with or without published ports', () => {
    expect(spec({ endpoint_mode: 'dnsrr' }).EndpointSpec).toEqual({ Mode: 'dnsrr' });
    expect(spec({ endpoint_mode: 'dnsrr', port_bindings: { '80': 8080 } }).EndpointSpec).toEqual({
      Mode: 'dnsrr',
      Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }],
    });
    expect(spec({ endpoint_mode: 'vip' }).EndpointSpec).toEqual({ Mode: 'vip' });
    expect(() => spec({ endpoint_mode: 'ingress' })).toThrow(
      "Resources.Blog.Properties.endpoint_mode: 'ingress' is not vip or dnsrr",
    );
  });

  test('what Swarm cannot express is refused, naming each property', () => {
    expect(() => spec({ privileged: true, links: { db: 'db' } })).toThrow(DockerPropertyError);
    expect(() => spec({ privileged: true, links: { db: 'db' } })).toThrow(
      /Properties\.privileged: Swarm services cannot be privileged.*Properties\.links: Swarm has no links/,
    );
    expect(unexpressible('Blog', { devices: [{ path_on_host: '/dev/null' }], cpu_shares: 2, cpu_set: '0' })).toEqual([
      expect.stringContaining('Resources.Blog.Properties.devices'),
      expect.stringContaining('Resources.Blog.Properties.cpu_shares'),
      expect.stringContaining('Resources.Blog.Properties.cpu_set'),
    ]);
    // Heat's defaults ask for nothing.
    expect(unexpressible('Blog', withDefaults({ image: 'busybox' }))).toEqual([]);
    expect(() => spec({ mode: 'global', replicas: 2 })).toThrow(/Properties\.replicas: a global service/);
  });

  test('the plain Docker target refuses the Swarm properties, naming each', () => {
    expect(swarmOnly('Web', { image: 'x', replicas: 3, placement: { constraints: [] } })).toEqual([
      'Resources.Web.Properties.replicas: a Swarm property; deploy with --target swarm, or remove it',
      'Resources.Web.Properties.placement: a Swarm property; deploy with --target swarm, or remove it',
    ]);
    expect(swarmOnly('Web', withDefaults({ image: 'x' }))).toEqual([]);
  });
});
