import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deployStack } from '../../src/deploy/engine/stack-engine.js';
import { lockStack } from '../../src/deploy/state/lock.js';
import { StateStore } from '../../src/deploy/state/store.js';
import { defaultTemplateServices } from '../../src/deploy/template-services.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { heatstack } from '../support/cli.js';
import { AnyTypeBackend, dashboardFolders, followLive, json, type TestDashboard, testDashboard } from './support.js';

const SECRET = 'Sup3rSecretValue';
const HIDDEN_DEFAULT = 'd3fault-Secret';
const SEED = { kind: 'file', path: 'wordpress_mysql.yml' };
const PARAMS = { kind: 'file', path: 'blog-params.yaml' };

let folders: ReturnType<typeof dashboardFolders>;
let backend: AnyTypeBackend;
let d: TestDashboard;
let n = 0;
const stackName = () => `uitest${++n}`;

beforeEach(async () => {
  folders = dashboardFolders('heatstack-ui-api-');
  backend = new AnyTypeBackend();
  d = await testDashboard(folders.dir, folders.stateDir, { backend });
});
afterEach(async () => {
  await d.close();
  folders.remove();
});

/** Waits for a stack's record to reach `status` with its run over; fails on another final status. */
async function settled(name: string, status: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const record = await new StateStore(folders.stateDir).load(name);
    if (record && !record.pending && record.status === status) return;
    if (Date.now() > deadline) throw new Error(`stack ${name} is ${record?.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the token', () => {
  test('every request without it gets 401', async () => {
    for (const path of ['/', '/assets/app.js', '/api/stacks', '/api/live', '/api/files', '/api/stacks/x/topology'])
      expect((await d.get(path, null)).status, path).toBe(401);
    expect((await d.get('/api/stacks', 'wrong-token')).status).toBe(401);
    expect((await fetch(`${d.origin}/api/stacks?token=${d.token}x`)).status).toBe(401);
    expect((await fetch(`${d.origin}/api/stacks?token=${d.token}`)).status).toBe(200);
  });

  test('a request that changes something needs it in the header: in the URL alone it gets 401 and changes nothing', async () => {
    const name = stackName();
    const inQuery = await fetch(`${d.origin}/api/deploy?token=${d.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source: SEED, stack: name }),
    });
    expect(inQuery.status).toBe(401);
    expect((await d.post('/api/deploy', { source: SEED, stack: name }, null)).status).toBe(401);
    expect((await d.post('/api/upload', { name: 'x.yaml', text: 'x: 1' }, null)).status).toBe(401);
    expect(backend.calls).toEqual([]);
    expect(readdirSync(folders.stateDir)).toEqual([]);
  });

  test('no answer allows another origin (no CORS), and every answer forbids framing, sniffing and referrers', async () => {
    const res = await fetch(`${d.origin}/api/stacks`, {
      headers: { Origin: 'http://evil.example', 'X-Heatstack-Token': d.token },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${d.origin}/api/deploy`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(401);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  test('a port in use is an error that says so', async () => {
    const port = Number(new URL(d.origin).port);
    await expect(testDashboard(folders.dir, folders.stateDir, { backend }, port)).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: the port is in use (pass another with --port, or --port 0 for any free one)`,
    );
  });

  test('listens on 127.0.0.1 by default', () => {
    expect(d.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(d.url).toBe(`${d.origin}/?token=${d.token}`);
    expect(d.token.length).toBeGreaterThanOrEqual(32);
  });
});

describe('the launch form', () => {
  test('is made from the template’s parameters, a hidden default never sent', async () => {
    const res = await d.post('/api/form', { source: PARAMS });
    const text = await res.text();
    expect(text).not.toContain(HIDDEN_DEFAULT);
    const { form } = JSON.parse(text);
    expect(form.description).toBe("The seed's blog with its settings as parameters");
    expect(form.fields).toEqual([
      {
        name: 'db_password',
        type: 'string',
        label: 'Database password',
        description: "The blog's database password",
        hidden: true,
        hasDefault: true,
        rules: ['length 8 to 40'],
      },
      {
        name: 'blog_port',
        type: 'number',
        label: 'Blog port',
        hidden: false,
        default: '80',
        hasDefault: true,
        rules: ['1 to 65535'],
      },
      {
        name: 'flavour',
        type: 'string',
        label: 'flavour',
        hidden: false,
        default: 'plain',
        hasDefault: true,
        choices: ['plain', 'fancy'],
        rules: [],
      },
    ]);
  });

  test('checks each value as deploy does, with Heat’s messages beside its field and no hidden value in them', async () => {
    const res = await d.post('/api/check', {
      source: PARAMS,
      stack: 'blog',
      parameters: { db_password: 'short', blog_port: '99999', flavour: 'odd' },
    });
    const body = await json(res);
    expect(body).toEqual({
      ok: false,
      problems: {
        general: [],
        fields: {
          db_password: ['length (5) is out of range (min: 8, max: 40)'],
          blog_port: ['99999 is out of range (min: 1, max: 65535)'],
          flavour: ['"odd" is not an allowed value ["plain", "fancy"]'],
        },
      },
    });
    const name = await json(await d.post('/api/check', { source: SEED, stack: '1bad name' }));
    expect(name.problems.fields.__stack[0]).toMatch(/^invalid stack name '1bad name'/);
    expect(await json(await d.post('/api/check', { source: PARAMS, stack: 'blog' }))).toEqual({ ok: true });
  });

  test('a launch with a broken value is refused and launches nothing', async () => {
    const name = stackName();
    const res = await d.post('/api/deploy', { source: PARAMS, stack: name, parameters: { blog_port: '0' } });
    expect(res.status).toBe(422);
    expect((await json(res)).problems.fields.blog_port).toEqual(['0 is out of range (min: 1, max: 65535)']);
    expect(backend.calls).toEqual([]);
    expect(readdirSync(folders.stateDir)).toEqual([]);
  });

  test('previews the deploy as heatstack diff does', async () => {
    const res = await d.post('/api/preview', { source: SEED, stack: stackName() });
    const body = await json(res);
    expect(body.action).toBe('CREATE');
    expect(body.diff).toBe(
      '+ create Database: new resource\n+ create Blog: new resource\n\n2 to create, 0 to replace, 0 to delete, 0 unchanged',
    );
    expect(backend.calls).toEqual([]);
  });
});

describe('an app as the source', () => {
  test('is synthesized for its form, its checks and its preview', async () => {
    const apps = await testDashboard('test/fixtures/apps', folders.stateDir, { backend });
    try {
      const source = { kind: 'file', path: 'greeting.ts' };
      const { form } = await json(await apps.post('/api/form', { source }));
      expect(form.fields.map((f: { name: string; hidden: boolean }) => [f.name, f.hidden])).toEqual([
        ['Greeting', false],
        ['Password', true],
      ]);
      const check = await json(
        await apps.post('/api/check', { source, stack: 'greet', parameters: { Password: 'abc' } }),
      );
      expect(check.problems.fields).toEqual({ Password: ['length (3) is out of range (min: 4, max: None)'] });
      const preview = await json(
        await apps.post('/api/preview', { source, stack: 'greet', parameters: { Password: 'abcd' } }),
      );
      expect(preview.diff).toMatch(/2 to create/);
    } finally {
      await apps.close();
    }
  });
});

describe('where a template comes from', () => {
  test('files are listed from the directory, and a path out of it is refused', async () => {
    const listed = await json(await d.get('/api/files'));
    expect(listed.files).toEqual([
      { path: 'blog-params.yaml', kind: 'template' },
      { path: 'wordpress_mysql.yml', kind: 'template' },
    ]);
    writeFileSync(join(folders.root, 'outside.yaml'), 'heat_template_version: 2016-10-14\n');
    symlinkSync(join(folders.root, 'outside.yaml'), join(folders.dir, 'link.yaml'));
    for (const path of ['../outside.yaml', '/etc/passwd', 'link.yaml', '../../../../etc/hostname']) {
      const res = await d.post('/api/form', { source: { kind: 'file', path } });
      expect(res.status, path).toBe(422);
      expect((await json(res)).error).toBe(`'${path}' is outside the dashboard's directory`);
    }
  });

  test('only templates and apps are offered: not package.json, a parameter file, a test or a config file', async () => {
    const files = {
      'package.json': '{"name": "blog", "type": "commonjs"}\n',
      'package-lock.json': '{"name": "blog", "lockfileVersion": 3}\n',
      'tsconfig.json': '{"compilerOptions": {"strict": true}}\n',
      'prod-params.yaml': 'parameters:\n  db_password: x\n',
      'site.json': '{"heat_template_version": "2016-10-14", "resources": {}}\n',
      'cfn.template': 'AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n',
      'stacks/blog.ts': "import { App, Stack } from 'heatstack';\nconst app = new App();\nnew Stack(app, 'Blog');\n",
      'stacks/blog.test.ts': "import { App } from 'heatstack';\nconst app = new App();\n",
      'stacks/helpers.ts': 'export const port = 80;\n',
      'vitest.config.ts': "export default { test: { include: ['stacks/*.test.ts'] } };\n",
    };
    mkdirSync(join(folders.dir, 'stacks'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(folders.dir, path), text);
    const listed = await json(await d.get('/api/files'));
    expect(listed.files).toEqual([
      { path: 'blog-params.yaml', kind: 'template' },
      { path: 'cfn.template', kind: 'template' },
      { path: 'site.json', kind: 'template' },
      { path: 'stacks/blog.ts', kind: 'app' },
      { path: 'wordpress_mysql.yml', kind: 'template' },
    ]);
  });

  test('a stack’s name in a URL is only ever a stack name: no path out of the state directory', async () => {
    writeFileSync(join(folders.root, 'secret.json'), '{"format": 1}');
    for (const name of ['..%2Fsecret', '..', '%2E%2E%2Fsecret'])
      for (const res of [
        await d.get(`/api/stacks/${name}`),
        await d.get(`/api/stacks/${name}/topology`),
        await d.post(`/api/stacks/${name}/delete`, { confirm: decodeURIComponent(name) }),
      ]) {
        expect(res.status, name).toBe(404);
        expect(await res.text()).not.toContain('format');
      }
  });

  test('an upload is kept outside the directory, and one over Heat’s template size is refused', async () => {
    const text = (await import('node:fs')).readFileSync('test/fixtures/seed/wordpress_mysql.yml', 'utf8');
    const up = await json(await d.post('/api/upload', { name: '../../seed.yaml', text }));
    expect(up.source.kind).toBe('upload');
    const form = await json(await d.post('/api/form', { source: up.source }));
    expect(form.form.fields).toEqual([]);
    expect(readdirSync(folders.dir).sort()).toEqual(['blog-params.yaml', 'wordpress_mysql.yml']);
    const big = await d.post('/api/upload', { name: 'big.yaml', text: `# ${'x'.repeat(524_288)}` });
    expect(big.status).toBe(422);
    expect((await json(big)).error).toMatch(/larger than 524288 bytes/);
    const huge = await d.post('/api/upload', { name: 'huge.yaml', text: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    const app = await d.post('/api/upload', { name: 'evil.ts', text: 'process.exit(1)' });
    expect((await json(app)).error).toMatch(/an app runs only from the directory/);
  });

  test('an error is shown as a message, never as a stack trace', async () => {
    const res = await d.post('/api/form', { source: { kind: 'nowhere' } });
    const body = await json(res);
    expect(body.error).toMatch(/say where the template comes from/);
    const bad = await fetch(`${d.origin}/api/check`, {
      method: 'POST',
      headers: { 'X-Heatstack-Token': d.token, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).not.toMatch(/ at .*\.(ts|js):\d+/);
  });
});

describe('the stack list', () => {
  test('shows a state file it cannot read as UNREADABLE with the reason, and the others as they are', async () => {
    const name = stackName();
    await d.post('/api/deploy', { source: SEED, stack: name });
    await settled(name, 'CREATE_COMPLETE');
    writeFileSync(join(folders.stateDir, 'broken.json'), '{ not json');
    const deadline = Date.now() + 20_000;
    let stacks: { name: string; status: string; statusReason: string }[] = [];
    while (stacks.length < 2 && Date.now() < deadline) {
      stacks = (await json(await d.get('/api/stacks'))).stacks;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(stacks.map((s) => [s.name, s.status])).toEqual([
      ['broken', 'UNREADABLE'],
      [name, 'CREATE_COMPLETE'],
    ]);
    expect(stacks[0]?.statusReason).toMatch(/broken\.json is not valid JSON/);
  });
});

describe('runs', () => {
  test('a deploy from the page runs in process, goes live to the page and into the record heatstack events reads', async () => {
    const name = stackName();
    const live = await followLive(d);
    const res = await d.post('/api/deploy', { source: SEED, stack: name });
    expect(res.status).toBe(202);
    await live.until((m) => m.type === 'stack' && m.stack.name === name && m.stack.status === 'CREATE_COMPLETE');
    const events = live.messages.filter((m) => m.type === 'event' && m.stack === name);
    expect(events.map((m) => (m.type === 'event' ? m.index : -1))).toEqual(events.map((_m, i) => i));
    live.close();
    await settled(name, 'CREATE_COMPLETE');
    const before = process.env.HEATSTACK_STATE_DIR;
    process.env.HEATSTACK_STATE_DIR = folders.stateDir;
    try {
      const cli = await heatstack('events', '--stack', name);
      expect(cli.stdout).toMatch(/Blog\s+CREATE_COMPLETE/);
      expect(cli.stdout).toMatch(/Stack CREATE completed successfully/);
    } finally {
      process.env.HEATSTACK_STATE_DIR = before;
    }
    const detail = await json(await d.get(`/api/stacks/${name}`));
    expect(detail.outputs).toEqual([
      { name: 'BlogURL', description: 'Blog URL', value: 'http://10.0.0.002:/', url: 'http://10.0.0.002:/' },
    ]);
    expect(detail.resourceList.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ['Database', 'CREATE_COMPLETE'],
      ['Blog', 'CREATE_COMPLETE'],
    ]);
  });

  test('a run of another process (the CLI) shows up live, through the state directory', async () => {
    const name = stackName();
    const live = await followLive(d);
    const parsed = parseTemplate((await import('node:fs')).readFileSync('test/fixtures/seed/wordpress_mysql.yml'));
    const cli = new AnyTypeBackend();
    await deployStack(
      { stackName: name, stackId: 'id', template: parsed.template!, parameters: {}, hiddenParameters: new Set() },
      { store: new StateStore(folders.stateDir), backend: cli, services: defaultTemplateServices() },
    );
    await live.until((m) => m.type === 'stack' && m.stack.name === name && m.stack.status === 'CREATE_COMPLETE');
    await live.until(
      (m) => m.type === 'event' && m.stack === name && m.event.reason === 'Stack CREATE completed successfully',
    );
    live.close();
  });

  test('no response carries a hidden value: not the one given, not the default', async () => {
    const name = stackName();
    const live = await followLive(d);
    const bodies: string[] = [];
    const keep = async (res: Response) => {
      const text = await res.text();
      bodies.push(text);
      return text;
    };
    const launch = { source: PARAMS, stack: name, parameters: { db_password: SECRET } };
    await keep(
      await d.post('/api/check', { ...launch, parameters: { db_password: `${SECRET}-but-far-too-long-for-it-x` } }),
    );
    await keep(await d.post('/api/preview', launch));
    expect(JSON.parse(await keep(await d.post('/api/deploy', launch))).started).toBe(true);
    await settled(name, 'CREATE_COMPLETE');
    await live.until((m) => m.type === 'stack' && m.stack.name === name && m.stack.status === 'CREATE_COMPLETE');
    const detail = JSON.parse(await keep(await d.get(`/api/stacks/${name}`)));
    expect(detail.parameters).toContainEqual({ name: 'db_password', value: '******', hidden: true });
    await keep(await d.get('/api/stacks'));
    await keep(await d.get(`/api/stacks/${name}/topology`));
    await keep(await d.post('/api/form', { source: PARAMS }));
    await keep(await d.post('/api/form', { source: { kind: 'recorded', stack: name } }));
    await keep(
      await d.post('/api/preview', {
        source: { kind: 'recorded', stack: name },
        stack: name,
        existing: true,
        parameters: { db_password: SECRET },
      }),
    );
    live.close();
    bodies.push(live.text());
    expect(backend.calls).toContain('create Database');
    for (const text of bodies) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(HIDDEN_DEFAULT);
      expect(text).not.toContain('S3cret'.toLowerCase());
    }
  });

  test('a busy stack says who holds it, and nothing runs', async () => {
    const name = stackName();
    mkdirSync(folders.stateDir, { recursive: true });
    const lock = await lockStack(folders.stateDir, name, 'DEPLOY');
    try {
      const res = await d.post('/api/deploy', { source: SEED, stack: name });
      expect(res.status).toBe(409);
      expect((await json(res)).error).toMatch(
        new RegExp(`stack '${name}' is busy: process ${process.pid} has been running`),
      );
      expect(backend.calls).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  test('suspend, resume and delete need the stack’s name as confirmation, then run live', async () => {
    const name = stackName();
    await d.post('/api/deploy', { source: SEED, stack: name });
    await settled(name, 'CREATE_COMPLETE');
    const unconfirmed = await d.post(`/api/stacks/${name}/delete`, {});
    expect(unconfirmed.status).toBe(400);
    expect(backend.calls.filter((c) => c.startsWith('delete'))).toEqual([]);
    expect((await d.post(`/api/stacks/${name}/suspend`, { confirm: name })).status).toBe(202);
    await settled(name, 'SUSPEND_COMPLETE');
    expect((await d.post(`/api/stacks/${name}/resume`, { confirm: name })).status).toBe(202);
    await settled(name, 'RESUME_COMPLETE');
    const live = await followLive(d);
    expect((await d.post(`/api/stacks/${name}/delete`, { confirm: name })).status).toBe(202);
    await live.until((m) => m.type === 'removed' && m.stack === name);
    live.close();
    expect((await d.get(`/api/stacks/${name}`)).status).toBe(404);
    expect(backend.of(name)).toEqual({});
  });

  test('a stack offers the actions the engine would take now: resume only when suspended, none while busy', async () => {
    const name = stackName();
    await d.post('/api/deploy', { source: SEED, stack: name });
    await settled(name, 'CREATE_COMPLETE');
    const actions = async () => (await json(await d.get(`/api/stacks/${name}`))).actions;
    // A running stack: no resume (nothing is suspended)
    expect(await actions()).toEqual({ update: true, suspend: true, resume: false, delete: true });
    await d.post(`/api/stacks/${name}/suspend`, { confirm: name });
    await settled(name, 'SUSPEND_COMPLETE');
    // A suspended one: resume, not suspend again, and no update (deploy refuses a suspended stack)
    expect(await actions()).toEqual({ update: false, suspend: false, resume: true, delete: true });
    // While a run holds it: nothing (each would be refused as busy), in the list as on its page
    const lock = await lockStack(folders.stateDir, name, 'DEPLOY');
    const record = (await new StateStore(folders.stateDir).load(name))!;
    await new StateStore(folders.stateDir).save({
      ...record,
      pending: { action: 'UPDATE', deployId: 'x', pid: process.pid, startedAt: record.updatedAt },
    });
    try {
      const none = { update: false, suspend: false, resume: false, delete: false };
      expect(await actions()).toEqual(none);
      // The list follows the state directory: it shows the run once it has seen the record
      const listed = async () =>
        (await json(await d.get('/api/stacks'))).stacks.find((s: { name: string }) => s.name === name)?.actions;
      await expect.poll(listed, { timeout: 10_000 }).toEqual(none);
    } finally {
      await lock.release();
    }
  });

  test('an update of the recorded template with a new value is previewed as a replace', async () => {
    const name = stackName();
    await d.post('/api/deploy', { source: PARAMS, stack: name, parameters: { db_password: SECRET } });
    await settled(name, 'CREATE_COMPLETE');
    const recorded = { kind: 'recorded', stack: name };
    const same = await json(
      await d.post('/api/preview', {
        source: recorded,
        stack: name,
        existing: true,
        parameters: { db_password: SECRET },
      }),
    );
    expect(same.diff).toBe('= keep Database: unchanged\n= keep Blog: unchanged\n\nNo changes.');
    const fancy = await json(
      await d.post('/api/preview', {
        source: recorded,
        stack: name,
        existing: true,
        parameters: { db_password: SECRET, flavour: 'fancy' },
      }),
    );
    expect(fancy.action).toBe('UPDATE');
    expect(fancy.diff).toMatch(/^~ parameter flavour: "plain" → "fancy"\n~ replace Blog: configuration changed/);
  });
});
