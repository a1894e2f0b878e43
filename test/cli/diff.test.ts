import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { run as diff, diffJson, diffLines, formatDiff } from '../../src/cli/diff.js';
import { desiredStack } from '../../src/deploy/engine/desired.js';
import { DeployInputError } from '../../src/deploy/input.js';
import type { Plan } from '../../src/deploy/plan/plan.js';
import { planDeploy } from '../../src/deploy/plan/planner.js';
import { HeatstackError, UsageError } from '../../src/errors.js';
import { call, type Template } from '../../src/template/model.js';
import { deployedRecords, fakeServices } from '../deploy/support/fake-backend.js';
import { attr, things } from '../deploy/support/templates.js';
import { heatstack, inFolder } from '../support/cli.js';

const blog = (blogImage = 'wordpress', dbImage = 'mysql'): Template =>
  things({
    Database: { image: dbImage },
    Blog: { image: blogImage, env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
    Cache: { image: 'redis' },
  });

/** The record a successful deploy of `template` leaves (ids `c-<name>`), and what Docker then holds. */
function deployedStack(template: Template) {
  const resources = deployedRecords(template);
  const observed = Object.entries(resources).map(([n, r]) => ({
    logicalId: n,
    physicalId: r.physicalId as string,
    configHash: r.configHash,
  }));
  return { resources, observed };
}

/** The plan of deploying `next` over a stack deployed from `current` (or over nothing). */
const planOf = (next: Template, current?: Template): Plan =>
  planDeploy(desiredStack(next, {}, fakeServices), current ? deployedStack(current) : { resources: {}, observed: [] });

describe('the diff, one line per resource', () => {
  test('a stack that does not exist yet: every resource is a create, dependencies first', () => {
    expect(formatDiff(planOf(blog()))).toBe(
      [
        '+ create Cache: new resource',
        '+ create Database: new resource',
        '+ create Blog: new resource',
        '',
        '3 to create, 0 to replace, 0 to delete, 0 unchanged',
      ].join('\n'),
    );
  });

  test('an unchanged stack keeps everything and says No changes.', () => {
    expect(formatDiff(planOf(blog(), blog()))).toBe(
      ['= keep Cache: unchanged', '= keep Database: unchanged', '= keep Blog: unchanged', '', 'No changes.'].join('\n'),
    );
  });

  test('a delete and a create of one resource read as one replace, with the create’s reason', () => {
    expect(formatDiff(planOf(blog('wordpress', 'mysql:8'), blog()))).toBe(
      [
        '~ replace Database: configuration changed (image); delete first: its type does not say what its objects hold',
        '    image: "mysql" → "mysql:8"',
        '~ replace Blog: reads Database, which is being created; delete first: its type does not say what its objects hold',
        '= keep Cache: unchanged',
        '',
        '0 to create, 2 to replace, 0 to delete, 1 unchanged',
      ].join('\n'),
    );
  });

  test('groups: creates, replaces, deletes, then what stays', () => {
    // GIVEN Blog changed, Cache dropped, Queue added
    const template = things({
      Database: { image: 'mysql' },
      Blog: { image: 'wordpress:6', env: [call('join', '=', ['DB', attr('Database', 'Ip')])] },
      Queue: { image: 'q' },
    });
    // THEN
    expect(formatDiff(planOf(template, blog()))).toBe(
      [
        '+ create Queue: new resource',
        '~ replace Blog: configuration changed (image); delete first: its type does not say what its objects hold',
        '    image: "wordpress" → "wordpress:6"',
        '- delete Cache: no longer in the template',
        '= keep Database: unchanged',
        '',
        '1 to create, 1 to replace, 1 to delete, 1 unchanged',
      ].join('\n'),
    );
  });

  test('a killed run’s leftover container is deleted on its own, naming the container, beside the redone create', () => {
    // GIVEN the plan of a deploy after a run killed while creating Blog
    const plan: Plan = {
      operations: [
        {
          id: 'delete Blog@half-made-bl',
          kind: 'delete',
          resource: 'Blog',
          physicalId: 'half-made-blog',
          cause: 'left over by an interrupted or lost run',
          after: [],
        },
        {
          id: 'create Blog',
          kind: 'create',
          resource: 'Blog',
          cause: 'previous run left it CREATE_IN_PROGRESS',
          after: ['delete Blog@half-made-bl'],
        },
      ],
      kept: [{ resource: 'Database', physicalId: 'c-Database', cause: 'unchanged' }],
    };
    // THEN
    expect(formatDiff(plan)).toBe(
      [
        '+ create Blog: previous run left it CREATE_IN_PROGRESS',
        '- delete Blog (container half-made-bl): left over by an interrupted or lost run',
        '= keep Database: unchanged',
        '',
        '1 to create, 0 to replace, 1 to delete, 1 unchanged',
      ].join('\n'),
    );
    expect(diffLines(plan).map((l) => l.change)).toEqual(['create', 'delete', 'keep']);
  });

  test('a resource is named by the label given (its construct path beside its id)', () => {
    const label = (id: string) => (id === 'Blog' ? 'Blog (Site/Blog)' : id);
    expect(formatDiff(planOf(blog()), [], label)).toContain('\n+ create Blog (Site/Blog): new resource\n');
  });

  test('parameters whose values differ from the last deploy come first; a hidden one shows no value', () => {
    expect(
      formatDiff({ operations: [], kept: [] }, [
        { name: 'Greeting', kind: 'change', hidden: false, old: 'hi', new: 'hey' },
        { name: 'Password', kind: 'change', hidden: true },
        { name: 'Port', kind: 'add', hidden: false, new: 80 },
        { name: 'Token', kind: 'remove', hidden: true },
      ]),
    ).toBe(
      [
        '~ parameter Greeting: "hi" → "hey"',
        '~ parameter Password: ****** (changed)',
        '+ parameter Port: 80',
        '- parameter Token: ******',
        '',
        'No changes.',
      ].join('\n'),
    );
  });

  test('an empty template over nothing is just No changes.', () => {
    expect(formatDiff({ operations: [], kept: [] })).toBe('No changes.');
  });
});

describe('diff --json', () => {
  test('the operations as the deploy runs them (kind, resource, cause, after), what stays, and the counts', () => {
    const json = diffJson('blog', { plan: planOf(blog('wordpress:6'), blog()), action: 'UPDATE' });
    expect(json).toEqual({
      stack: 'blog',
      action: 'UPDATE',
      changes: true,
      summary: { create: 0, replace: 1, delete: 0, unchanged: 2 },
      operations: [
        {
          id: 'delete Blog',
          kind: 'delete',
          resource: 'Blog',
          physicalId: 'c-Blog',
          cause: 'replaced: configuration changed (image)',
          after: [],
        },
        {
          id: 'create Blog',
          kind: 'create',
          resource: 'Blog',
          cause: 'configuration changed (image)',
          changes: [{ path: 'image', kind: 'change', old: 'wordpress', new: 'wordpress:6' }],
          order: 'delete first: its type does not say what its objects hold',
          after: ['delete Blog'],
        },
      ],
      kept: [
        { resource: 'Cache', physicalId: 'c-Cache', cause: 'unchanged' },
        { resource: 'Database', physicalId: 'c-Database', cause: 'unchanged' },
      ],
      parameters: [],
      warnings: [],
    });
  });
});

describe('heatstack diff: usage and input, checked before Docker or the state directory', () => {
  let dir: string;
  const before = process.env.HEATSTACK_STATE_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heatstack-diff-'));
    process.env.HEATSTACK_STATE_DIR = join(dir, 'state');
  });
  afterEach(() => {
    process.env.HEATSTACK_STATE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test('`heatstack --help` lists diff, and `diff --help` prints its options', async () => {
    expect((await heatstack('--help')).stdout).toMatch(/^ {2}diff +Show what a deploy would do, without doing it$/m);
    const { code, stdout } = await heatstack('diff', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: heatstack diff [APP.ts|TEMPLATE.yaml] --stack NAME');
    for (const option of ['--stack', '--parameter', '--parameter-file', '--json', '--fail'])
      expect(stdout).toContain(option);
  });

  test('no file (and no heatstack.json), no --stack, a bad stack name or an unknown option is bad usage', async () => {
    const t = file('t.yaml', 'heat_template_version: 2021-04-16\nresources: {}\n');
    await expect(inFolder(dir, () => diff(['--stack', 's']))).rejects.toThrow(UsageError);
    await expect(diff([t])).rejects.toThrow('--stack NAME is required');
    await expect(diff([t, '--stack', '9lives'])).rejects.toThrow("invalid stack name '9lives'");
    await expect(diff([t, '--stack', 's', '--concurrency', '3'])).rejects.toThrow(UsageError);
  });

  test('a bad template fails as deploy fails, with file:line:col, and writes nothing', async () => {
    const bad = file(
      'bad.yaml',
      'heat_template_version: 2021-04-16\nresources:\n  Web:\n    type: DockerInc::Docker::Container\n    properties:\n      image: {get_attr: [Nope, network_ip]}\n',
    );
    const err = await diff([bad, '--stack', 's']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployInputError);
    expect((err as Error).message).toMatch(/bad\.yaml:6:\d+: .*Nope/);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  test('a parameter the template does not have is blamed on where it was given, with the near name', async () => {
    const t = file('t.yaml', 'heat_template_version: 2021-04-16\nparameters:\n  size: {type: number}\nresources: {}\n');
    const values = file('values.yaml', 'parameters:\n  sise: 3\n  colour: red\n');
    await expect(diff([t, '--stack', 's', '--parameter-file', values, '-P', 'size=1', '-P', 'szie=2'])).rejects.toThrow(
      new DeployInputError(
        `${t} cannot be previewed (nor deployed):\n` +
          `  --parameter-file ${values}: The Parameter (colour) was not defined in template.\n` +
          `  --parameter-file ${values}: The Parameter (sise) was not defined in template. (did you mean 'size'?)\n` +
          "  -P szie: The Parameter (szie) was not defined in template. (did you mean 'size'?)",
      ),
    );
  });

  test('a parameter that breaks its constraint, or a missing file, is a user error naming it', async () => {
    const t = file(
      't.yaml',
      'heat_template_version: 2021-04-16\nparameters:\n  size: {type: number, constraints: [{range: {max: 5}}]}\nresources: {}\n',
    );
    await expect(diff([t, '--stack', 's', '-P', 'size=9'])).rejects.toThrow(
      new DeployInputError(
        `${t} cannot be previewed (nor deployed):\n  ${t}:3:3: Value given for size: 9 is out of range (min: None, max: 5) (at parameters.size)`,
      ),
    );
    const missing = await diff([join(dir, 'missing.yaml'), '--stack', 's']).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HeatstackError);
    expect(missing).not.toBeInstanceOf(UsageError);
  });
});
