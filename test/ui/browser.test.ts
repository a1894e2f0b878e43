import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { removeStackObjects } from '../../src/deploy/docker/index.js';
import { chromiumFlags } from '../../src/graph/chromium.js';
import { describeBrowser } from '../support/chromium.js';
import { heatstack } from '../support/cli.js';
import { describeDocker, testDocker, uniqueStack } from '../support/docker.js';
import { ensureTestImages } from '../support/images.js';
import { dashboardFolders, type TestDashboard, testDashboard } from './support.js';

/**
 * The talk's demo, in headless Chromium against a real Docker daemon: open the dashboard, launch the seed's
 * wordpress_mysql.yml through its form, watch Create Complete, read both resources, open the BlogURL output and get
 * the blog's page, delete the stack and see it gone from the list and from Docker. The screenshots in the README
 * are taken here: `HEATSTACK_UPDATE_SCREENSHOTS=1` writes them into docs/ (otherwise into a temporary folder).
 */

const SCREENSHOTS =
  process.env.HEATSTACK_UPDATE_SCREENSHOTS === '1' ? 'docs' : mkdtempSync(join(tmpdir(), 'heatstack-ui-shots-'));
const TIMEOUT = 120_000;

describeDocker('the dashboard in a browser', () => {
  describeBrowser('the dashboard in a browser', (chromium) => {
    let folders: ReturnType<typeof dashboardFolders>;
    let d: TestDashboard;
    let browser: Browser;
    let page: Page;
    const stacks: string[] = [];
    const before = process.env.HEATSTACK_STATE_DIR;

    beforeAll(async () => {
      await ensureTestImages();
      folders = dashboardFolders('heatstack-ui-browser-');
      mkdirSync(folders.stateDir, { recursive: true });
      // The CLI verbs of these tests use the dashboard's state directory.
      process.env.HEATSTACK_STATE_DIR = folders.stateDir;
      d = await testDashboard(folders.dir, folders.stateDir);
      browser = await puppeteer.launch({
        executablePath: chromium,
        args: chromiumFlags().filter((f) => f !== '--headless'),
      });
      page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 720 });
    }, TIMEOUT);

    afterAll(async () => {
      await browser?.close();
      await d?.close();
      for (const stack of stacks) await removeStackObjects(stack).catch(() => undefined);
      process.env.HEATSTACK_STATE_DIR = before;
      folders?.remove();
      if (SCREENSHOTS !== 'docs') rmSync(SCREENSHOTS, { recursive: true, force: true });
    }, TIMEOUT);

    const shoot = (name: string) =>
      page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
    const text = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
    const disabledActions = () =>
      page.$$eval('#stack-actions button', (buttons) =>
        buttons.filter((b) => b.hasAttribute('disabled')).map((b) => b.id),
      );
    const containersOf = async (stack: string) =>
      (await testDocker()).listContainers({ all: true, filters: { label: [`io.heatstack.stack=${stack}`] } });

    test(
      'the talk’s demo: launch the seed through its form, watch it, read its resources, open the blog, delete it',
      async () => {
        const stack = uniqueStack('MyBlog');
        stacks.push(stack);
        await page.goto(d.url);
        await page.waitForSelector('body[data-ready=stacks]');
        expect(await text('.empty')).toMatch(/No stacks yet/);

        // Launch: the seed template, its form (no parameters), a preview, then Launch.
        await page.click('a[href="#/launch"] button');
        await page.waitForSelector('body[data-ready=launch]');
        await page.select('#source-file', 'file:wordpress_mysql.yml');
        await page.waitForSelector('body[data-ready=launch-form]');
        await page.type('#stack-name', stack);
        await page.click('#preview-button');
        await page.waitForSelector('#preview');
        expect(await text('#preview')).toMatch(/\+ create Database: new resource\n\+ create Blog: new resource/);
        await shoot('launch');
        await page.click('#launch-button');

        // The stack's page follows the create live until Create Complete.
        await page.waitForSelector('body[data-ready=stack-topology]', { timeout: TIMEOUT });
        await page.waitForSelector('h1 .status[data-status=CREATE_COMPLETE]', { timeout: TIMEOUT });
        expect(await text('h1 .status')).toBe('Create Complete');
        await page.waitForSelector('#topology g[data-resource=Blog][data-progress=COMPLETE]');
        await page.waitForSelector('#topology g[data-resource=Database][data-progress=COMPLETE]');
        // The run has let go of the stack (its lock and pending mark) once the page no longer says it is busy.
        await page.waitForFunction("!document.querySelector('#busy-note')");
        // A running stack offers update, suspend and delete, not resume (nothing is suspended).
        await page.waitForFunction("!document.querySelector('#delete-button').disabled");
        expect(await disabledActions()).toEqual(['resume-button']);
        await shoot('topology');

        // Stack Resources: both, with the containers Docker holds.
        await page.click('a[data-tab=resources]');
        for (const resource of ['Database', 'Blog'])
          await page.waitForSelector(
            `#resources-table tr[data-resource=${resource}] .status[data-status=CREATE_COMPLETE]`,
          );
        const rows = await page.$$eval('#resources-table tbody tr', (trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('title') || td.textContent)),
        );
        const containers = await containersOf(stack);
        expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
          ['Database', 'OS::Heat::Docker', 'Create Complete'],
          ['Blog', 'OS::Heat::Docker', 'Create Complete'],
        ]);
        expect(rows.map((r) => r[1]).sort()).toEqual(containers.map((c) => c.Id).sort());
        await shoot('resources');

        // Outputs: BlogURL is a link; the blog answers at it.
        await page.click('a[data-tab=outputs]');
        await page.waitForSelector('a[data-output-link=BlogURL]');
        const href = await page.$eval('a[data-output-link=BlogURL]', (a) => a.getAttribute('href') ?? '');
        expect(href).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:80\/$/);
        expect(await page.$eval('a[data-output-link=BlogURL]', (a) => a.getAttribute('rel'))).toBe(
          'noopener noreferrer',
        );
        const blog = await browser.newPage();
        await blog.goto(href);
        expect(await blog.$eval('h1', (h) => h.textContent)).toBe('heatstack wordpress stand-in');
        expect(await blog.$eval('#db-port', (p) => p.textContent)).toBe('DB_PORT=3306');
        await blog.close();

        // The deploy started from the page is in the record `heatstack events` reads.
        const events = await heatstack('events', '--stack', stack);
        expect(events.stdout).toMatch(/Stack CREATE completed successfully/);

        // The list shows it, Create Complete.
        await page.click('a[data-nav=stacks]');
        await page.waitForSelector(`#stacks-table tr[data-stack="${stack}"] .status[data-status=CREATE_COMPLETE]`);
        await shoot('stacks');

        // Delete, confirmed: gone from the page, the list and Docker.
        await page.click(`#stacks-table tr[data-stack="${stack}"] a`);
        await page.waitForSelector('#delete-button');
        await page.click('#delete-button');
        await page.click('#confirm-button');
        await page.waitForSelector('#stack-gone', { timeout: TIMEOUT });
        // Gone: no run is said to hold it, and nothing is offered.
        expect(await page.$('#busy-note')).toBeNull();
        expect(await disabledActions()).toEqual(['update-button', 'suspend-button', 'resume-button', 'delete-button']);
        await page.click('a[data-nav=stacks]');
        await page.waitForSelector('body[data-ready=stacks]');
        expect(await page.$(`#stacks-table tr[data-stack="${stack}"]`)).toBeNull();
        expect(await containersOf(stack)).toEqual([]);
      },
      TIMEOUT * 2,
    );

    test(
      'a broken constraint is shown beside its field, in Heat’s words, and launches nothing',
      async () => {
        const stack = uniqueStack('formerror');
        await page.goto(`${d.url}#/launch`);
        await page.waitForSelector('body[data-ready=launch]');
        await page.select('#source-file', 'file:blog-params.yaml');
        await page.waitForSelector('body[data-ready=launch-form]');
        await page.type('#stack-name', stack);
        const port = await page.$('#param-blog_port');
        await port?.click({ clickCount: 3 });
        await port?.type('70000');
        await page.waitForSelector('.field.invalid[data-field=blog_port]');
        expect(await text('.field-error[data-for=blog_port]')).toBe('70000 is out of range (min: 1, max: 65535)');
        expect(await text('.field-error[data-for=db_password]')).toBe('');
        expect(await page.$eval('#param-db_password', (i) => i.getAttribute('type'))).toBe('password');
        expect(await page.$$eval('#param-flavour option', (os) => os.map((o) => o.textContent))).toEqual([
          'plain',
          'fancy',
        ]);
        await shoot('form-error');
        await page.click('#preview-button');
        await page.waitForFunction("document.querySelector('#preview-box')?.textContent === ''");
        expect(await page.$eval('#launch-button', (b) => b.hasAttribute('disabled'))).toBe(true);
        expect(readdirSync(folders.stateDir).filter((f) => f.startsWith(stack))).toEqual([]);
        expect(await containersOf(stack)).toEqual([]);
      },
      TIMEOUT,
    );

    test(
      'a deploy from the CLI shows up live in an open page',
      async () => {
        const stack = uniqueStack('fromcli');
        stacks.push(stack);
        await page.goto(d.url);
        await page.waitForSelector('body[data-ready=stacks]');
        const template = join(folders.root, 'sleeper.yaml');
        writeFileSync(
          template,
          'heat_template_version: 2016-10-14\nresources:\n  Sleeper:\n    type: DockerInc::Docker::Container\n    properties: {image: heatstack-test/busybox, cmd: [sleep, "300"]}\n',
        );
        expect((await heatstack('deploy', template, '--stack', stack)).code).toBe(0);
        await page.waitForSelector(`#stacks-table tr[data-stack="${stack}"] .status[data-status=CREATE_COMPLETE]`, {
          timeout: 20_000,
        });
        expect((await heatstack('destroy', '--stack', stack)).code).toBe(0);
        await page.waitForFunction(`!document.querySelector('#stacks-table tr[data-stack="${stack}"]')`);
      },
      TIMEOUT,
    );
  });
});
