import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deployStack, destroyStack, resumeStack } from '../../../src/deploy/engine/stack-engine.js';
import { DamagedStateError } from '../../../src/deploy/state/errors.js';
import { StateStore } from '../../../src/deploy/state/store.js';
import { HeatstackError } from '../../../src/errors.js';
import { heatstack } from '../../support/cli.js';
import { FakeBackend, fakeServices } from '../support/fake-backend.js';
import { things } from '../support/templates.js';

/**
 * A state file that is valid JSON of the wrong shape is damaged like one that is not JSON: every verb says which
 * file and which field, `ls` lists it as UNREADABLE, and `destroy` removes what Docker holds under the stack's
 * labels and sets the file aside. A file written by a newer heatstack is refused, and nothing is touched.
 */

let dir: string;
let store: StateStore;
let backend: FakeBackend;
const before = process.env.HEATSTACK_STATE_DIR;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heatstack-damaged-'));
  process.env.HEATSTACK_STATE_DIR = dir;
  store = new StateStore(dir);
  backend = new FakeBackend();
  // GIVEN a deployed stack 'shop' with two objects in the backend
  const template = things({ Db: { image: 'db' }, Web: { image: 'web' } });
  await deployStack(
    { stackName: 'shop', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() },
    { store, backend, services: fakeServices },
  );
});
afterEach(() => {
  process.env.HEATSTACK_STATE_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

const file = () => join(dir, 'shop.json');
const good = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;
const plant = (value: unknown) => writeFileSync(file(), JSON.stringify(value));

/** Damaged records, and the path of the field each message must name. */
const DAMAGED: [string, () => unknown, string][] = [
  ['an empty object', () => ({}), 'format: expected format 1, found nothing'],
  ['format 0', () => ({ ...good(), format: 0 }), 'format: expected format 1, found number 0'],
  ['another stack’s record', () => ({ ...good(), name: 'other' }), 'name: expected "shop", found string "other"'],
  ['null', () => null, 'the record: expected an object, found null'],
  ['a list', () => [], 'the record: expected an object, found a list'],
  ['resources as a list', () => ({ ...good(), resources: [] }), 'resources: expected an object, found a list'],
  ['events as an object', () => ({ ...good(), events: {} }), 'events: expected a list, found an object'],
  ['outputs as a string', () => ({ ...good(), outputs: 'x' }), 'outputs: expected an object, found string "x"'],
  ['a damaged updatedAt', () => ({ ...good(), updatedAt: 'yesterday' }), 'updatedAt: expected a time'],
  [
    'a resource with a bad status',
    () => {
      const r = good();
      (r.resources as Record<string, Record<string, unknown>>).Db.status = 42;
      return r;
    },
    'resources.Db.status: expected a status such as CREATE_COMPLETE, found number 42',
  ],
  [
    'a template without resources',
    () => ({ ...good(), template: { ...(good().template as object), resources: null } }),
    'template.resources: expected an object, found null',
  ],
];

describe('a state file of the wrong shape', () => {
  test.each(DAMAGED)('%s: load names the file and the first bad field', async (_what, value, field) => {
    plant(value());
    const error = await store.load('shop').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedStateError);
    expect((error as Error).message).toContain(`the state file ${file()} does not hold a stack record (${field}`);
    expect((error as Error).message).toContain('run `heatstack destroy --stack shop`');
  });

  test.each(DAMAGED)('%s: ls lists it as UNREADABLE with the reason', async (_what, value, field) => {
    plant(value());
    const { code, stdout } = await heatstack('ls');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^shop\s+UNREADABLE \(the state file .*shop\.json does not hold/m);
    expect(stdout).toContain(field);
  });

  test('outputs, events, diff, deploy and resume refuse with the same message, touching nothing', async () => {
    plant({ ...good(), events: {} });
    const templateFile = join(dir, 'shop.yaml');
    writeFileSync(templateFile, 'heat_template_version: 2021-04-16\nresources: {}\n');
    for (const args of [['outputs'], ['events'], ['diff', templateFile], ['deploy', templateFile]]) {
      await expect(heatstack(...args, '--stack', 'shop')).rejects.toThrow(/shop\.json does not hold a stack record/);
    }
    backend.calls.length = 0;
    const options = { store, backend, services: fakeServices };
    await expect(resumeStack('shop', options)).rejects.toThrow(DamagedStateError);
    const template = things({ Db: { image: 'db' } });
    await expect(
      deployStack({ stackName: 'shop', stackId: 'id', template, parameters: {}, hiddenParameters: new Set() }, options),
    ).rejects.toThrow(DamagedStateError);
    expect(backend.calls).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['shop.json', 'shop.yaml']);
  });

  test('destroy removes what the backend holds under the stack’s labels and sets the file aside', async () => {
    plant({ ...good(), resources: 'lost' });
    expect(backend.objects.size).toBe(2);
    // WHEN
    const result = await destroyStack('shop', { store, backend, services: fakeServices });
    // THEN
    expect(result.ok).toBe(true);
    expect(backend.objects.size).toBe(0);
    const [aside] = readdirSync(dir);
    expect(aside).toMatch(/^shop\.json\..*\.damaged$/);
    expect(result.record.events[0]?.reason).toBe(
      `Stack DELETE started (its damaged state file was moved to ${join(dir, aside as string)})`,
    );
    // AND the stack is gone from ls
    expect((await heatstack('ls', '--json')).stdout).toBe('[]\n');
  });
});

describe('a state file written by a newer heatstack', () => {
  test('every verb refuses it, destroy included, and nothing is touched', async () => {
    const newer = { ...good(), format: 2, somethingNew: {} };
    plant(newer);
    const options = { store, backend, services: fakeServices };
    const error = await destroyStack('shop', options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeatstackError);
    expect((error as Error).message).toBe(
      `the state file ${file()} was written by a newer heatstack (record format 2; this one reads format 1): use ` +
        "that newer heatstack for stack 'shop'; nothing was changed",
    );
    expect(backend.objects.size).toBe(2);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual(newer);
    expect(readdirSync(dir)).toEqual(['shop.json']);
    expect((await heatstack('ls')).stdout).toMatch(/^shop\s+UNREADABLE \(.*written by a newer heatstack/m);
  });
});
