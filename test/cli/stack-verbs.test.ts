import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { run as events } from '../../src/cli/events.js';
import { run as ls } from '../../src/cli/ls.js';
import { run as outputs } from '../../src/cli/outputs.js';
import { deployStack } from '../../src/deploy/engine/stack-engine.js';
import { StateStore } from '../../src/deploy/state/store.js';
import { call } from '../../src/template/model.js';
import { FakeBackend, fakeServices } from '../deploy/support/fake-backend.js';
import { attr, things } from '../deploy/support/templates.js';

let stateDir: string;
let printed: string;
const before = process.env.HEATSTACK_STATE_DIR;

beforeEach(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'heatstack-cli-state-'));
  process.env.HEATSTACK_STATE_DIR = stateDir;
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  // GIVEN a stack deployed (on the in-memory backend) into this state directory
  const template = things(
    { Db: { image: 'db' }, Web: { image: 'web', env: [attr('Db', 'Ip')] } },
    {
      outputs: { URL: { value: call('join', '', ['http://', attr('Web', 'Ip'), '/']), description: 'Web URL' } },
    },
  );
  await deployStack(
    { stackName: 'shop', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() },
    { store: new StateStore(stateDir), backend: new FakeBackend(), services: fakeServices },
  );
});
afterEach(() => {
  process.env.HEATSTACK_STATE_DIR = before;
  vi.restoreAllMocks();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('heatstack ls', () => {
  test('lists stacks with status, times and resource counts', async () => {
    expect(await ls([])).toBe(0);
    const [header, row] = printed.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+STATUS\s+CREATED\s+UPDATED\s+RESOURCES$/);
    expect(row).toMatch(
      /^shop\s+CREATE_COMPLETE\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+2$/,
    );
  });

  test('--json gives each stack with its resource states', async () => {
    await ls(['--json']);
    expect(JSON.parse(printed)).toEqual([
      expect.objectContaining({
        name: 'shop',
        status: 'CREATE_COMPLETE',
        resources: 2,
        resourceStates: { CREATE_COMPLETE: 2 },
      }),
    ]);
  });
});

describe('heatstack ls: what the state directory holds, as it is', () => {
  test('a state file that cannot be read is listed as UNREADABLE with the reason, not left out', async () => {
    writeFileSync(join(stateDir, 'broken.json'), '{"format": 1, "name": ');
    expect(await ls([])).toBe(0);
    expect(printed).toMatch(/^broken\s+UNREADABLE \(the state file .*broken\.json is not valid JSON/m);
    expect(printed).toMatch(/^shop\s+CREATE_COMPLETE/m);
    printed = '';
    await ls(['--json']);
    expect(JSON.parse(printed)).toContainEqual({
      name: 'broken',
      status: 'UNREADABLE',
      statusReason: expect.stringContaining('is not valid JSON'),
    });
  });

  test('resource counts leave out resources with no container (a failed create)', async () => {
    const store = new StateStore(stateDir);
    const record = await store.load('shop');
    if (record === undefined) throw new Error('no record');
    record.resources.Failed = {
      type: 'Test::Thing',
      status: 'CREATE_FAILED',
      statusReason: 'boom',
      dependsOn: [],
      locator: {},
      updatedAt: record.updatedAt,
    };
    await store.save(record);
    await ls(['--json']);
    expect(JSON.parse(printed)[0]).toMatchObject({ resources: 2, resourceStates: { CREATE_COMPLETE: 2 } });
  });

  test('a stack whose run died says so in ls and outputs', async () => {
    // GIVEN the record of a deploy whose process is gone
    const store = new StateStore(stateDir);
    const record = await store.load('shop');
    if (record === undefined) throw new Error('no record');
    const deadPid = 2 ** 22 + 12345;
    record.status = 'CREATE_IN_PROGRESS';
    record.pending = { action: 'CREATE', deployId: 'dead', pid: deadPid, startedAt: record.updatedAt };
    await store.save(record);
    const hint = `(interrupted: process ${deadPid} is gone; run deploy or destroy)`;
    // WHEN / THEN
    await ls([]);
    expect(printed).toContain(`CREATE_IN_PROGRESS ${hint}`);
    let errors = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors += String(chunk);
      return true;
    });
    await outputs(['--stack', 'shop']);
    expect(errors).toContain(`Stack shop: CREATE_IN_PROGRESS ${hint}`);
  });
});

describe('heatstack outputs', () => {
  test('prints each output with its description', async () => {
    expect(await outputs(['--stack', 'shop'])).toBe(0);
    expect(printed).toBe('# Web URL\nURL = http://10.0.0.002/\n');
  });

  test('--json, and an unknown stack is an error naming the state directory', async () => {
    await outputs(['--stack', 'shop', '--json']);
    expect(JSON.parse(printed)).toEqual({ URL: { description: 'Web URL', value: 'http://10.0.0.002/' } });
    await expect(outputs(['--stack', 'nope'])).rejects.toThrow(`no stack named 'nope' in ${stateDir}`);
  });
});

describe('heatstack events', () => {
  test('prints every transition, oldest first', async () => {
    expect(await events(['--stack', 'shop'])).toBe(0);
    const statuses = printed
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) =>
        l
          .split(/\s{2,}/)
          .slice(1, 3)
          .join(' '),
      );
    expect(statuses).toEqual([
      'shop CREATE_IN_PROGRESS',
      'Db CREATE_IN_PROGRESS',
      'Db CREATE_COMPLETE',
      'Web CREATE_IN_PROGRESS',
      'Web CREATE_COMPLETE',
      'shop CREATE_COMPLETE',
    ]);
  });

  test('--json gives the events with time, resource, status and reason', async () => {
    await events(['--stack', 'shop', '--json']);
    const list = JSON.parse(printed) as { time: string; status: string; reason: string }[];
    expect(list).toHaveLength(6);
    expect(list[0]).toEqual({
      time: expect.stringMatching(/Z$/),
      status: 'CREATE_IN_PROGRESS',
      reason: 'Stack CREATE started',
    });
  });
});
