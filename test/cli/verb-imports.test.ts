import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

// Start-up (issue 15): a verb loads only what it needs. Each module a process loads costs it start-up time (about
// 1 ms of CPU each on Node 20, a few ms for some of Node's own: `docs/app-loader.md`), so what a verb's module
// imports statically — everything loaded before its first line runs — is held to what every run of it uses;
// the rest is loaded where it is used (`import()`, or `loadOnce` for a Node built-in).

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

// A static import or re-export of a value (not `import type`/`export type`, which compile to nothing).
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)';/gm;

/** The modules `entry` (a file under src/) loads before it runs: its static imports, transitively. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(SRC, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) pending.push(resolve(dirname(file), specifier!).replace(/\.js$/, '.ts'));
      else packages.add(specifier!);
    }
  }
  return { files, packages };
}

describe('what a verb loads before it runs', () => {
  test('the graph walk sees static imports and re-exports, and not type-only ones or import()', () => {
    const { files, packages } = staticGraph('cli/main.ts');
    expect([...files].map((f) => f.slice(SRC.length)).sort()).toEqual([
      'cli/closed-output.ts',
      'cli/dispatch-load.ts',
      'cli/main.ts',
      'terminal-text.ts',
    ]);
    expect(packages).toEqual(new Set(['node:module']));
    expect(staticGraph('template/resource-types/index.ts').files).toContain(
      resolve(SRC, 'template/resource-types/docker-container.ts'),
    );
  });

  test('validate loads no Docker client, no YAML library, and none of Node’s network, crypto or process modules', () => {
    const { packages } = staticGraph('cli/validate.ts');
    expect([...packages].sort()).toEqual(['node:buffer', 'node:fs', 'node:module', 'node:path', 'node:util']);
  });

  test('synth loads no Docker client, compiler, YAML library or file watcher, and no loader thread, before it runs', () => {
    // node:crypto hashes the compile cache's keys on every run; node:vm tells a CommonJS-compatible app
    const { packages } = staticGraph('cli/synth.ts');
    expect([...packages].sort()).toEqual([
      'node:crypto',
      'node:fs',
      'node:module',
      'node:os',
      'node:path',
      'node:url',
      'node:util',
      'node:vm',
    ]);
  });

  test('deploy and diff load none of what only a change, a failure or a composite needs, before they run', () => {
    // A deploy that changes nothing runs parse, validate, the planner and one list call: the handlers (create,
    // update, logs), the rollback, destroy/suspend/check and the expansion of groups and nested stacks load when
    // used (`docs/convergence.md`).
    const notBefore = [
      'deploy/docker/container-handler.ts',
      'deploy/docker/observe.ts',
      'deploy/engine/rollback.ts',
      'deploy/engine/lifecycle.ts',
      'deploy/engine/check.ts',
      'deploy/expand/index.ts',
      'deploy/expand/nested-stack.ts',
      'deploy/expand/resource-group.ts',
    ].map((f) => resolve(SRC, f));
    for (const verb of ['cli/deploy.ts', 'cli/diff.ts']) {
      const { files, packages } = staticGraph(verb);
      expect(notBefore.filter((f) => files.has(f)).map((f) => f.slice(SRC.length))).toEqual([]);
      expect([...packages].filter((p) => !p.startsWith('node:'))).toEqual([]);
    }
  });
});
