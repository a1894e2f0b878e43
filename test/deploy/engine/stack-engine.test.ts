import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  deployStack,
  destroyStack,
  type EngineOptions,
  planStack,
  resumeStack,
  suspendStack,
} from '../../../src/deploy/engine/stack-engine.js';
import { formatPlan, type Plan } from '../../../src/deploy/plan/plan.js';
import { HIDDEN_VALUE } from '../../../src/deploy/state/record.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import type { StackEvent } from '../../../src/deploy/status.js';
import { HeatstackError } from '../../../src/errors.js';
import { call, type Template } from '../../../src/template/model.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { attr, chain, things } from '../support/templates.js';

let dir: string;
let backend: FakeBackend;
let events: StackEvent[];
let options: EngineOptions;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-engine-'));
  backend = new FakeBackend();
  events = [];
  options = { store: new StateStore(dir), backend, services: fakeServices, onEvent: (e) => events.push(e) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const blog = (image = 'wordpress'): Template =>
  things(
    {
      Database: { image: 'mysql' },
      Blog: {
        image,
        env: [
          call('join', '=', ['DB_HOSTNAME', attr('Database', 'Ip')]),
          call('join', '=', ['DB_PASSWORD', attr('Database', 'Secret')]),
        ],
      },
    },
    {
      outputs: {
        URL: { value: call('join', '', ['http://', attr('Blog', 'Ip'), '/']), description: 'Blog URL' },
        Broken: { value: attr('Missing', 'Ip') },
      },
    },
  );

const deploy = (template: Template, extra: Partial<Parameters<typeof deployStack>[0]> = {}) =>
  deployStack(
    { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set(), ...extra },
    options,
  );

/** A uses the hidden parameter `password`; B does not. */
const secretTemplate = (): Template =>
  things(
    { A: { image: call('get_param', 'password') }, B: { image: 'b' } },
    { parameters: { password: { type: 'string', hidden: true, constraints: [] } } },
  );
const secret = (password: string) => ({ parameters: { password }, hiddenParameters: new Set(['password']) });

/** The stack's transitions in an update that rolled back. */
const UPDATE_ROLLED_BACK = ['UPDATE_IN_PROGRESS', 'UPDATE_FAILED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE'];

/** Resolves once the create of `logicalId` has begun (under the deploy's lock), however long that takes. */
const creating = (logicalId: string) =>
  vi.waitFor(() => expect(backend.calls).toContain(`create ${logicalId}`), { timeout: 30_000, interval: 5 });
const statuses = (resource?: string): string[] => events.filter((e) => e.resource === resource).map((e) => e.status);

describe('deploy', () => {
  test('creates dependencies first, resolving properties from their live attributes, then computes outputs', async () => {
    // WHEN
    const result = await deploy(blog());
    // THEN
    expect(result.ok).toBe(true);
    expect(result.record.status).toBe('CREATE_COMPLETE');
    expect(backend.calls).toEqual(['create Database', 'create Blog']);
    const blogObject = [...backend.objects.values()].find((o) => o.logicalId === 'Blog');
    expect(blogObject?.properties.env).toEqual(['DB_HOSTNAME=10.0.0.001', 'DB_PASSWORD=secret-of-Database']);
    expect(result.record.outputs.URL).toEqual({ description: 'Blog URL', value: 'http://10.0.0.002/' });
    expect(statuses()).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
    expect(statuses('Blog')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });

  test('an output that cannot be resolved records its error instead of failing the stack', async () => {
    const failing = blog();
    backend.handler.attribute = async () => {
      throw new Error('boom');
    };
    const result = await deploy(things({ A: { image: 'a' } }, { outputs: { X: { value: attr('A', 'Ip') } } }));
    expect(result.ok).toBe(true);
    expect(result.record.outputs.X).toEqual({ description: undefined, error: 'boom' });
    expect(failing.resources.Blog).toBeDefined();
  });

  test('independent resources are created in parallel, at most `concurrency` at a time', async () => {
    const resources: Record<string, { image: string }> = {};
    for (let i = 0; i < 12; i++) resources[`C${i}`] = { image: 'x' };
    for (const name of Object.keys(resources)) backend.delays.set(name, 20);
    options = { ...options, concurrency: 4 };
    await deploy(things(resources));
    expect(backend.maxConcurrent).toBe(4);
    // Overlap, seen in the events: a second create starts before the first completes.
    const firstComplete = events.findIndex((e) => e.status === 'CREATE_COMPLETE' && e.resource !== undefined);
    expect(events.slice(0, firstComplete).filter((e) => e.status === 'CREATE_IN_PROGRESS' && e.resource).length).toBe(
      4,
    );
  });

  test('a failed create rolls back: everything the run created is deleted, dependents first', async () => {
    // GIVEN Blog fails after Database and Cache are up
    backend.failing.set('Blog', 'container exited with code 1: no database');
    const template = things({
      Database: { image: 'db' },
      Cache: { image: 'c' },
      Blog: { image: 'b', env: [attr('Database', 'Ip')] },
    });
    // WHEN
    const result = await deploy(template);
    // THEN
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({
      resource: 'Blog',
      reason: 'Resource CREATE failed: Blog: container exited with code 1: no database',
    });
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(statuses()).toEqual(['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    expect(statuses('Blog')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    expect(backend.objects.size).toBe(0);
    expect(result.record.resources).toEqual({});
  });

  test('rollback also removes an object the failed create left in the backend', async () => {
    backend.failing.set('A', 'start failed');
    backend.leaveObjectOnFailure.add('A');
    const result = await deploy(things({ A: { image: 'a' } }));
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(backend.objects.size).toBe(0);
  });

  test('with rollback off, a failed create keeps what was created', async () => {
    backend.failing.set('Blog', 'bad');
    const result = await deploy(blog(), { rollback: false });
    expect(result.record.status).toBe('CREATE_FAILED');
    expect(Object.keys(backend.of('s1'))).toEqual(['Database']);
    expect(result.record.resources.Blog?.status).toBe('CREATE_FAILED');
  });

  test('a property the type rejects fails the create with the path in the reason', async () => {
    const result = await deploy(things({ A: { image: 'a', fail_normalize: true } }));
    expect(result.failure?.reason).toBe('Resource CREATE failed: A: Properties.fail_normalize: not allowed');
  });

  test.each([
    ["Resources.A: could not pull image 'a': no such host", "A: could not pull image 'a': no such host"],
    ['Resources.A.Properties.cpu_shares: not a number', 'A: Properties.cpu_shares: not a number'],
    ['Resources.AB: gone', 'A: Resources.AB: gone'],
  ])('the stack reason names the failed resource once: %s → %s', async (reason, named) => {
    backend.failing.set('A', reason);
    const result = await deploy(things({ A: { image: 'a' } }));
    expect(result.failure?.reason).toBe(`Resource CREATE failed: ${named}`);
  });

  test('a template with types no handler runs is refused before anything is recorded or created', async () => {
    const template: Template = {
      ...blog(),
      resources: {
        ...blog().resources,
        Server: { type: 'OS::Nova::Server', properties: { flavor: 'm1' }, dependsOn: [] },
        Pw: { type: 'OS::Heat::RandomString', properties: {}, dependsOn: [] },
      },
    };
    await expect(deploy(template)).rejects.toThrow(
      'this template cannot be deployed here: Server (OS::Nova::Server), Pw (OS::Heat::RandomString). OS::Heat::RandomString, OS::Nova::Server need an OpenStack cloud',
    );
    const input = { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set<string>() };
    await expect(planStack(input, options)).rejects.toThrow('cannot be deployed here');
    expect(readdirSync(dir)).toEqual([]);
    expect(backend.objects.size).toBe(0);
  });

  test('a 10,000-long chain deploys in order without overflowing the stack', async () => {
    const result = await deploy(chain(10_000));
    expect(result.ok).toBe(true);
    expect(backend.calls[0]).toBe('create R0');
    expect(backend.calls.at(-1)).toBe('create R9999');
  }, 120_000);

  test('hidden parameter values are never written; a salted hash is', async () => {
    const template = things(
      { A: { image: 'a', env: [call('get_param', 'password')] } },
      { parameters: { password: { type: 'string', hidden: true, constraints: [] } } },
    );
    const result = await deploy(template, {
      parameters: { password: 's3cret-value' },
      hiddenParameters: new Set(['password']),
    });
    const text = (await import('node:fs')).readFileSync(join(dir, 's1.json'), 'utf8');
    expect(text).not.toContain('s3cret-value');
    expect(result.record.parameters.password).toBe(HIDDEN_VALUE);
    expect(result.record.hiddenParameterHashes.password).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('update', () => {
  test('a re-deploy replaces changed resources, keeps unchanged ones and deletes removed ones', async () => {
    // GIVEN
    const first = await deploy(things({ A: { image: 'a' }, B: { image: 'b' }, C: { image: 'c' } }));
    const before = first.record.resources;
    const [idA, idB] = [before.A?.physicalId, before.B?.physicalId];
    backend.calls.length = 0;
    events.length = 0;
    // WHEN
    const second = await deploy(things({ A: { image: 'a' }, B: { image: 'b2' }, D: { image: 'd' } }));
    // THEN
    expect(second.record.status).toBe('UPDATE_COMPLETE');
    expect(second.record.resources.A?.physicalId).toBe(idA);
    expect(second.record.resources.B?.physicalId).not.toBe(idB);
    expect(Object.keys(second.record.resources).sort()).toEqual(['A', 'B', 'D']);
    expect([...backend.calls].sort()).toEqual(['create B', 'create D', 'delete B', 'delete C']);
    expect(Object.keys(backend.of('s1')).sort()).toEqual(['A', 'B', 'D']);
  });

  test('a re-deploy of the same template changes nothing (no perma-diff)', async () => {
    await deploy(blog());
    backend.calls.length = 0;
    const again = await deploy(blog());
    expect(again.record.status).toBe('UPDATE_COMPLETE');
    expect(backend.calls).toEqual([]);
    expect(again.record.outputs.URL?.value).toBe('http://10.0.0.002/');
  });

  test('a re-deploy that changes nothing writes its record once, at its end', async () => {
    await deploy(blog());
    const save = vi.spyOn(options.store, 'save');
    const again = await deploy(blog());
    expect(again.unchanged).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    const saved = await options.store.load('s1');
    expect(saved?.status).toBe('UPDATE_COMPLETE');
    expect(saved?.pending).toBeUndefined();
    expect(saved?.events.slice(-2).map((e) => e.status)).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
    // A deploy that changes something writes as it goes: its start before any change
    save.mockClear();
    await deploy(blog('wordpress:2'));
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  test('a failed update rolls back to the previous template', async () => {
    await deploy(things({ A: { image: 'a' }, B: { image: 'b' } }));
    backend.failing.set('B:b2', 'bad image');
    const result = await deploy(things({ A: { image: 'a' }, B: { image: 'b2' } }));
    expect(result.ok).toBe(false);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(statuses()).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE', ...UPDATE_ROLLED_BACK]);
  });
});

describe('interruption (Ctrl-C)', () => {
  /** Options whose signal aborts when the first event matching `when` is recorded (not after a guessed delay). */
  const interruptWhen = (when: (e: StackEvent) => boolean, notices: string[] = []) => {
    const controller = new AbortController();
    options = {
      ...options,
      signal: controller.signal,
      onInterrupt: (n) => notices.push(n),
      onEvent: (e) => {
        events.push(e);
        if (when(e)) controller.abort();
      },
    };
    return notices;
  };
  /** What the backend runs for the stack: logical id → the image of each of its objects. */
  const running = (): Record<string, unknown[]> => {
    const out: Record<string, unknown[]> = {};
    for (const o of backend.objects.values())
      if (o.running) out[o.logicalId] = [...(out[o.logicalId] ?? []), o.properties.image];
    return out;
  };
  const stackStatuses = (): string[] => statuses().slice(statuses().lastIndexOf('CREATE_COMPLETE') + 1);

  test('a create interrupted starts nothing more, gives up what is under way and rolls back to nothing', async () => {
    // GIVEN a chain whose first create takes a while, interrupted while A is being created
    backend.delays.set('A', 50);
    const notices = interruptWhen((e) => e.resource === 'A' && e.status === 'CREATE_IN_PROGRESS');
    // WHEN
    const result = await deploy(things({ A: { image: 'a' }, B: { image: 'b', env: [attr('A', 'Ip')] } }));
    // THEN
    expect(result).toMatchObject({ ok: false, interrupted: true, failure: { reason: 'interrupted (Ctrl-C)' } });
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(statuses()).toEqual(['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
    expect(statuses('A')).toEqual(['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    expect(statuses('B')).toEqual([]);
    expect(backend.calls).toEqual(['create A']);
    expect(backend.objects.size).toBe(0);
    expect(notices).toEqual(['nothing new starts; rolling back: removing what this run created…']);
  });

  test('an update interrupted while the replacements are created rolls back to the previous template completely', async () => {
    // GIVEN a stack of three, and an update replacing all of them, interrupted when the first replacement starts
    const v1 = things({ A: { image: 'a1' }, B: { image: 'b1', env: [attr('A', 'Ip')] }, C: { image: 'c1' } });
    const v2 = things({ A: { image: 'a2' }, B: { image: 'b2', env: [attr('A', 'Ip')] }, C: { image: 'c2' } });
    await deploy(v1);
    backend.delays.set('A', 30);
    const notices = interruptWhen((e) => e.resource === 'A' && e.status === 'CREATE_IN_PROGRESS');
    // WHEN
    const result = await deploy(v2);
    // THEN every resource runs its previous configuration again, once
    expect(result).toMatchObject({ ok: false, interrupted: true });
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(stackStatuses()).toEqual(UPDATE_ROLLED_BACK);
    expect(running()).toEqual({ A: ['a1'], B: ['b1'], C: ['c1'] });
    expect(backend.objects.size).toBe(3);
    expect(notices).toEqual(['nothing new starts; rolling back to the previous template…']);
    expect((await options.store.load('s1'))?.pending).toBeUndefined();
  });

  test('an update interrupted while the old objects are deleted deletes no more and restores what it deleted', async () => {
    // GIVEN deletes one at a time, interrupted when the first starts
    await deploy(things({ A: { image: 'a1' }, B: { image: 'b1' }, C: { image: 'c1' } }));
    options = { ...options, concurrency: 1 };
    for (const n of ['A', 'B', 'C']) backend.stepDelays.set(`delete ${n}`, 20);
    interruptWhen((e) => e.status === 'DELETE_IN_PROGRESS');
    backend.calls.length = 0;
    // WHEN
    const result = await deploy(things({ A: { image: 'a2' }, B: { image: 'b2' }, C: { image: 'c2' } }));
    // THEN only the delete under way happened, and the rollback created that one again from the previous template
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(backend.calls).toEqual(['delete A', 'create A']);
    expect(running()).toEqual({ A: ['a1'], B: ['b1'], C: ['c1'] });
  });

  test('an update interrupted as its last change completes still rolls back, as it said it would', async () => {
    await deploy(things({ A: { image: 'a1' } }));
    const notices = interruptWhen((e) => e.resource === 'A' && e.status === 'CREATE_COMPLETE');
    const result = await deploy(things({ A: { image: 'a2' } }));
    expect(notices).toEqual(['nothing new starts; rolling back to the previous template…']);
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(running()).toEqual({ A: ['a1'] });
  });

  test('an update interrupted before it started anything leaves the stack as it was', async () => {
    const first = await deploy(things({ A: { image: 'a1' } }));
    const id = first.record.resources.A?.physicalId;
    const controller = new AbortController();
    controller.abort();
    options = { ...options, signal: controller.signal };
    backend.calls.length = 0;
    const result = await deploy(things({ A: { image: 'a2' } }));
    expect(result).toMatchObject({ ok: false, interrupted: true });
    expect(result.record.status).toBe('ROLLBACK_COMPLETE');
    expect(backend.calls).toEqual([]);
    expect(result.record.resources.A?.physicalId).toBe(id);
  });

  test('an interrupted update whose previous hidden value is unknown is finished instead: nothing is left without a resource', async () => {
    // GIVEN a stack using a hidden parameter, updated with another value and interrupted during its deletes
    const template = secretTemplate();
    await deploy(template, secret('first-secret'));
    backend.stepDelays.set('delete A', 20);
    interruptWhen((e) => e.resource === 'A' && e.status === 'DELETE_IN_PROGRESS');
    // WHEN
    const result = await deploy(template, secret('other-secret'));
    // THEN
    expect(result.record.status).toBe('ROLLBACK_FAILED');
    expect(result.record.statusReason).toContain('the interrupted update was finished instead');
    expect(running()).toEqual({ A: ['other-secret'], B: ['b'] });
  });

  test('destroy interrupted deletes no more, and the stack stays DELETE_FAILED naming what is left', async () => {
    await deploy(things({ A: { image: 'a' }, B: { image: 'b' }, C: { image: 'c' } }));
    options = { ...options, concurrency: 1 };
    backend.stepDelays.set('delete A', 20);
    const notices = interruptWhen((e) => e.resource !== undefined && e.status === 'DELETE_IN_PROGRESS');
    const result = await destroyStack('s1', options);
    expect(result).toMatchObject({ ok: false, interrupted: true });
    expect(result.record.status).toBe('DELETE_FAILED');
    expect(result.record.statusReason).toBe(
      'Stack DELETE interrupted (Ctrl-C): 2 resource(s) remain (B, C); run destroy again to finish',
    );
    expect(Object.keys(backend.of('s1')).sort()).toEqual(['B', 'C']);
    expect((await options.store.load('s1'))?.status).toBe('DELETE_FAILED');
    expect(notices).toEqual(['nothing new starts; the deletes under way finish, then the run stops']);
  });

  test('suspend interrupted stops no more, and says how many were stopped', async () => {
    await deploy(things({ A: { image: 'a' }, B: { image: 'b' }, C: { image: 'c' } }));
    options = { ...options, concurrency: 1 };
    backend.stepDelays.set('suspend A', 20);
    interruptWhen((e) => e.status === 'SUSPEND_IN_PROGRESS' && e.resource !== undefined);
    const result = await suspendStack('s1', options);
    expect(result).toMatchObject({ ok: false, interrupted: true });
    expect(result.record.status).toBe('SUSPEND_FAILED');
    expect(result.record.statusReason).toBe(
      'Stack SUSPEND interrupted (Ctrl-C): 1 of 3 resource(s) stopped (A); run suspend again to finish, or resume',
    );
    expect(running()).toEqual({ B: ['b'], C: ['c'] });
  });
});

describe('recovery', () => {
  test('a deploy after a killed one removes what the dead run left and finishes the stack without duplicates', async () => {
    // GIVEN a run that created A and half of B, then died: its record says B is in progress, Docker holds both
    await deploy(things({ A: { image: 'a' } }));
    const record = (await options.store.load('s1'))!;
    record.pending = { action: 'UPDATE', deployId: 'dead', pid: 2 ** 30, startedAt: 'then' };
    record.resources.B = {
      type: 'Test::Thing',
      status: 'CREATE_IN_PROGRESS',
      statusReason: '',
      dependsOn: [],
      locator: {},
      updatedAt: '',
    };
    await options.store.save(record);
    backend.objects.set('half-b', {
      stack: 's1',
      logicalId: 'B',
      configHash: 'x',
      deployId: 'dead',
      running: false,
      properties: {},
    });
    // WHEN
    const result = await deploy(things({ A: { image: 'a' }, B: { image: 'b' } }));
    // THEN
    expect(result.ok).toBe(true);
    expect(result.record.pending).toBeUndefined();
    expect(backend.of('s1')).toEqual({
      A: [result.record.resources.A?.physicalId],
      B: [result.record.resources.B?.physicalId],
    });
    expect(backend.objects.has('half-b')).toBe(false);
  });
});

describe('destroy, suspend, resume', () => {
  test('destroy deletes dependents first and removes the record', async () => {
    await deploy(blog());
    backend.calls.length = 0;
    const result = await destroyStack('s1', options);
    expect(result.record.status).toBe('DELETE_COMPLETE');
    expect(backend.calls).toEqual(['delete Blog', 'delete Database']);
    expect(backend.objects.size).toBe(0);
    expect(await options.store.load('s1')).toBeUndefined();
  });

  test('destroy after a killed deploy removes what Docker holds even without a record', async () => {
    // GIVEN objects labelled with the stack but no record (the run died before writing it)
    backend.objects.set('orphan', {
      stack: 's1',
      logicalId: 'A',
      configHash: 'h',
      deployId: 'd',
      running: true,
      properties: {},
    });
    // WHEN
    const result = await destroyStack('s1', options);
    // THEN
    expect(result.ok).toBe(true);
    expect(backend.objects.size).toBe(0);
  });

  test('a deploy of a suspended stack is refused, naming resume; nothing is touched', async () => {
    // GIVEN
    await deploy(blog());
    await suspendStack('s1', options);
    backend.calls.length = 0;
    // WHEN / THEN
    await expect(deploy(blog())).rejects.toThrow('stack s1 is suspended: resume it first');
    expect(backend.calls).toEqual([]);
    expect((await options.store.load('s1'))?.status).toBe('SUSPEND_COMPLETE');
  });

  test('resume reads the outputs again from the restarted containers', async () => {
    // GIVEN a suspended stack whose recorded output is stale
    await deploy(blog());
    await suspendStack('s1', options);
    const record = await options.store.load('s1');
    if (record?.outputs.URL === undefined) throw new Error('no URL output');
    const fresh = record.outputs.URL.value;
    record.outputs.URL.value = 'http://:80/';
    await options.store.save(record);
    // WHEN
    const resumed = await resumeStack('s1', options);
    // THEN
    expect(resumed.record.outputs.URL?.value).toBe(fresh);
    expect((await options.store.load('s1'))?.outputs.URL?.value).toBe(fresh);
  });

  test('destroy of an unknown stack succeeds, saying there was nothing to destroy', async () => {
    const result = await destroyStack('nope', options);
    expect(result).toMatchObject({ ok: true, notFound: true });
    expect(result.record.statusReason).toBe('stack nope does not exist (nothing to destroy)');
    expect(await options.store.load('nope')).toBeUndefined();
  });

  test('suspend stops dependents first and resume starts dependencies first', async () => {
    await deploy(blog());
    backend.calls.length = 0;
    expect((await suspendStack('s1', options)).record.status).toBe('SUSPEND_COMPLETE');
    expect((await resumeStack('s1', options)).record.status).toBe('RESUME_COMPLETE');
    expect(backend.calls).toEqual(['suspend Blog', 'suspend Database', 'resume Database', 'resume Blog']);
  });
});

describe('locking', () => {
  test('a second deploy of a stack being deployed is refused', async () => {
    const release = backend.hold('A');
    const first = deploy(things({ A: { image: 'a' } }));
    await creating('A');
    await expect(deploy(things({ A: { image: 'a' } }))).rejects.toThrow(
      /stack 's1' is busy: process \d+ has been running `deploy`/,
    );
    release();
    expect((await first).ok).toBe(true);
  });
});

describe('planStack: what a deploy would do, without doing it', () => {
  const plan = (template: Template, extra: Partial<Parameters<typeof planStack>[0]> = {}) =>
    planStack(
      { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set(), ...extra },
      options,
    );

  /** Every file of the state directory with its content: what a read-only preview must leave as it was. */
  const stateFiles = (): Record<string, string> =>
    Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

  /** The plan the next deploy runs, as the engine shows it before executing. */
  const deployedPlan = async (template: Template): Promise<Plan | undefined> => {
    let shown: Plan | undefined;
    await deployStack(
      { stackName: 's1', stackId: 'id-1', template, parameters: {}, hiddenParameters: new Set() },
      { ...options, onPlan: (p) => (shown ??= p) },
    );
    return shown;
  };

  test('a stack that does not exist yet: every resource is a create, and nothing is written or created', async () => {
    // WHEN
    const result = await plan(blog());
    // THEN
    expect(result.action).toBe('CREATE');
    expect(formatPlan(result.plan)).toBe(
      ['create Database: new resource', 'create Blog: new resource [after create Database]'].join('\n'),
    );
    expect(readdirSync(dir)).toEqual([]);
    expect(backend.calls).toEqual([]);
    expect(backend.objects.size).toBe(0);
  });

  test('the same template again plans nothing; the record, its lock and the objects stay exactly as they were', async () => {
    // GIVEN
    await deploy(blog());
    const files = stateFiles();
    const objects = structuredClone([...backend.objects]);
    backend.calls.length = 0;
    // WHEN
    const result = await plan(blog());
    // THEN
    expect(result.action).toBe('UPDATE');
    expect(result.plan.operations).toEqual([]);
    expect(result.plan.kept.map((k) => k.resource)).toEqual(['Database', 'Blog']);
    expect(stateFiles()).toEqual(files);
    expect([...backend.objects]).toEqual(objects);
    expect(backend.calls).toEqual([]);
  });

  test('the plan is the one the deploy that follows runs', async () => {
    // GIVEN a deployed stack, and a template that changes the database, drops Cache and adds Queue
    await deploy(
      things({
        Database: { image: 'mysql' },
        Blog: blog().resources.Blog?.properties ?? {},
        Cache: { image: 'redis' },
      }),
    );
    const next = things({
      Database: { image: 'mysql:8' },
      Blog: blog().resources.Blog?.properties ?? {},
      Queue: { image: 'q' },
    });
    // WHEN
    const previewed = await plan(next);
    const executed = await deployedPlan(next);
    // THEN
    expect(formatPlan(previewed.plan)).toBe(
      [
        'delete Blog: replaced: reads Database, which is being created',
        'delete Cache: no longer in the template',
        'delete Database: replaced: configuration changed (image) [after delete Blog]',
        'create Database: configuration changed (image) [after delete Blog, delete Cache, delete Database]',
        'create Queue: new resource [after delete Blog, delete Cache, delete Database]',
        'create Blog: reads Database, which is being created [after create Database]',
      ].join('\n'),
    );
    expect(executed).toEqual(previewed.plan);
  });

  test('a hidden parameter unchanged plans nothing; changed, it replaces what uses it (hashed with the stack salt)', async () => {
    // GIVEN
    const template = secretTemplate();
    await deploy(template, secret('first-secret'));
    // WHEN / THEN
    expect((await plan(template, secret('first-secret'))).plan.operations).toEqual([]);
    expect(formatPlan((await plan(template, secret('other-secret'))).plan)).toBe(
      [
        'delete A: replaced: configuration changed (image)',
        'create A: configuration changed (image) [after delete A]',
        'keep B: unchanged',
      ].join('\n'),
    );
  });

  test('a suspended stack is refused as a deploy would refuse it', async () => {
    await deploy(blog());
    await suspendStack('s1', options);
    // Said for a preview (`heatstack diff`, the dashboard's), which is not itself what would follow the resume.
    await expect(plan(blog())).rejects.toThrow(
      new HeatstackError(
        'stack s1 is suspended: a deploy would be refused; resume it first (`heatstack resume --stack s1`)',
      ),
    );
  });

  test('a stack being deployed is planned without waiting for the lock, and the running deploy is named', async () => {
    // GIVEN a deploy holding the lock, its create under way until released
    const release = backend.hold('A');
    const running = deploy(things({ A: { image: 'a' } }));
    await creating('A');
    // WHEN
    const result = await plan(things({ A: { image: 'a' } }));
    release();
    // THEN
    expect(result.busy).toMatchObject({ pid: process.pid, action: 'CREATE' });
    expect((await running).ok).toBe(true);
    expect((await plan(things({ A: { image: 'a' } }))).busy).toBeUndefined();
  });
});
