import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { RunRecorder } from '../../../src/deploy/engine/run.js';
import { deployStack, type EngineOptions, resumeStack, suspendStack } from '../../../src/deploy/engine/stack-engine.js';
import { configHash } from '../../../src/deploy/plan/config-hash.js';
import { HIDDEN_VALUE } from '../../../src/deploy/state/record.js';
import { type RecordJournal, StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { defaultTemplateServices } from '../../../src/deploy/template-services.js';
import { secretTexts } from '../../../src/template/hidden-values.js';
import { call, type Template } from '../../../src/template/model.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

const SECRET = 'zzsecretzz';
let dir: string;
let backend: FakeBackend;
let events: StackEvent[];
let options: EngineOptions;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-hidden-'));
  backend = new FakeBackend();
  events = [];
  options = { store: new StateStore(dir), backend, services: fakeServices, onEvent: (e) => events.push(e) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `Db` reads the hidden `pw`; `Conn` is an output made from it, `Image` one that is not. */
const template = (): Template =>
  things(
    { Db: { image: 'db', env: [call('join', '=', ['PW', call('get_param', 'pw')])] } },
    {
      parameters: { pw: { type: 'string', hidden: true, constraints: [] } },
      outputs: {
        Conn: { value: call('join', '', ['db://root:', call('get_param', 'pw'), '@db/']) },
        Image: { value: 'db' },
      },
    },
  );

const deploy = (stackName = 's1', pw = SECRET) =>
  deployStack(
    {
      stackName,
      stackId: `id-${stackName}`,
      template: template(),
      parameters: { pw },
      hiddenParameters: new Set(['pw']),
    },
    options,
  );

const stateText = (stack: string): string => readFileSync(join(dir, `${stack}.json`), 'utf8');

describe('hidden parameter values', () => {
  test('an output made from a hidden parameter is stored masked; other outputs as they are', async () => {
    const result = await deploy();
    expect(result.record.outputs.Conn?.value).toBe(HIDDEN_VALUE);
    expect(result.record.outputs.Image?.value).toBe('db');
    expect(stateText('s1')).not.toContain(SECRET);
  });

  test('a failure whose message quotes a hidden value is recorded and reported masked', async () => {
    backend.failing.set('Db', `rejected PW=${SECRET}`);
    const result = await deploy();
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toContain(`PW=${HIDDEN_VALUE}`);
    expect(result.failure?.reason).not.toContain(SECRET);
    expect(events.map((e) => e.reason).join('\n')).not.toContain(SECRET);
    expect(stateText('s1')).not.toContain(SECRET);
  });

  test('the configuration hash label is keyed per stack: not the plain hash of the value, stable for the stack', async () => {
    // GIVEN two stacks deployed with the same template and password
    const first = await deploy('s1');
    const other = await deploy('s2');
    const labelOf = (stack: string) => backend.objects.get(backend.of(stack).Db?.[0] ?? '')?.configHash;
    const h1 = labelOf('s1');
    // THEN the label is not what anyone could compute from the template and a guessed password
    expect(h1).toMatch(/^[0-9a-f]{32}$/);
    expect(h1).not.toBe(configHash(template(), 'Db', { pw: SECRET }));
    // AND it differs between stacks (a per-stack key), so one guess cannot be checked against every stack
    expect(labelOf('s2')).not.toBe(h1);
    // AND an unchanged template with the same password keeps the container
    const again = await deploy('s1');
    expect(again.record.resources.Db?.physicalId).toBe(first.record.resources.Db?.physicalId);
    expect(other.ok).toBe(true);
    // AND a changed password replaces it
    const changed = await deploy('s1', 'another-password');
    expect(changed.record.resources.Db?.physicalId).not.toBe(first.record.resources.Db?.physicalId);
  });
});

describe('hidden values carried by attributes and functions', () => {
  // Heat's own functions (str_split), on the in-memory backend: `Env` gives a resource's env, as Docker's `info` does.
  const services = { ...fakeServices, evaluate: defaultTemplateServices().evaluate };
  const PASSWORD = 'admin:hunter22XsecondHalf';

  /** `Db` is given the hidden `pw`; `Echo` prints pieces of it; outputs read them through attributes. */
  const carried = (): Template =>
    things(
      {
        Db: { image: 'db', env: [call('join', '=', ['PW', call('get_param', 'pw')])] },
        Echo: { image: 'echo', env: [call('split', 'X', call('get_param', 'pw'), 1)] },
      },
      {
        parameters: { pw: { type: 'string', hidden: true, constraints: [] } },
        outputs: {
          DbEnv: { value: call('get_attr', 'Db', 'Env') },
          EchoEnv: { value: call('get_attr', 'Echo', 'Env') },
          Ip: { value: call('get_attr', 'Db', 'Ip') },
        },
      },
    );

  const deployCarried = (stackName = 'c1', rollback = true) =>
    deployStack(
      {
        stackName,
        stackId: `id-${stackName}`,
        template: carried(),
        parameters: { pw: PASSWORD },
        hiddenParameters: new Set(['pw']),
        rollback,
      },
      { ...options, services },
    );

  test('an output reading an attribute that shows the value is stored and returned with the value masked', async () => {
    const result = await deployCarried();
    expect(result.ok).toBe(true);
    expect(result.record.outputs.DbEnv?.value).toEqual(['PW=******']);
    expect(result.record.outputs.EchoEnv?.value).toEqual(['******']);
    expect(result.record.outputs.Ip?.value).toMatch(/^10\.0\.0\./);
    expect(stateText('c1')).not.toMatch(/hunter22|secondHalf/);
  });

  test('a piece of the value (a str_split at a letter) is masked in failure reasons and events', async () => {
    backend.failing.set('Echo', 'rejected secondHalf and admin');
    const result = await deployStack(
      {
        stackName: 'c2',
        stackId: 'id-c2',
        template: carried(),
        parameters: { pw: PASSWORD },
        hiddenParameters: new Set(['pw']),
      },
      { ...options, services },
    );
    expect(result.failure?.reason).toBe('Resource CREATE failed: Echo: rejected ****** and ******');
    expect(events.map((e) => e.reason).join('\n')).not.toMatch(/secondHalf|admin/);
    expect(stateText('c2')).not.toMatch(/hunter22|secondHalf|admin/);
  });

  test('resume, not given the value, keeps the outputs reading a resource given it as the deploy stored them', async () => {
    await deployCarried('c3');
    const suspended = await suspendStack('c3', { ...options, services });
    expect(suspended.ok).toBe(true);
    const resumed = await resumeStack('c3', { ...options, services });
    expect(resumed.record.outputs.DbEnv?.value).toEqual(['PW=******']);
    expect(stateText('c3')).not.toMatch(/hunter22|secondHalf/);
  });
});

test('a progress message (an image pull) is told with hidden values masked', () => {
  const told: string[] = [];
  const run = new RunRecorder({} as RecordJournal, { onProgress: (_resource, message) => told.push(message) });
  run.hiddenValues = secretTexts('s3cr3t-token');
  run.progress('Db', 'pulling busybox: login s3cr3t-token refused');
  expect(told).toEqual(['pulling busybox: login ****** refused']);
});
