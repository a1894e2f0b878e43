/**
 * Copies the built declarations (`dist/**\/*.d.ts`) to `dist/cjs/`, beside a `package.json` of `"type": "commonjs"`,
 * for the `require` condition of the package's `exports`. TypeScript reads a declaration's module format from the
 * nearest package.json: under `module: node16`, a CommonJS project may not import the ESM declarations, even though
 * Node (20.19 on) loads the ES module with `require`. The same text in a CommonJS folder describes that module.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DIST = 'dist';
const CJS = join(DIST, 'cjs');

rmSync(CJS, { recursive: true, force: true });
for (const file of readdirSync(DIST, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  mkdirSync(dirname(join(CJS, file)), { recursive: true });
  cpSync(join(DIST, file), join(CJS, file));
}
writeFileSync(join(CJS, 'package.json'), '{ "type": "commonjs" }\n');
