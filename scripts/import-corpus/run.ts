import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRoundTrip } from '../../src/import/check.js';
import { parseTemplate } from '../../src/template/parse/index.js';

/**
 * heatstack import over a folder of templates (`extract.py` writes Heat's own): how many heatstack reads, how many
 * import, import with no `Fn.call`, round-trip with `--check`, and (with `--compile`) compile under strict tsc.
 * `node --import tsx scripts/import-corpus/run.ts DIR [--compile] [--verbose]`.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const [dir, ...flags] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: run.ts DIR [--compile] [--verbose]');
const verbose = flags.includes('--verbose');
const counts = { templates: 0, read: 0, imported: 0, noRaw: 0, noOverride: 0, roundTrip: 0, both: 0, identical: 0 };
const failures = new Map<string, number>();
const out = mkdtempSync(join(ROOT, 'scripts/import-corpus/imported-'));
const written: string[] = [];

function fail(why: string, file: string): void {
  const key = why.replace(/[A-Za-z0-9_.:-]*\.(yaml|json): /, '').slice(0, 90);
  failures.set(key, (failures.get(key) ?? 0) + 1);
  if (verbose) console.log(`${file}: ${why}`);
}

try {
  for (const name of readdirSync(dir).sort()) {
    counts.templates++;
    const text = readFileSync(join(dir, name));
    const parsed = parseTemplate(text);
    if (parsed.template === undefined || parsed.diagnostics.some((d) => d.severity === 'error')) {
      fail('not read by heatstack (parse errors)', name);
      continue;
    }
    counts.read++;
    try {
      const result = await checkRoundTrip(text, { file: name });
      counts.imported++;
      const calls = result.imported.report.raw.filter((r) => r.fn !== 'override');
      if (calls.length === 0) counts.noRaw++;
      if (result.imported.report.raw.length === 0) counts.noOverride++;
      if (result.identical) counts.identical++;
      if (result.differences.length === 0) counts.roundTrip++;
      else fail(`difference: ${result.differences[0]}`, name);
      if (result.differences.length === 0 && calls.length === 0) counts.both++;
      const file = join(out, `t${written.length}.ts`);
      writeFileSync(file, result.imported.source);
      written.push(file);
    } catch (e) {
      fail((e as Error).message.split('\n')[0]!, name);
    }
  }
  let compiled = '';
  if (flags.includes('--compile')) {
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', out], { cwd: ROOT, encoding: 'utf8' });
    const bad = new Set([...tsc.stdout.matchAll(/(t\d+\.ts)\(/g)].map((m) => m[1]));
    compiled = `compile under strict tsc: ${written.length - bad.size} of ${written.length} imported\n`;
    if (verbose) console.log(tsc.stdout);
  }
  const pct = (n: number) => `${n} (${((100 * n) / counts.read).toFixed(1)}% of those read)`;
  process.stdout.write(
    `templates: ${counts.templates}; read by heatstack: ${counts.read}\n` +
      `imported: ${pct(counts.imported)}\n` +
      `imported without any Fn.call: ${pct(counts.noRaw)}; without Fn.call or addOverride: ${pct(counts.noOverride)}\n` +
      `--check round trip: ${pct(counts.roundTrip)} (byte-identical: ${counts.identical})\n` +
      `no Fn.call and round trip: ${pct(counts.both)}\n${compiled}` +
      'why not:\n' +
      [...failures]
        .sort((a, b) => b[1] - a[1])
        .map(([why, n]) => `  ${n}  ${why}\n`)
        .join(''),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
