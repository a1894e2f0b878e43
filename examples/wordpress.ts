/**
 * WordPress and MySQL, the Docker plugin for Heat's own example grown into a real application: the database keeps
 * its files in a named volume, so a database container replaced by an update finds its data (a volume's deletion
 * policy is `Retain`: `heatstack destroy` keeps it too, and the next deploy uses it again). MySQL writes its root
 * password into those files when it first starts, so the password is a hidden parameter its user keeps, as Heat's
 * WordPress templates and Compose's `.env` do: a password generated at deploy (a RandomString) would be new after a
 * destroy while the kept data still wanted the old one. It is given to both containers; the blog reads its
 * database's address and port from the MySQL container's attributes. The seed's version, unchanged:
 * `wordpress-seed.ts`.
 *
 *   heatstack deploy examples/wordpress.ts --stack blog -P DatabasePassword=…
 */
import { App, DockerContainer, DockerVolume, Output, Parameter, Stack } from 'heatstack';

export class WordpressStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id);

    const data = new DockerVolume(this, 'DatabaseData');
    const password = new Parameter(this, 'DatabasePassword', {
      hidden: true,
      minLength: 8,
      description: 'Root password of the database, written into its volume by its first start: keep it with the volume',
    });
    const db = new DockerContainer(this, 'Database', {
      image: 'samalba/mysql',
      env: [`MYSQL_ROOT_PASSWORD=${password.valueAsString}`],
      volumes: [{ volume: data.ref, path: '/var/lib/mysql' }],
    });
    const blog = new DockerContainer(this, 'Blog', {
      image: 'samalba/wordpress',
      env: [`DB_HOSTNAME=${db.networkIp}`, `DB_PORT=${db.networkTcpPorts}`, `DB_PASSWORD=${password.valueAsString}`],
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
