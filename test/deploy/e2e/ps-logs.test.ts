import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LABELS } from '../../../src/deploy/handler.js';
import type { StackRecord } from '../../../src/deploy/state/record.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { emptyTemplate } from '../../../src/template/model.js';
import { heatstack } from '../../support/cli.js';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { deployFile, type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

let ws: E2eWorkspace;
let stack: string;
let record: StackRecord;
const stateDirBefore = process.env.HEATSTACK_STATE_DIR;

// PID 1 ignores SIGTERM unless it traps it: the trap keeps the container quick to stop.
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';

/**
 * Web runs (publishing port 80 on a free host port) and carries its construct path in its metadata; Crash dies three
 * seconds after it started — long after its create settled, so the deploy succeeds; Gone runs until the test removes
 * its container behind heatstack's back.
 */
function template(withWeb = true): string {
  const file = join(ws.dir, withWeb ? 'ps.yaml' : 'ps-without-web.yaml');
  // One resource a line (flow style; cmd as a JSON string, which YAML reads alike).
  const container = (id: string, cmd: string, more: { metadata?: string; properties?: string } = {}) =>
    `  ${id}: {type: DockerInc::Docker::Container${more.metadata ? `, metadata: ${more.metadata}` : ''}, ` +
    `properties: {image: '${TEST_IMAGES.busybox}', cmd: [sh, -c, ${JSON.stringify(cmd)}]${more.properties ?? ''}}}`;
  const lines = [
    'heat_template_version: 2021-04-16',
    'resources:',
    ...(withWeb
      ? [
          container('Web', `echo web started; echo web warning >&2; printf "colour \\033[31mred\\n"; ${SLEEP}`, {
            metadata: "{'heatstack:path': Ps/Site/Web}",
            properties: ", port_bindings: {'80': ''}",
          }),
        ]
      : []),
    container('Crash', 'echo crash starting; sleep 3; echo crash dying >&2; exit 137'),
    container('Gone', SLEEP),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function until(what: string, holds: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await holds())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const containerOf = async (resource: string) =>
  (await testDocker()).getContainer(record.resources[resource]?.physicalId as string);

describeDocker('heatstack ps, logs and ls against Docker', () => {
  ws = e2eWorkspace('ps');

  beforeAll(async () => {
    // GIVEN a deployed stack whose Crash has exited by itself and whose Gone's container was removed
    process.env.HEATSTACK_STATE_DIR = ws.stateDir;
    stack = ws.newStack('ps');
    const result = await deployFile(template(), stack, ws.stateDir);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    record = result.record;
    const crash = await containerOf('Crash');
    await until('Crash has exited', async () => (await crash.inspect()).State.Status === 'exited');
    await (await containerOf('Gone')).remove({ force: true });
    const web = await containerOf('Web');
    await until('Web has written its three lines', async () => {
      const written = ((await web.logs({ stdout: true, stderr: true })) as Buffer).toString();
      return ['web started', 'web warning', 'red'].every((line) => written.includes(line));
    });
  }, 120_000);
  afterAll(() => {
    process.env.HEATSTACK_STATE_DIR = stateDirBefore;
  });

  test('ps: each container’s live state, address, ports and image beside its Heat status', async () => {
    const { code, stdout } = await heatstack('ps', '--stack', stack);
    expect(code).toBe(0);
    const [header, web, crash, gone] = stdout.trimEnd().split('\n');
    expect(header).toMatch(/^RESOURCE\s+STATE\s+ADDRESS\s+PORTS\s+IMAGE\s+HEAT STATUS$/);
    expect(web).toMatch(
      /^Web \(Site\/Web\)\s+running\s+\d+\.\d+\.\d+\.\d+\s+127\.0\.0\.1:\d+->80\/tcp\s+heatstack-test\/busybox\S*\s+CREATE_COMPLETE$/,
    );
    expect(crash).toMatch(/^Crash\s+exited \(137\)\s+-\s+-\s+heatstack-test\/busybox\S*\s+CREATE_COMPLETE$/);
    expect(gone).toMatch(/^Gone\s+missing\s+-\s+-\s+-\s+CREATE_COMPLETE$/);
  }, 30_000);

  test('ps --json: the same, with container ids, exit code and ports as data', async () => {
    const { stdout } = await heatstack('ps', '--stack', stack, '--json');
    const shown = JSON.parse(stdout) as { stack: string; resources: Record<string, unknown>[] };
    expect(shown.stack).toBe(stack);
    expect(shown.resources).toEqual([
      expect.objectContaining({
        resource: 'Web',
        path: 'Ps/Site/Web',
        state: 'running',
        heatStatus: 'CREATE_COMPLETE',
        address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
        ports: [{ port: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: expect.any(Number) }],
        container: expect.objectContaining({ id: record.resources.Web?.physicalId }),
      }),
      expect.objectContaining({ resource: 'Crash', state: 'exited', exitCode: 137, address: null }),
      { resource: 'Gone', heatStatus: 'CREATE_COMPLETE', state: 'missing' },
    ]);
  }, 30_000);

  test('ls: a stack whose containers are not all running says which, and how', async () => {
    const { code, stdout } = await heatstack('ls');
    expect(code).toBe(0);
    expect(stdout).toContain(`${stack}  CREATE_COMPLETE (1 of 3 running: Crash exited (137), Gone missing)  `);
    const listed = JSON.parse((await heatstack('ls', '--json')).stdout) as { name: string; containers?: unknown }[];
    expect(listed.find((s) => s.name === stack)?.containers).toEqual({
      running: 1,
      total: 3,
      notRunning: [
        { resource: 'Crash', state: 'exited (137)' },
        { resource: 'Gone', state: 'missing' },
      ],
    });
  }, 30_000);

  test('logs: every container’s lines, stdout and stderr, prefixed by resource, as written when piped', async () => {
    const { code, stdout } = await heatstack('logs', '--stack', stack);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Web   | web started',
        'Web   | web warning',
        'Web   | colour \x1b[31mred',
        'Crash | crash starting',
        'Crash | crash dying',
      ]),
    );
    expect(lines).toHaveLength(5);
    // Each container's lines keep their order.
    expect(lines.indexOf('Crash | crash starting')).toBeLessThan(lines.indexOf('Crash | crash dying'));
  }, 30_000);

  test('logs --timestamps: several containers interleaved by time', async () => {
    const { stdout } = await heatstack('logs', '--stack', stack, '--timestamps');
    const times = stdout
      .trimEnd()
      .split('\n')
      .map((l) => /^\w+ +\| (\S+) /.exec(l)?.[1] ?? 'no time');
    expect(times).toHaveLength(5);
    for (const t of times) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect([...times].sort()).toEqual(times);
  }, 30_000);

  test('logs RESOURCE --tail N: only that resource’s last lines', async () => {
    const { code, stdout } = await heatstack('logs', '--stack', stack, 'Crash', '--tail', '1');
    expect(code).toBe(0);
    expect(stdout).toBe('Crash | crash dying\n');
  }, 30_000);

  test('logs on a terminal: coloured prefixes, and control characters in the output shown escaped', async () => {
    const wasTTY = process.stdout.isTTY;
    process.stdout.isTTY = true;
    try {
      const { stdout } = await heatstack('logs', '--stack', stack, 'Web');
      expect(stdout).toContain('\x1b[36mWeb |\x1b[0m colour \\x1b[31mred\n');
      // Only the colours of the three prefixes are raw escapes: two each.
      expect(stdout.split('\x1b').length - 1).toBe(6);
    } finally {
      process.stdout.isTTY = wasTTY;
    }
  }, 30_000);

  test('events and diff show the construct path beside the resource, the diff also for what it would delete', async () => {
    const events = await heatstack('events', '--stack', stack);
    expect(events.stdout).toMatch(/ {2}Web \(Site\/Web\) +CREATE_COMPLETE /);
    const diff = await heatstack('diff', template(false), '--stack', stack);
    expect(diff.stdout).toMatch(/^- delete Web \(Site\/Web\): /m);
  }, 30_000);

  test('an unknown resource or stack is an error with the nearest name', async () => {
    await expect(heatstack('logs', '--stack', stack, 'Wbe')).rejects.toThrow(
      /the stack has no resource 'Wbe' \(did you mean 'Web'\?\)/,
    );
    await expect(heatstack('ps', '--stack', `${stack}x`)).rejects.toThrow(
      new RegExp(`no stack named '${stack}x' in .*\\(did you mean '${stack}'\\?\\)`),
    );
  }, 30_000);

  test('logs -f: prints new output as it comes, until Ctrl-C, and exits 0', async () => {
    // GIVEN `heatstack logs -f` following Web, its history printed
    const run = spawnCli(['logs', '--stack', stack, 'Web', '--follow', '--tail', '1'], ws.stateDir);
    const printed = (text: string) => async () => {
      if (run.child.exitCode !== null) throw new Error(`logs -f exited early: ${run.stderr()}`);
      return run.stdout().includes(text);
    };
    await until('the history is printed', printed('Web | '), 90_000);
    const history = run.stdout();
    expect(history).toMatch(/^Web \| [^\n]+\n$/);
    // WHEN Web writes a new line
    const exec = await (await containerOf('Web')).exec({ Cmd: ['sh', '-c', 'echo followed > /proc/1/fd/1'] });
    await exec.start({});
    // THEN it is printed once, after the history; Ctrl-C ends the command without an error
    await until('the new line is printed', printed('Web | followed'));
    run.child.kill('SIGINT');
    const { code, stdout } = await run.done;
    expect(code).toBe(0);
    expect(stdout).toBe(`${history}Web | followed\n`);
  }, 150_000);

  test('a record whose stack Docker no longer has: containers missing; lost records are pointed at', async () => {
    // A stack named in Docker's labels but with no record.
    const orphan = ws.newStack('orphan');
    const docker = await testDocker();
    const c = await docker.createContainer({
      Image: TEST_IMAGES.busybox,
      Cmd: ['true'],
      Labels: { [LABELS.stack]: orphan, [LABELS.resource]: 'Lost' },
    });
    try {
      await expect(heatstack('ps', '--stack', orphan)).rejects.toThrow(
        new RegExp(
          `Docker holds 1 container labelled io.heatstack.stack=${orphan}.*heatstack destroy --stack ${orphan}`,
        ),
      );
    } finally {
      await c.remove({ force: true });
    }
  }, 30_000);
});

describeDocker('heatstack ps and ls when a daemon cannot be reached', () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'heatstack-ps-unreachable-'));
    process.env.HEATSTACK_STATE_DIR = stateDir;
    // GIVEN the record of a stack whose container lives on a daemon nothing listens for
    const at = '2026-12-04T18:00:00.000Z';
    await new StateStore(stateDir).save({
      format: 1,
      name: 'far',
      id: 'id',
      status: 'CREATE_COMPLETE',
      statusReason: '',
      createdAt: at,
      updatedAt: at,
      template: emptyTemplate('hot'),
      parameters: {},
      hiddenParameterHashes: {},
      resources: {
        Db: {
          type: 'DockerInc::Docker::Container',
          status: 'CREATE_COMPLETE',
          statusReason: '',
          physicalId: 'c0ffee',
          dependsOn: [],
          locator: { docker_endpoint: 'tcp://127.0.0.1:1' },
          updatedAt: at,
        },
      },
      outputs: {},
      events: [],
    });
  });
  afterAll(() => {
    process.env.HEATSTACK_STATE_DIR = stateDirBefore;
    rmSync(stateDir, { recursive: true, force: true });
  });

  test('ps shows its containers as unknown, says why, and exits 1', async () => {
    const { code, stdout, stderr } = await heatstack('ps', '--stack', 'far');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Db\s+unknown\s+-/m);
    expect(stderr).toContain('cannot reach the Docker daemon at tcp://127.0.0.1:1');
  });

  test('ls says the containers’ state is unknown, and still lists the stack', async () => {
    const { code, stdout, stderr } = await heatstack('ls');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^far\s+CREATE_COMPLETE \(containers unknown: Docker unreachable\)/m);
    expect(stderr).toContain('tcp://127.0.0.1:1');
  });
});
