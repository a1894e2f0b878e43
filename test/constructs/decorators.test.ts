import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { output, parameter } from '../../src/constructs/decorators.js';
import { loadAppFile, synthesize } from '../../src/synth/index.js';
import { emitTemplate } from '../../src/template/emit/index.js';
import { heatstack } from '../support/cli.js';

/**
 * Parameters and outputs declared as members (`@parameter`, `@output`): the Heat type from the member's TypeScript
 * type (`design:type`, through reflect-metadata), the field reading as the parameter's token, the getter as the
 * output's value — the same template as the constructor style.
 */

const APPS = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));

async function templateOf(app: string, dialect: 'cfn' | 'hot'): Promise<string> {
  const [stack] = synthesize(await loadAppFile(join(APPS, app)), { dialect });
  return emitTemplate(stack!.template, { dialect, format: 'yaml' });
}

describe('decorated stack members', () => {
  it('a decorated stack and its constructor-style twin synthesize the same bytes, in both dialects', async () => {
    for (const dialect of ['cfn', 'hot'] as const) {
      const decorated = await templateOf('decorated-blog.ts', dialect);
      expect(decorated).toBe(await templateOf('constructor-blog.ts', dialect));
      expect(decorated).toContain(dialect === 'cfn' ? 'Type: CommaDelimitedList' : 'type: comma_delimited_list');
    }
  });

  it('takes the type from the member: string, number, string[] (comma_delimited_list), boolean', async () => {
    const text = await templateOf('decorated-blog.ts', 'hot');
    expect(text).toMatch(/DbPassword:\n {4}type: string\n/);
    expect(text).toMatch(/HostPort:\n {4}type: number\n/);
    expect(text).toMatch(/DnsServers:\n {4}type: comma_delimited_list\n/);
    expect(text).toMatch(/Debug:\n {4}type: boolean\n/);
  });

  it('a member whose type is a union is a synth error naming it, its class and its line; an explicit type wins', async () => {
    const { code, stderr } = await heatstack('synth', join(APPS, 'decorated-union.ts'));
    expect(code).toBe(1);
    // The line of its decorator (exact through the CLI, where source maps apply: test/cli/synth.test.ts).
    expect(stderr).toMatch(
      /Site\/Mode \(created at test\/fixtures\/apps\/decorated-union\.ts:\d+:\d+\): the parameter member Site\.mode has a type heatstack cannot tell \(a union, or no type\)/,
    );
    expect(stderr).not.toContain('Site.settings');
    expect(stderr).not.toContain('unknown location');
  });

  it("an output member's synth error names the line of its decorator", async () => {
    const { stderr } = await heatstack('synth', join(APPS, 'decorated-union.ts'));
    expect(stderr).toMatch(
      /Site\/Started \(created at test\/fixtures\/apps\/decorated-union\.ts:\d+:\d+\): Value: a Date cannot go into a template/,
    );
  });

  it('@output on a member that is no getter is an error naming the class, the member and the line', () => {
    const decorate = output();
    const line = Number(/:(\d+):\d+$/.exec(String(new Error().stack?.split('\n')[1]))?.[1]) - 1;
    class Blog {}
    expect(() => decorate(Blog.prototype, 'url', { value: 'x' })).toThrow(
      new RegExp(
        `@output on Blog\\.url \\(at test/constructs/decorators\\.test\\.ts:${line}:\\d+\\): put it on a getter`,
      ),
    );
  });

  it('called as a standard (TC39) decorator, says to use the legacy ones', () => {
    const context = { kind: 'field', name: 'dbPassword' };
    expect(() => parameter()(undefined, context)).toThrow(
      /@parameter is a legacy decorator: set "experimentalDecorators"/,
    );
    expect(() => output()(() => 'x', { kind: 'getter', name: 'url' })).toThrow(/@output is a legacy decorator/);
  });

  it('a decorated stack in a file the app imports has its metadata too, and nothing is left beside either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heatstack-decorators-'));
    try {
      const stack = readFileSync(join(APPS, 'decorated-blog.ts'), 'utf8').replace(/\nconst app = [\s\S]*$/, '\n');
      writeFileSync(join(dir, 'blog-stack.ts'), stack);
      writeFileSync(
        join(dir, 'app.ts'),
        "import { App } from 'heatstack';\nimport { Blog } from './blog-stack.js';\n\nconst app = new App();\nnew Blog(app, 'Blog');\nexport default app;\n",
      );
      const [synthesized] = synthesize(await loadAppFile(join(dir, 'app.ts')), { dialect: 'hot' });
      const text = emitTemplate(synthesized!.template, { dialect: 'hot', format: 'yaml' });
      expect(text).toBe(await templateOf('constructor-blog.ts', 'hot'));
      expect(readdirSync(dir).sort()).toEqual(['app.ts', 'blog-stack.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
