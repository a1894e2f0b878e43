/**
 * WordPress and MySQL, the Docker plugin for Heat's own example grown into a real application: the database keeps
 * its files in a named volume, so a database container replaced by an update finds its data (a volume's deletion
 * policy is `Retain`: `heatstack destroy` keeps it too, and the next deploy uses it again). The blog reads its
 * database's address, port and root password from the MySQL container's attributes. The seed's version, unchanged:
 * `wordpress-seed.ts`.
 */
import { App, DockerContainer, DockerVolume, Output, Stack } from 'heatstack';

export class WordpressStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id);

    const data = new DockerVolume(this, 'DatabaseData');
    const db = new DockerContainer(this, 'Database', {
      image: 'samalba/mysql',
      volumes: [{ volume: data.ref, path: '/var/lib/mysql' }],
    });
    const blog = new DockerContainer(this, 'Blog', {
      image: 'samalba/wordpress',
      // The MySQL image prints its generated root password as its first line.
      env: [`DB_HOSTNAME=${db.networkIp}`, `DB_PORT=${db.networkTcpPorts}`, `DB_PASSWORD=${db.logsHead}`],
    });

    new Output(this, 'BlogURL', {
      value: `http://${blog.networkIp}:${blog.networkTcpPorts}/`,
      description: 'Blog URL',
    });
  }
}

const app = new App();
new WordpressStack(app, 'Wordpress');
export default app;
