import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from 'heatstack/template';
import { expect, test } from 'vitest';
import wordpress from '../../../examples/wordpress.js';
import { destroyStack } from '../../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../../src/deploy/handler.js';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, dockerObjectsOf, type E2eWorkspace, e2eWorkspace, session, spawnCli } from '../support/e2e.js';

// Volumes and networks of heatstack's own types, and DeletionPolicy Retain, against the real daemon
// (`docs/storage.md`).

let ws: E2eWorkspace;

// Prints what the volume holds (or `empty`) as its first line, then writes its version there and sleeps.
const READ_THEN_WRITE =
  'cat /data/note 2>/dev/null || echo empty; echo "written by $VERSION" > /data/note; trap "exit 0" TERM; sleep 3600 & wait';

/**
 * A database container mounting the volume Data; `version` changes its env, so a new version replaces it. A new
 * `purpose` (the volume's label) replaces the volume, `internal` the network.
 */
function databaseStack(
  name: string,
  version: string,
  extra: { volumePolicy?: string; failing?: boolean; purpose?: string; internal?: boolean } = {},
): string {
  const policy = extra.volumePolicy ? `\n    deletion_policy: ${extra.volumePolicy}` : '';
  const failing = extra.failing
    ? `
  Broken:
    type: DockerInc::Docker::Container
    depends_on: [Db]
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'echo no; exit 1']`
    : '';
  const text = `heat_template_version: 2021-04-16
resources:
  Data:
    type: Heatstack::Docker::Volume${policy}
    properties:
      labels: { purpose: ${extra.purpose ?? 'test'} }
  Back:
    type: Heatstack::Docker::Network${extra.internal ? '\n    properties: { internal: true }' : ''}
  Db:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      env: [VERSION=${version}]
      cmd: [sh, -c, '${READ_THEN_WRITE}']
      mounts: [{ volume: { get_resource: Data }, path: /data }]
      networks: [{ network: { get_resource: Back }, aliases: [database] }]${failing}
outputs:
  Seen:
    value: { get_attr: [Db, logs_head] }
  Volume:
    value: { get_attr: [Data, name] }
`;
  const file = join(ws.dir, `${name}-${version}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The stack's volumes on the daemon, by name. */
async function volumesOf(stack: string): Promise<string[]> {
  const docker = await testDocker();
  const filters = JSON.stringify({ label: [`${LABELS.stack}=${stack}`] });
  return ((await docker.listVolumes({ filters })).Volumes ?? []).map((v) => v.Name).sort();
}

/** The wordpress example's one parameter, its database's root password. */
const WORDPRESS_PASSWORD = { DatabasePassword: 'kept-by-its-user-42' };

/** The wordpress example's template in HOT, its database's env set (a new value replaces the container). */
function wordpressFile(name: string, revision: string): string {
  const { template } = synthesize(wordpress, { dialect: 'hot' })[0]!;
  const database = template.resources.Database!;
  const changed = {
    ...template,
    resources: {
      ...template.resources,
      Database: { ...database, properties: { ...database.properties, env: [`REVISION=${revision}`] } },
    },
  };
  const file = join(ws.dir, `${name}-${revision}.yaml`);
  writeFileSync(file, emitTemplate(changed, { dialect: 'hot', format: 'yaml' }));
  return file;
}

/** What `cmd` prints in the running container (a TTY: one stream, no multiplexing). */
async function execIn(container: string, cmd: string[]): Promise<string> {
  const docker = await testDocker();
  const exec = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n');
}

describeDocker('volumes, networks and DeletionPolicy Retain against Docker', () => {
  ws = e2eWorkspace('storage');

  test('a replaced database container finds the data its predecessor wrote in the volume', async () => {
    const stack = ws.newStack('keep');
    // GIVEN a stack whose container wrote into its volume
    const first = await deployFile(databaseStack(stack, 'v1'), stack, ws.stateDir);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    expect(first.record.outputs.Seen?.value).toBe('empty');
    // WHEN an update replaces the container (its env changed)
    const second = await deployFile(databaseStack(stack, 'v2'), stack, ws.stateDir);
    // THEN the new container is another one, on the same volume, and reads what the first wrote
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    expect(second.record.resources.Db?.physicalId).not.toBe(first.record.resources.Db?.physicalId);
    expect(second.record.resources.Data?.physicalId).toBe(first.record.resources.Data?.physicalId);
    expect(second.record.outputs.Seen?.value).toBe('written by v1');
  });

  test('the container joins the declared network with its aliases, the stack network staying its first', async () => {
    const stack = ws.newStack('net');
    const result = await deployFile(databaseStack(stack, 'v1'), stack, ws.stateDir);
    const docker = await testDocker();
    const info = await docker.getContainer(result.record.resources.Db!.physicalId!).inspect();
    const network = await docker.getNetwork(result.record.resources.Back!.physicalId!).inspect();
    expect(Object.keys(info.NetworkSettings.Networks).sort()).toEqual([`heatstack-${stack}`, network.Name].sort());
    expect(info.NetworkSettings.Networks[network.Name]?.Aliases).toEqual(
      expect.arrayContaining(['Db', 'db', 'database']),
    );
    expect(network.Labels?.[LABELS.resource]).toBe('Back');
  });

  test('destroy keeps only the retained volume and lists it; the next deploy uses it again; --delete-volumes removes it', async () => {
    const stack = ws.newStack('retain');
    const first = await deployFile(databaseStack(stack, 'v1'), stack, ws.stateDir);
    const volume = first.record.outputs.Volume?.value;
    // WHEN destroyed
    const destroyed = await destroyStack(stack, session(ws.stateDir));
    // THEN only the volume is left, and the result names it as kept
    expect(destroyed.ok).toBe(true);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 1 });
    expect(destroyed.retained).toEqual([{ resource: 'Data', physicalId: volume, type: 'Heatstack::Docker::Volume' }]);
    // WHEN deployed again, THEN the same volume is mounted, with the data
    const again = await deployFile(databaseStack(stack, 'v2'), stack, ws.stateDir);
    expect(again.record.status).toBe('CREATE_COMPLETE');
    expect(again.record.outputs.Volume?.value).toBe(volume);
    expect(again.record.outputs.Seen?.value).toBe('written by v1');
    // WHEN destroyed with --delete-volumes (the real CLI), THEN nothing is left
    const cli = spawnCli(['destroy', '--stack', stack], ws.stateDir);
    const kept = await cli.done;
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(`kept: Data (Heatstack::Docker::Volume) ${volume}`);
    expect(kept.stdout).toContain('destroy --delete-volumes removes them');
    const removed = await spawnCli(['destroy', '--stack', stack, '--delete-volumes'], ws.stateDir).done;
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toContain('kept:');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  }, 60_000);

  test('a replaced volume or network is created before the old one goes; the old volume is kept (Retain)', async () => {
    const stack = ws.newStack('renew');
    const first = await deployFile(databaseStack(stack, 'v1'), stack, ws.stateDir);
    // WHEN the volume's label and the network's isolation change (each is replaced, the container with them)
    const second = await deployFile(
      databaseStack(stack, 'v1', { purpose: 'other', internal: true }),
      stack,
      ws.stateDir,
    );
    // THEN the new volume and network were created first; the old volume is kept, the old network deleted
    expect(second.record.status, second.failure?.reason).toBe('UPDATE_COMPLETE');
    const [oldVolume, newVolume] = [first.record.outputs.Volume?.value, second.record.outputs.Volume?.value];
    expect(newVolume).not.toBe(oldVolume);
    expect(await volumesOf(stack)).toEqual([oldVolume, newVolume].sort());
    expect(second.record.outputs.Seen?.value).toBe('empty');
    const oldNetwork = first.record.resources.Back?.physicalId as string;
    await expect((await testDocker()).getNetwork(oldNetwork).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const steps = second.record.events
      .filter((e) => e.resource !== undefined && ['Data', 'Back'].includes(e.resource) && e.status.endsWith('COMPLETE'))
      .map(
        (e) => `${e.status} ${e.resource}${e.physicalId === oldVolume || e.physicalId === oldNetwork ? ' (old)' : ''}`,
      );
    expect(steps.slice(-4).sort()).toEqual(
      [
        'CREATE_COMPLETE Back',
        'CREATE_COMPLETE Data',
        'DELETE_COMPLETE Back (old)',
        'DELETE_COMPLETE Data (old)',
      ].sort(),
    );
    expect(steps.indexOf('CREATE_COMPLETE Data')).toBeLessThan(steps.indexOf('DELETE_COMPLETE Data (old)'));
    expect(steps.indexOf('CREATE_COMPLETE Back')).toBeLessThan(steps.indexOf('DELETE_COMPLETE Back (old)'));
    expect(second.record.events.find((e) => e.physicalId === oldVolume && e.status === 'DELETE_COMPLETE')?.reason).toBe(
      `state changed: retained (DeletionPolicy Retain): ${oldVolume} is kept`,
    );
    await destroyStack(stack, { ...session(ws.stateDir), deleteRetained: true });
    expect(await volumesOf(stack)).toEqual([]);
  }, 120_000);

  test('a volume whose DeletionPolicy is Delete goes with its stack', async () => {
    const stack = ws.newStack('del');
    await deployFile(databaseStack(stack, 'v1', { volumePolicy: 'Delete' }), stack, ws.stateDir);
    const destroyed = await destroyStack(stack, session(ws.stateDir));
    expect(destroyed.retained).toBeUndefined();
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('a failed create leaves nothing but the retained volume', async () => {
    const stack = ws.newStack('fail');
    const result = await deployFile(databaseStack(stack, 'v1', { failing: true }), stack, ws.stateDir);
    expect(result.ok).toBe(false);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 1 });
    // The next deploy of the stack adopts it rather than leave it beside a new one.
    const fixed = await deployFile(databaseStack(stack, 'v1'), stack, ws.stateDir);
    expect(fixed.record.status).toBe('CREATE_COMPLETE');
    expect(await volumesOf(stack)).toEqual([fixed.record.outputs.Volume?.value]);
  });

  test('the wordpress example: its database keeps a row across an update that replaces the database container', async () => {
    const stack = ws.newStack('wp');
    const first = await deployFile(wordpressFile(stack, '1'), stack, ws.stateDir, [], WORDPRESS_PASSWORD);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const db = first.record.resources.Database!.physicalId!;
    await execIn(db, ['sh', '-c', 'echo "row 1: hello" >> /var/lib/mysql/rows']);
    // WHEN the database container is replaced
    const second = await deployFile(wordpressFile(stack, '2'), stack, ws.stateDir, [], WORDPRESS_PASSWORD);
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    const replaced = second.record.resources.Database!.physicalId!;
    expect(replaced).not.toBe(db);
    // THEN the new one reads the row from the same volume, and the blog was given the new database's address
    expect(await execIn(replaced, ['cat', '/var/lib/mysql/rows'])).toBe('row 1: hello\n');
    expect(second.record.resources.DatabaseData?.physicalId).toBe(first.record.resources.DatabaseData?.physicalId);
    expect(second.record.resources.Blog?.physicalId).not.toBe(first.record.resources.Blog?.physicalId);
  }, 60_000);

  test('the wordpress example: after destroy, the next deploy gives the kept data the password it was made with', async () => {
    // GIVEN the example deployed (a real MySQL keeps its root password in the volume's files)
    const stack = ws.newStack('wpagain');
    const file = wordpressExample(stack);
    const first = await deployFile(file, stack, ws.stateDir, [], WORDPRESS_PASSWORD);
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const volume = first.record.resources.DatabaseData!.physicalId!;
    const madeWith = await envOf(first.record.resources.Database!.physicalId!, 'MYSQL_ROOT_PASSWORD');
    // WHEN destroyed (the volume is kept) and deployed again as before
    expect((await destroyStack(stack, session(ws.stateDir))).ok).toBe(true);
    const again = await deployFile(file, stack, ws.stateDir, [], WORDPRESS_PASSWORD);
    // THEN the same volume is mounted, and the database and the blog are given the password its data was made with
    expect(again.record.status).toBe('CREATE_COMPLETE');
    expect(again.record.resources.DatabaseData!.physicalId).toBe(volume);
    expect(await envOf(again.record.resources.Database!.physicalId!, 'MYSQL_ROOT_PASSWORD')).toBe(madeWith);
    expect(await envOf(again.record.resources.Blog!.physicalId!, 'DB_PASSWORD')).toBe(madeWith);
  }, 60_000);
});

/** The wordpress example's template, as synth writes it, in a file. */
function wordpressExample(stack: string): string {
  const file = join(ws.dir, `${stack}.yaml`);
  const { template } = synthesize(wordpress, { dialect: 'hot' })[0]!;
  writeFileSync(file, emitTemplate(template, { dialect: 'hot', format: 'yaml' }));
  return file;
}

/** The value of `variable` in a container's environment. */
async function envOf(container: string, variable: string): Promise<string | undefined> {
  const info = await (await testDocker()).getContainer(container).inspect();
  return info.Config.Env?.find((e) => e.startsWith(`${variable}=`))?.slice(variable.length + 1);
}
