import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';

/**
 * Test images, built locally (no registry is reachable, and no test may pull): `FROM scratch` plus Debian's
 * static busybox. The two seed stand-ins are tagged exactly as the seed template names them, so it deploys
 * unchanged. Each image carries a hash of what it was built from; a build runs only when that hash changed.
 */

export const TEST_IMAGES = {
  /** sh, sleep, httpd, nc, … as `/bin/<applet>`. */
  busybox: 'heatstack-test/busybox:latest',
  /** Prints a generated password as its first output line, then listens on 3306 (EXPOSE 3306). */
  mysql: 'samalba/mysql:latest',
  /** Serves HTTP on 80 (EXPOSE 80): `/` shows DB_HOSTNAME/DB_PORT/DB_PASSWORD, `/cgi-bin/db` tries the database. */
  wordpress: 'samalba/wordpress:latest',
} as const;

const HASH_LABEL = 'io.heatstack.test-image';

const APPLETS = [
  'sh',
  'ash',
  'cat',
  'cut',
  'echo',
  'env',
  'false',
  'grep',
  'head',
  'hostname',
  'httpd',
  'id',
  'ip',
  'kill',
  'ls',
  'md5sum',
  'mkdir',
  'nc',
  'nslookup',
  'ping',
  'printf',
  'ps',
  'rm',
  'sed',
  'seq',
  'sleep',
  'tail',
  'test',
  'timeout',
  'touch',
  'true',
  'wc',
  'wget',
  'whoami',
  '[',
];

const MYSQL = `#!/bin/sh
# Stand-in for samalba/mysql: the first line of output is the generated root password, then it serves on 3306.
password=$(head -c 12 /dev/urandom | md5sum | cut -c1-16)
echo "$password"
echo "mysql stand-in listening on 3306" >&2
exec nc -ll -p 3306 -e /usr/local/bin/mysql-greeting
`;

const MYSQL_GREETING = `#!/bin/sh
echo "heatstack mysql stand-in"
`;

const WORDPRESS = `#!/bin/sh
# Stand-in for samalba/wordpress: a page naming the database it was given, served on 80.
cat > /www/index.html <<PAGE
<html><body><h1>heatstack wordpress stand-in</h1>
<p id="db-hostname">DB_HOSTNAME=$DB_HOSTNAME</p>
<p id="db-port">DB_PORT=$DB_PORT</p>
<p id="db-password">DB_PASSWORD=$DB_PASSWORD</p>
</body></html>
PAGE
echo "wordpress stand-in serving on 80"
exec httpd -f -p 80 -h /www
`;

const DB_CGI = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
if nc -w 2 "$DB_HOSTNAME" "$DB_PORT" </dev/null >/dev/null 2>&1; then echo "database reachable"; else echo "database unreachable"; fi
`;

const DOCKERFILES: Record<keyof typeof TEST_IMAGES, string> = {
  busybox: 'FROM scratch\nCOPY rootfs/ /\nCMD ["sh"]\n',
  mysql: 'FROM scratch\nCOPY rootfs/ /\nEXPOSE 3306\nCMD ["/usr/local/bin/mysql-standin"]\n',
  wordpress: 'FROM scratch\nCOPY rootfs/ /\nEXPOSE 80\nCMD ["/usr/local/bin/wordpress-standin"]\n',
};

const FILES: Record<string, string> = {
  'etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
  'etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  'usr/local/bin/mysql-standin': MYSQL,
  'usr/local/bin/mysql-greeting': MYSQL_GREETING,
  'usr/local/bin/wordpress-standin': WORDPRESS,
  'www/cgi-bin/db': DB_CGI,
};

/** Where Debian's busybox-static puts its binary. */
export function findStaticBusybox(): string {
  for (const path of ['/bin/busybox', '/usr/bin/busybox']) {
    if (existsSync(path) && isStatic(readFileSync(path))) return path;
  }
  throw new Error('no static busybox found at /bin/busybox: install it (apt-get install -y busybox-static)');
}

/** A static ELF binary has no PT_INTERP program header (the dynamic loader): it runs in a `FROM scratch` image. */
function isStatic(elf: Buffer): boolean {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false; // 64-bit ELF only
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) if (elf.readUInt32LE(phoff + i * phentsize) === 3) return false;
  return true;
}

function contentHash(busybox: Buffer, dockerfile: string): string {
  const hash = createHash('sha256').update(busybox).update(dockerfile).update(APPLETS.join(','));
  for (const [path, text] of Object.entries(FILES)) hash.update(path).update(text);
  return hash.digest('hex').slice(0, 16);
}

async function writeContext(dir: string, busyboxPath: string, dockerfile: string): Promise<void> {
  const root = join(dir, 'rootfs');
  await mkdir(join(root, 'bin'), { recursive: true });
  await mkdir(join(root, 'tmp'), { recursive: true });
  await copyFile(busyboxPath, join(root, 'bin/busybox'));
  for (const applet of APPLETS) await symlink('busybox', join(root, 'bin', applet));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
    if (path.includes('bin/')) await chmod(join(root, path), 0o755);
  }
  await chmod(join(root, 'tmp'), 0o1777);
  await writeFile(join(dir, 'Dockerfile'), dockerfile);
}

async function imageHash(docker: Docker, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Config.Labels?.[HASH_LABEL];
  } catch {
    return undefined;
  }
}

async function build(docker: Docker, tag: string, busyboxPath: string, dockerfile: string, hash: string) {
  const dir = await mkdtemp(join(tmpdir(), 'heatstack-image-'));
  try {
    await writeContext(dir, busyboxPath, dockerfile);
    const stream = await docker.buildImage(
      { context: dir, src: ['Dockerfile', 'rootfs'] },
      { t: tag, labels: { [HASH_LABEL]: hash }, rm: true, forcerm: true },
    );
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
        const failed = error?.message ?? events.find((e) => e.error)?.error;
        if (failed) reject(new Error(`building test image ${tag} failed: ${failed}`));
        else resolve();
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Builds whichever test images are missing or out of date on `docker`; returns the tags it built. */
export async function buildTestImages(docker: Docker): Promise<string[]> {
  const busyboxPath = findStaticBusybox();
  const busybox = readFileSync(busyboxPath);
  const built: string[] = [];
  for (const [name, tag] of Object.entries(TEST_IMAGES) as [keyof typeof TEST_IMAGES, string][]) {
    const hash = contentHash(busybox, DOCKERFILES[name]);
    if ((await imageHash(docker, tag)) === hash) continue;
    await build(docker, tag, busyboxPath, DOCKERFILES[name], hash);
    built.push(tag);
  }
  return built;
}

let ensured: Promise<string[]> | undefined;

/** For a test's `beforeAll`: the test images exist on the default daemon (built once per process). */
export function ensureTestImages(): Promise<string[]> {
  ensured ??= dockerClient(parseEndpoint(undefined)).then(buildTestImages);
  return ensured;
}
