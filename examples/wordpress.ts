/**
 * WordPress and MySQL, the Docker plugin for Heat's own example grown into a real application: the database keeps
 * its files in a named volume, so a database container replaced by an update finds its data (a volume's deletion
 * policy is `Retain`: `heatstack destroy` keeps it too, and the next deploy uses it again). Its root password is
 * generated at deploy (a RandomString, kept hidden in the stack's state and the same on every later deploy) and given
 * to both containers; the blog reads its database's address and port from the MySQL container's attributes. The
 * seed's version, unchanged: `wordpress-seed.ts`.
 */
import { App, DockerContainer, DockerVolume, Output, RandomString, Stack } from 'heatstack';

export class WordpressStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id);

    const data = new DockerVolume(this, 'DatabaseData');
    const password = new RandomString(this, 'DatabasePassword', { length: 24 });
    const db = new DockerContainer(this, 'Database', {
      image: 'samalba/mysql',
      env: [`MYSQL_ROOT_PASSWORD=${password.value}`],
      volumes: [{ volume: data.ref, path: '/var/lib/mysql' }],
    });
    const blog = new DockerContainer(this, 'Blog', {
      image: 'samalba/wordpress',
      env: [`DB_HOSTNAME=${db.networkIp}`, `DB_PORT=${db.networkTcpPorts}`, `DB_PASSWORD=${password.value}`],
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
