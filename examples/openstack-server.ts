/**
 * A server on an OpenStack cloud, written with the generated Heat types (`heatstack/openstack/*`): a port on a
 * network, a floating IP on it, a volume attached to the server, and an admin password Heat generates
 * (`OS::Heat::RandomString`). heatstack synthesizes and validates it; a Heat on a cloud runs it.
 */
import { App, Output, Parameter, Stack } from 'heatstack';
import { CinderVolume, CinderVolumeAttachment } from 'heatstack/openstack/cinder';
import { HeatRandomString } from 'heatstack/openstack/heat';
import { NeutronFloatingIP, NeutronPort } from 'heatstack/openstack/neutron';
import { NovaServer } from 'heatstack/openstack/nova';

export class ServerStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id, { description: 'A server with a port, a floating IP, a volume and a generated password' });
    const flavor = new Parameter(this, 'Flavor', { default: 'm1.small', description: 'The flavor to boot' });
    const image = new Parameter(this, 'Image', { default: 'cirros', description: 'The image to boot' });
    const network = new Parameter(this, 'Network', { default: 'private', description: 'The network of the port' });
    const external = new Parameter(this, 'ExternalNetwork', { default: 'public', description: 'For the floating IP' });
    const size = new Parameter(this, 'VolumeSize', { type: 'number', default: 10, minValue: 1, maxValue: 1024 });

    const password = new HeatRandomString(this, 'AdminPassword', { length: 24 });
    const port = new NeutronPort(this, 'Port', { network: network.valueAsString });
    const floating = new NeutronFloatingIP(this, 'FloatingIp', {
      floatingNetwork: external.valueAsString,
      portId: port.ref,
    });
    const server = new NovaServer(this, 'Server', {
      flavor: flavor.valueAsString,
      image: image.valueAsString,
      adminPass: password.attrValue,
      networks: [{ port: port.ref }],
    });
    const volume = new CinderVolume(this, 'Data', { size: size.valueAsNumber }, { deletionPolicy: 'Snapshot' });
    new CinderVolumeAttachment(this, 'DataAttachment', {
      instanceUuid: server.ref,
      volumeId: volume.ref,
      mountpoint: '/dev/vdb',
    });

    new Output(this, 'PublicIp', { value: floating.attrFloatingIpAddress, description: 'Where to reach the server' });
    new Output(this, 'Password', { value: password.attrValue, description: 'The generated admin password' });
  }
}

const app = new App();
new ServerStack(app, 'Server');
export default app;
