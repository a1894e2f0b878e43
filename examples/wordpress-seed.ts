/**
 * The Docker plugin for Heat's own example (`wordpress_mysql.yml`), as a heatstack stack: WordPress reading its
 * database's address, port and generated root password from the MySQL container's attributes. Kept equivalent to
 * the seed's template (`test/examples/wordpress-seed.test.ts`); `wordpress.ts` is this stack grown a database volume.
 */
import { App, DockerContainer, Output, Stack } from 'heatstack';

export class WordpressStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id);

    const db = new DockerContainer(this, 'Database', { image: 'samalba/mysql' });
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
