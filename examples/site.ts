/**
 * A reusable construct and parameters: `WordpressSite` holds a database and a blog wired together; the stack
 * instantiates it with parameters for the image tag, the host port and a hidden database password, publishes the
 * blog on 127.0.0.1 only, and restarts the containers when they fail.
 */
import { App, Construct, DockerContainer, Output, Parameter, Stack } from 'heatstack';

export interface WordpressSiteProps {
  /** The WordPress image, with its tag. */
  readonly image: string;
  /** The host port the blog is published on (on 127.0.0.1 only). */
  readonly hostPort: string;
  /** The database root password. */
  readonly dbPassword: string;
}

/** A WordPress blog and its MySQL database. */
export class WordpressSite extends Construct {
  readonly database: DockerContainer;
  readonly blog: DockerContainer;

  constructor(scope: Construct, id: string, props: WordpressSiteProps) {
    super(scope, id);
    this.database = new DockerContainer(this, 'Database', {
      image: 'mysql:5.7',
      env: [`MYSQL_ROOT_PASSWORD=${props.dbPassword}`],
      portSpecs: ['3306'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      memory: 512 * 1024 * 1024,
    });
    this.blog = new DockerContainer(this, 'Blog', {
      image: props.image,
      env: [
        `WORDPRESS_DB_HOST=${this.database.networkIp}:3306`,
        'WORDPRESS_DB_USER=root',
        `WORDPRESS_DB_PASSWORD=${props.dbPassword}`,
      ],
      portSpecs: ['80/tcp'],
      portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: props.hostPort }] },
      restartPolicy: { name: 'always' },
      capDrop: ['NET_RAW'],
    });
  }
}

export class SiteStack extends Stack {
  constructor(scope: App, id: string) {
    super(scope, id, { description: 'A WordPress site with its database, published on 127.0.0.1' });

    const tag = new Parameter(this, 'WordpressTag', {
      description: 'The WordPress image tag',
      default: '6.4',
      allowedPattern: '[0-9]+(\\.[0-9]+)*',
      constraintDescription: 'a version number such as 6.4',
    });
    const port = new Parameter(this, 'HostPort', {
      type: 'number',
      description: 'The host port of the blog',
      default: 8080,
      minValue: 1024,
      maxValue: 65535,
    });
    const password = new Parameter(this, 'DbPassword', {
      description: 'The database root password',
      hidden: true,
      minLength: 8,
      maxLength: 64,
    });

    const site = new WordpressSite(this, 'Site', {
      image: `wordpress:${tag.valueAsString}`,
      hostPort: `${port.valueAsNumber}`,
      dbPassword: password.valueAsString,
    });

    new Output(this, 'SiteURL', {
      value: `http://127.0.0.1:${port.valueAsNumber}/`,
      description: 'The site, from this host',
    });
    new Output(this, 'DatabaseIp', { value: site.database.networkIp, description: 'The database container’s address' });
  }
}

const app = new App();
new SiteStack(app, 'Site');
export default app;
