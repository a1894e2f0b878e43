import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formatDiff } from '../../src/cli/diff.js';
import { deployStack } from '../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../src/deploy/state/store.js';
import { UsageError } from '../../src/errors.js';
import { FakeBackend, fakeServices } from '../deploy/support/fake-backend.js';
import { things } from '../deploy/support/templates.js';
import { heatstack } from '../support/cli.js';
import { RAW_CONTROL } from '../support/terminal.js';

// Text from a template or a container that would forge a line or drive the terminal if it were printed raw.
const FORGED_LINE = '\n12:00:09  Web  CREATE_COMPLETE';
const CLEAR_SCREEN = '\x1b[2J';
const CSI = '\x9b';

let stateDir: string;
const before = process.env.HEATSTACK_STATE_DIR;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'heatstack-cli-controls-'));
  process.env.HEATSTACK_STATE_DIR = stateDir;
});
afterEach(() => {
  process.env.HEATSTACK_STATE_DIR = before;
  rmSync(stateDir, { recursive: true, force: true });
});

/** A stack whose resource, output and description names, output value and failure reason hold control characters. */
async function deployHostileStack(): Promise<void> {
  const backend = new FakeBackend();
  const resource = `Db${FORGED_LINE}`;
  backend.failing.set(resource, `exited${CLEAR_SCREEN}; the last lines of its output:\r\n${CSI}31m${FORGED_LINE}`);
  const template = things(
    { [resource]: { image: 'db' }, Cache: { image: 'cache' } },
    {
      outputs: {
        [`URL${CLEAR_SCREEN}`]: { value: `http://x/${CSI}2J${FORGED_LINE}`, description: `the URL\r${CLEAR_SCREEN}` },
      },
    },
  );
  await deployStack(
    { stackName: 'shop', stackId: 'id', template, parameters: {}, hiddenParameters: new Set(), rollback: false },
    { store: new StateStore(stateDir), backend, services: fakeServices },
  );
}

describe('what the CLI prints from a stack never holds a raw control character', () => {
  test('events: one line per event, the names and reasons written out', async () => {
    await deployHostileStack();
    const { code, stdout } = await heatstack('events', '--stack', 'shop');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROL);
    const record = await new StateStore(stateDir).load('shop');
    expect(stdout.trimEnd().split('\n')).toHaveLength(1 + (record?.events.length ?? 0));
    expect(stdout).toContain('Db\\n12:00:09  Web  CREATE_COMPLETE');
    expect(stdout).toContain('exited\\x1b[2J; the last lines of its output:');
  });

  test('outputs: the description and name on their lines; a value of several lines keeps them, indented', async () => {
    // Outputs are computed only after a successful create: deploy a stack with the hostile output alone.
    const template = things(
      { Cache: { image: 'cache' } },
      {
        outputs: {
          [`URL${CLEAR_SCREEN}`]: { value: `http://x/${CSI}2J${FORGED_LINE}`, description: `the URL\r${CLEAR_SCREEN}` },
        },
      },
    );
    await deployStack(
      { stackName: 'shop', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() },
      { store: new StateStore(stateDir), backend: new FakeBackend(), services: fakeServices },
    );
    const { stdout } = await heatstack('outputs', '--stack', 'shop');
    expect(stdout).toBe('# the URL\\r\\x1b[2J\nURL\\x1b[2J = http://x/\\u009b2J\n    12:00:09  Web  CREATE_COMPLETE\n');
  });

  test('ls: one line per stack, an unreadable state file’s name and error written out', async () => {
    await deployHostileStack();
    writeFileSync(join(stateDir, `bro${CLEAR_SCREEN}ken.json`), '{"format": 1, "name": ');
    const { stdout } = await heatstack('ls');
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(stdout).toMatch(/^bro\\x1b\[2Jken\s+UNREADABLE/m);
  });
});

describe('usage errors and validation messages quote arguments and template text with their controls written out', () => {
  test('an unknown command, an invalid stack name, a bad option value', async () => {
    const unknown = await heatstack(`dep${CLEAR_SCREEN}loy`);
    expect(unknown.stderr.split('\n')[0]).toBe("heatstack: unknown command 'dep\\x1b[2Jloy'");
    await expect(heatstack('events', '--stack', `blog${FORGED_LINE}`)).rejects.toThrow(
      new UsageError(
        "invalid stack name 'blog\\n12:00:09  Web  CREATE_COMPLETE': start with a letter, then use only letters, digits, '_', '.' and '-'",
      ),
    );
    await expect(heatstack('destroy', '--stack', 's', '--concurrency', `1${CSI}`)).rejects.toThrow("got '1\\u009b'");
    await expect(heatstack('ls', `--js${CLEAR_SCREEN}on`)).rejects.toThrow(/'--js\\x1b\[2Jon'/);
  });

  test('validate: one line per problem and the summary, names from the template written out', async () => {
    const file = join(stateDir, 'hostile.yaml');
    writeFileSync(
      file,
      [
        'heat_template_version: 2021-04-16',
        'resources:',
        '  "bad\\nname\\e[2J":',
        '    type: OS::Heat::Nope',
        'outputs:',
        '  "o\\rx": {value: {get_attr: ["zz\\u009b", a]}}',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await heatstack('validate', file);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(RAW_CONTROL);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('(at resources.bad\\nname\\x1b[2J.type)');
    expect(lines[1]).toContain(
      'get_attr names "zz\\u009b", which is not a resource of this template (at outputs.o\\rx',
    );
  });
});

test('diff: one line per resource, its name and cause written out', () => {
  const name = `Db${FORGED_LINE}`;
  const plan = {
    operations: [{ id: `create ${name}`, kind: 'create' as const, resource: name, cause: 'new resource', after: [] }],
    kept: [{ resource: `Cache${CLEAR_SCREEN}`, physicalId: 'c1', cause: 'unchanged' }],
  };
  expect(formatDiff(plan)).toBe(
    '+ create Db\\n12:00:09  Web  CREATE_COMPLETE: new resource\n= keep Cache\\x1b[2J: unchanged\n\n1 to create, 0 to replace, 0 to delete, 1 unchanged',
  );
});
