/**
 * A web cluster from a local directory: the image is built at deploy from `web-cluster/` (beside this file), three
 * replicas run it behind a proxy container, and each replica has a health check, so the proxy starts only once all
 * three answer (the health gate). An unchanged directory is not built again; a changed one replaces the image and
 * every container running it.
 */
import { App, DockerContainer, DockerImage, Output, Parameter, Stack } from 'heatstack';

/** Replicas behind the proxy. */
const REPLICAS = 3;

export class WebClusterStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id, { description: 'Three web replicas built from a local directory, behind a proxy' });

    const baseImage = new Parameter(this, 'BaseImage', {
      description: 'The image the cluster’s image is built FROM: a busybox with httpd and wget',
      default: 'busybox:1.36',
    });
    const port = new Parameter(this, 'ProxyPort', {
      type: 'number',
      description: 'The host port of the proxy (on 127.0.0.1)',
      default: 8080,
      minValue: 1,
      maxValue: 65535,
    });

    const image = new DockerImage(this, 'WebImage', {
      context: 'web-cluster',
      buildArgs: { BASE_IMAGE: baseImage.valueAsString },
    });

    const replicas: DockerContainer[] = [];
    for (let n = 1; n <= REPLICAS; n++) {
      replicas.push(
        new DockerContainer(this, `Web${n}`, {
          image: image.ref,
          env: [`REPLICA=${n}`],
          // Created once its page is served: the proxy, which reads its address, starts after it is ready.
          healthcheck: {
            test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/'],
            interval: 1,
            timeout: 2,
            retries: 5,
          },
        }),
      );
    }

    new DockerContainer(this, 'Proxy', {
      image: image.ref,
      cmd: ['sh', '/usr/local/bin/proxy.sh'],
      env: [`BACKENDS=${replicas.map((r) => r.networkIp).join(' ')}`],
      portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: `${port.valueAsNumber}` }] },
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/'], interval: 1, retries: 5 },
    });

    new Output(this, 'URL', {
      value: `http://127.0.0.1:${port.valueAsNumber}/`,
      description: 'The proxy, from this host',
    });
    new Output(this, 'ImageTag', { value: image.tag, description: 'The built image' });
  }
}

const app = new App();
new WebClusterStack(app, 'WebCluster');
export default app;
