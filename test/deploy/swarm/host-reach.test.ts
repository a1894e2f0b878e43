import { describe, expect, test } from 'vitest';
import { outputNotes } from '../../../src/deploy/swarm/host-reach.js';
import type { LiveService } from '../../../src/deploy/swarm/live-state.js';

function service(logicalId: string, address: string, ports: LiveService['ports'] = []): LiveService {
  return {
    endpoint: '',
    id: logicalId,
    name: logicalId,
    stack: 'blog',
    logicalId,
    state: 'running',
    address,
    overlayAddress: address,
    ports,
    image: 'x',
  };
}

const DATABASE = service('Database', '10.0.3.4', [{ port: 3306, protocol: 'tcp' }]);

describe('outputs a host cannot open, on a Swarm stack', () => {
  test("the seed's BlogURL names the Blog's virtual IP: the note says how to publish it, or to open it from the stack network", () => {
    const outputs = { BlogURL: { value: 'http://10.0.3.2:80/', description: 'Blog URL' } };
    expect(
      outputNotes('blog', outputs, [service('Blog', '10.0.3.2', [{ port: 80, protocol: 'tcp' }]), DATABASE]),
    ).toEqual([
      [
        `output BlogURL names Blog at 10.0.3.2, its virtual IP on the stack's overlay network, which this host cannot reach (docs/swarm.md, "Reaching a service from the host"):`,
        '  publish it: give Blog port_bindings: {"80": "<host port>"}, then open port <host port> of 127.0.0.1 (Swarm publishes on every address of the node)',
        "  or reach it from a container on the stack's network: docker run --rm --network heatstack-blog busybox wget -qO- 'http://10.0.3.2:80/'",
      ].join('\n'),
    ]);
  });

  test('a service that publishes the port is opened on the node: the note gives the URL that opens', () => {
    const blog = service('Blog', '10.0.3.2', [{ port: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }]);
    expect(outputNotes('blog', { BlogAddress: { value: 'http://10.0.3.2:80/wp-admin' } }, [blog])).toEqual([
      `output BlogAddress names Blog at 10.0.3.2, its virtual IP on the stack's overlay network, which this host cannot reach; Blog publishes port 80 on its node: open http://127.0.0.1:8080/wp-admin`,
    ]);
  });

  test('an address alone, or inside a list, is named too; a longer address, or an output without one, is not', () => {
    const outputs = {
      Plain: { value: '10.0.3.4' },
      Listed: { value: ['10.0.3.4', 'x'] },
      Longer: { value: '10.0.3.45:80 and 110.0.3.4 and 10.0.3.4.5' },
      Other: { value: 'http://127.0.0.1:8080/' },
      Failed: { error: 'no value' },
    };
    const notes = outputNotes('blog', outputs, [DATABASE]);
    expect(notes.map((n) => n.split(' ')[1])).toEqual(['Plain', 'Listed']);
    expect(notes[0]).toContain('give Database port_bindings: {"<port>": "<host port>"}');
    expect(notes[0]).toContain('docker run --rm -it --network heatstack-blog busybox');
  });

  test("an address on the stack's node network (a one-node swarm) opens from the host: no note", () => {
    const { overlayAddress: _, ...onNode } = service('Blog', '172.20.0.2', [{ port: 80, protocol: 'tcp' }]);
    expect(outputNotes('blog', { BlogURL: { value: 'http://172.20.0.2:80/' } }, [onNode])).toEqual([]);
  });
});
