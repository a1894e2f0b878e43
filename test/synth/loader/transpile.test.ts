import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cachedOutput } from '../../../src/synth/loader/cache.js';
import { DECORATOR_METADATA } from '../../../src/synth/loader/decorator-metadata.js';
import {
  NODE_STRIP_TYPES,
  STRIP_TYPES,
  TRANSPILERS,
  type Transpiler,
  transpile,
} from '../../../src/synth/loader/transpile.js';

let before: string | undefined;
let dir: string;
beforeEach(() => {
  before = process.env.HEATSTACK_CACHE_DIR;
  dir = mkdtempSync(join(tmpdir(), 'heatstack-cache-'));
  process.env.HEATSTACK_CACHE_DIR = dir;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (before === undefined) delete process.env.HEATSTACK_CACHE_DIR;
  else process.env.HEATSTACK_CACHE_DIR = before;
});

describe('transpile', () => {
  test('types are stripped and every line stays where it was', () => {
    const source = 'interface A {\n  a: string;\n}\nconst x: A = { a: "1" };\nexport const y = x.a as string;\n';
    const out = transpile('/p/app.ts', source, 'module');
    const lines = out.split('\n');
    expect(lines[3]).toMatch(/^const x\s*= \{ a: "1" \};$/);
    expect(lines[4]).toMatch(/^export const y = x\.a\s*;$/);
    expect(out).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
  });

  test('CommonJS output requires what the module imported', () => {
    const out = transpile('/p/app.ts', "import { App } from 'heatstack';\nexport default new App();\n", 'commonjs');
    expect(out).toContain("require('heatstack')");
    expect(out).toMatch(/exports\. ?default = /);
  });

  test('the output is cached by content: the same text is compiled once, a changed text again', () => {
    let compiled = 0;
    const produce = () => `${++compiled}`;
    expect(cachedOutput(['t', 'module', '/p/a.ts', 'one'], produce)).toBe('1');
    expect(cachedOutput(['t', 'module', '/p/a.ts', 'one'], produce)).toBe('1');
    expect(cachedOutput(['t', 'module', '/p/a.ts', 'two'], produce)).toBe('2');
    expect(readdirSync(dir)).toHaveLength(2);
  });

  test('a cache folder that cannot be written costs the compile, and is no error', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    process.env.HEATSTACK_CACHE_DIR = join(file, 'cache'); // a folder inside a file: never creatable
    expect(transpile('/p/app.ts', 'export const a: number = 1;\n', 'module')).toMatch(/^export const a\s*= 1;/);
  });

  test('a transpiler put before STRIP_TYPES compiles the files it claims, and only those', () => {
    const slow: Transpiler = {
      id: 'decorators-test',
      claims: (_file, source) => source.includes('@decorated'),
      compile: () => 'compiled by the slow path',
    };
    TRANSPILERS.unshift(slow);
    try {
      expect(transpile('/p/a.ts', '@decorated class A {}\n', 'module')).toBe('compiled by the slow path');
      expect(transpile('/p/b.ts', 'class B {}\n', 'module')).toContain('class B {}');
    } finally {
      TRANSPILERS.splice(TRANSPILERS.indexOf(slow), 1);
    }
    expect(TRANSPILERS).toEqual([DECORATOR_METADATA, NODE_STRIP_TYPES, STRIP_TYPES]);
  });

  test('a file with @parameter/@output members is compiled with decorator metadata; any other is not', () => {
    const decorated = 'class A {\n  @parameter() x!: string;\n}\n';
    expect(TRANSPILERS.find((t) => t.claims('/p/a.ts', decorated))).toBe(DECORATOR_METADATA);
    expect(TRANSPILERS.find((t) => t.claims('/p/b.ts', 'class B {\n  x!: string;\n}\n'))).not.toBe(DECORATOR_METADATA);
    const out = transpile('/p/a.ts', `declare const parameter: () => PropertyDecorator;\n${decorated}`, 'module');
    expect(out).toContain('__metadata("design:type", String)');
    expect(out).toMatch(/^import "file:\/\/\/.*reflect-metadata/m);
    expect(transpile('/p/a.ts', decorated, 'commonjs')).toMatch(/require\("\/.*reflect-metadata/);
  });

  test('a decorated file requires reflect-metadata before its decorators run, in CommonJS as in an ES module', () => {
    // GIVEN a decorated member (CommonJS keeps a require where its import was: at the end it came too late)
    const decorated = "import { parameter } from 'heatstack';\nclass A {\n  @parameter() x!: string;\n}\n";
    for (const format of ['commonjs', 'module'] as const) {
      // WHEN
      const out = transpile('/p/a.ts', decorated, format);
      // THEN reflect-metadata is loaded before the decorators run
      const reflect = out.search(/(?:require\(|import )"[^"]*reflect-metadata/);
      expect(reflect).toBeGreaterThan(-1);
      expect(reflect).toBeLessThan(out.indexOf('__decorate(['));
    }
  });

  describe('where Node strips types itself (module.stripTypeScriptTypes, Node 22.13+; here a stand-in)', () => {
    const calls: string[] = [];
    const node = Module as { stripTypeScriptTypes?: (code: string) => string };
    const own = node.stripTypeScriptTypes;
    beforeEach(() => {
      calls.length = 0;
      node.stripTypeScriptTypes = (code) => {
        calls.push(code);
        if (code.includes('enum')) throw new Error('TypeScript enum is not supported in strip-only mode');
        return code.replace(': string', '        ');
      };
    });
    afterEach(() => {
      node.stripTypeScriptTypes = own;
    });

    test("an ES module's types are stripped by Node, in place", () => {
      expect(transpile('/p/a.ts', 'export const a: string = "x";\n', 'module')).toBe('export const a         = "x";\n');
      expect(calls).toHaveLength(1);
    });

    test('what is more than types, and CommonJS, is compiled by sucrase', () => {
      expect(transpile('/p/e.ts', 'export enum E { A }\n', 'module')).toMatch(/^export var E; \(function \(E\)/);
      expect(transpile('/p/c.ts', "import { a } from './a';\nexport const b: string = a;\n", 'commonjs')).toContain(
        "require('./a')",
      );
      expect(calls).toHaveLength(1);
    });
  });
});
