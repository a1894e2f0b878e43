import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { describeDocker, testDocker } from '../../support/docker.js';
import { TEST_IMAGES } from '../../support/images.js';
import { RAW_CONTROL } from '../../support/terminal.js';
import { type E2eWorkspace, e2eWorkspace, spawnCli } from '../support/e2e.js';

/**
 * Hidden parameters through every verb and output mode, against Docker: the values (and their pieces) must be found
 * nowhere in what heatstack prints or stores — only in the environment of the container that needs them.
 */

const PW = 'kq7Zpw:Vx93LmTtR';
/** Split at `X` by the template: `cc33dd44` is a piece no separator of the value's own shows. */
const TOKEN = 'aa11bb22Xcc33dd44';
const SECRET_TEXTS = [PW, 'kq7Zpw', 'Vx93LmTtR', TOKEN, 'aa11bb22', 'cc33dd44'];
const SLEEP = 'trap "exit 0" TERM; sleep 3600 & wait';
const PRINT = String.raw`printf "user $PW half $HALF\033[2J\n"`;

let ws: E2eWorkspace;

/**
 * `db` is given both values (one cut by `str_split`) and prints them; outputs read them back through attributes. The
 * failing one is also named after the password, a name Docker refuses.
 */
function templateFile(name: string, failing: boolean): string {
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  pw: {type: string, hidden: true, constraints: [{length: {min: 8}}]}',
    '  token: {type: string, hidden: true}',
    'resources:',
    '  db:',
    '    type: DockerInc::Docker::Container',
    '    properties:',
    `      image: ${TEST_IMAGES.busybox}`,
    `      cmd: [sh, -c, ${JSON.stringify(`${PRINT}; ${SLEEP}`)}]`,
    // Docker refuses the name, quoting it: the create fails, always before the container starts.
    ...(failing ? ['      name: {list_join: ["-", [db, {get_param: pw}]]}'] : []),
    '      env:',
    '        - {list_join: ["=", [PW, {get_param: pw}]]}',
    '        - {list_join: ["=", [HALF, {str_split: [X, {get_param: token}, 1]}]]}',
    'outputs:',
    '  logs: {value: {get_attr: [db, logs_head]}}',
    '  env: {value: {get_attr: [db, info, Config, Env]}}',
    '  url: {value: {list_join: ["", ["mysql://root:", {get_param: pw}, "@db/"]]}}',
  ];
  const file = join(ws.dir, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Everything the CLI wrote, verb by verb. */
const printed: string[] = [];

async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = await spawnCli(args, ws.stateDir).done;
  printed.push(run.stdout, run.stderr);
  return run;
}

/** What the CLI drew on a terminal (the live table): escape sequences are its own, so only values are looked for. */
const drawn: string[] = [];
const CLI = fileURLToPath(new URL('../support/heatstack-cli.ts', import.meta.url));

/** Runs `heatstack …` on a pseudo-terminal (`script`), as a person at a terminal sees it: the redrawn table. */
function onTerminal(...args: string[]): Promise<number | null> {
  const command = [process.execPath, '--import', 'tsx', CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`);
  const env: NodeJS.ProcessEnv = { ...process.env, HEATSTACK_STATE_DIR: ws.stateDir, TERM: 'xterm' };
  delete env.CI;
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command.join(' '), '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      drawn.push(out);
      resolve(code);
    });
  });
}

const given = ['-P', `pw=${PW}`, '-P', `token=${TOKEN}`];
/** The escape sequence that moves the cursor up: only a live table redrawn over itself prints it. */
const CURSOR_UP = new RegExp(`${String.fromCharCode(0x1b)}\\[\\d+A`);

function secretsIn(text: string): string[] {
  return SECRET_TEXTS.filter((s) => text.includes(s));
}

async function containerOf(stack: string) {
  const docker = await testDocker();
  const [info] = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`io.heatstack.stack=${stack}`] }),
  });
  if (info === undefined) throw new Error(`no container of ${stack}`);
  return docker.getContainer(info.Id);
}

/** Resolves once the container has printed its line (its logs are read by the next deploy's outputs). */
async function printedLine(stack: string): Promise<void> {
  const container = await containerOf(stack);
  for (const start = Date.now(); Date.now() - start < 60_000; await new Promise((r) => setTimeout(r, 100))) {
    const logs = await container.logs({ stdout: true, stderr: true });
    if (logs.toString('latin1').includes('user ')) return;
  }
  throw new Error(`${stack}: the container printed nothing in 60 s`);
}

describeDocker('hidden values through every verb and output mode', () => {
  ws = e2eWorkspace('secrets');

  test('are found only in the environment of the container given them', async () => {
    // GIVEN a stack deployed with both values, its container's line printed, and deployed again (outputs read it)
    const stack = ws.newStack('sec');
    const file = templateFile('ok', false);
    expect((await cli('deploy', file, '--stack', stack, ...given)).code).toBe(0);
    await printedLine(stack);
    const again = await cli('deploy', file, '--stack', stack, ...given, '--json');
    expect(again.code).toBe(0);
    // WHEN every verb is asked about it, in both modes
    for (const verb of ['outputs', 'events']) {
      await cli(verb, '--stack', stack);
      await cli(verb, '--stack', stack, '--json');
    }
    await cli('ls');
    await cli('ls', '--json');
    await cli('diff', file, '--stack', stack, ...given);
    await cli('diff', file, '--stack', stack, ...given, '--json');
    await cli('ps', '--stack', stack);
    await cli('ps', '--stack', stack, '--json');
    expect((await cli('suspend', '--stack', stack)).code).toBe(0);
    expect((await cli('resume', '--stack', stack, '--json')).code).toBe(0);
    await cli('outputs', '--stack', stack);
    // AND a value that breaks its constraint, and a create that fails (printing both) and rolls back
    const tooShort = await cli(
      'deploy',
      file,
      '--stack',
      ws.newStack('short'),
      '-P',
      'pw=kq7Zpw',
      '-P',
      `token=${TOKEN}`,
    );
    expect(tooShort.code).toBe(1);
    const failed = ws.newStack('fail');
    const failure = await cli('deploy', templateFile('failing', true), '--stack', failed, ...given);
    expect(failure.code).toBe(1);
    await cli('deploy', templateFile('failing', true), '--stack', failed, ...given, '--json');
    await cli('events', '--stack', failed);
    await cli('events', '--stack', failed, '--json');
    // AND the same on a terminal: the live table of a deploy, a failed create and its rollback, and a destroy
    const onTty = ws.newStack('tty');
    expect(await onTerminal('deploy', file, '--stack', onTty, ...given)).toBe(0);
    expect(await onTerminal('deploy', templateFile('failing', true), '--stack', ws.newStack('ttyfail'), ...given)).toBe(
      1,
    );
    expect(await onTerminal('destroy', '--stack', onTty)).toBe(0);
    const labels = await Promise.all(
      [stack].map(async (s) => JSON.stringify((await (await containerOf(s)).inspect()).Config.Labels)),
    );
    const stateFiles = readdirSync(ws.stateDir).map((f) => readFileSync(join(ws.stateDir, f), 'utf8'));
    const container = await (await containerOf(stack)).inspect();

    // THEN the outputs show what the container printed and holds, the values masked
    const outputs = JSON.parse(again.stdout).outputs as Record<string, { value: unknown }>;
    expect(outputs.logs?.value).toBe('user ****** half ******\x1b[2J');
    expect(outputs.env?.value).toEqual(expect.arrayContaining(['PW=******', 'HALF=******']));
    expect(outputs.url?.value).toBe('******');
    // AND the failure quotes Docker's refusal of the name, masked, and its rollback completes
    expect(failure.stderr).toContain('db-******');
    expect(failure.stderr).toContain('ROLLBACK_COMPLETE');
    expect(tooShort.stderr).toContain('length (6) is out of range');
    // AND nothing printed holds a value, a piece of one, or a raw control character
    const all = printed.join('\n');
    expect(secretsIn(all)).toEqual([]);
    expect(all).not.toMatch(RAW_CONTROL);
    // (drawn as a live table: the cursor moved back over it)
    expect(drawn.join('\n')).toMatch(CURSOR_UP);
    expect(drawn.join('\n')).toContain('ROLLBACK_COMPLETE');
    expect(secretsIn(drawn.join('\n'))).toEqual([]);
    // AND neither do the state files or the Docker labels
    expect(stateFiles.length).toBeGreaterThanOrEqual(2);
    expect(secretsIn(stateFiles.join('\n'))).toEqual([]);
    expect(secretsIn(labels.join('\n'))).toEqual([]);
    // BUT the container has them, where it needs them
    expect(container.Config.Env).toEqual(expect.arrayContaining([`PW=${PW}`, 'HALF=cc33dd44']));
    // AND destroy says nothing of them either
    for (const s of [stack, failed]) expect((await cli('destroy', '--stack', s)).code).toBe(0);
    expect(secretsIn(printed.join('\n'))).toEqual([]);
  }, 600_000);
});
