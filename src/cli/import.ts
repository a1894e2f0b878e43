import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HeatstackError, UsageError } from '../errors.js';
import type { ImportOptions, ImportReport, ImportResult } from '../import/index.js';
import { showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { readFailure } from './validate.js';

const USAGE = `Usage: heatstack import TEMPLATE [options]

Turns a Heat template (YAML or JSON, CFN or HOT dialect) into a TypeScript app: one Stack subclass whose
parameters, resources and outputs are heatstack's constructs, ready for \`heatstack synth\`. A template with errors
is not imported (its problems are printed), nor one whose resources refer to each other in a cycle.
Exit code 0: imported (with --check: the app synthesizes the template again), 1: the template has errors, or
--check found a difference, 2: bad usage.

Options:
  -o, --out FILE     write the code to FILE instead of standard output (a FILE that exists is refused)
  --force            with -o: replace FILE if it exists
  --class NAME       the stack class's name (default: the file's name in PascalCase + Stack)
  --decorators       write parameters and outputs as decorated members (@parameter, @output)
  --check            import, synthesize the code in memory, and print every difference from the template
  --json             print a report instead: each construct made, each place left as Fn.call or an override
  -h, --help         show this help`;

interface ImportArgs {
  readonly file: string;
  readonly out?: string;
  readonly force: boolean;
  readonly className?: string;
  readonly decorators: boolean;
  readonly check: boolean;
  readonly json: boolean;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (parsed !== 'help') return importFile(parsed);
  process.stdout.write(`${USAGE}\n`);
  return 0;
}

async function importFile(parsed: ImportArgs): Promise<number> {
  if (parsed.out !== undefined && !parsed.force) refuseExisting(parsed.out);
  const text = onFile('read', parsed.file, () => readFileSync(parsed.file));
  const options = {
    file: parsed.file,
    templateDir: dirname(parsed.file),
    decorators: parsed.decorators,
    ...(parsed.className && { className: parsed.className }),
  };
  if (parsed.check) return check(text, parsed, options);
  const { importTemplate } = await import('../import/index.js');
  const result = importTemplate(text, options);
  if (parsed.out !== undefined) writeCode(parsed.out, result.source, parsed.force);
  if (parsed.json) process.stdout.write(`${JSON.stringify(jsonReport(parsed, result), null, 2)}\n`);
  else if (parsed.out === undefined) process.stdout.write(result.source);
  if (!parsed.json) process.stderr.write(summary(result.report, parsed.out));
  return 0;
}

async function check(text: Buffer, parsed: ImportArgs, options: ImportOptions): Promise<number> {
  const { checkRoundTrip } = await import('../import/check.js');
  const result = await checkRoundTrip(text, options);
  if (parsed.out !== undefined) writeCode(parsed.out, result.imported.source, parsed.force);
  const verdict = result.identical ? 'byte-identical' : result.differences.length === 0 ? 'same model' : 'different';
  if (parsed.json) {
    const report = { ...jsonReport(parsed, result.imported), check: { verdict, differences: result.differences } };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (result.differences.length === 0) {
    const how = result.identical ? 'byte for byte' : 'as Heat reads it (same model)';
    process.stdout.write(`${showText(parsed.file)}: the imported app synthesizes the template again, ${how}\n`);
  } else {
    process.stdout.write(`${showText(parsed.file)}: the imported app synthesizes another template:\n`);
    for (const d of result.differences) process.stdout.write(`  ${showText(d)}\n`);
  }
  return result.differences.length === 0 ? 0 : 1;
}

function jsonReport(parsed: ImportArgs, result: ImportResult): Record<string, unknown> {
  return { file: parsed.file, ...result.report, ...(parsed.out === undefined && { source: result.source }) };
}

/** One line, then what stayed raw or was left out, each with its template path (on standard error). */
function summary(report: ImportReport, out: string | undefined): string {
  const lines = [
    `${out === undefined ? 'imported' : `wrote ${showText(out)}`}: ${report.constructs.length} constructs, ` +
      `${report.raw.length} place${report.raw.length === 1 ? '' : 's'} left as Fn.call or an override`,
    ...report.raw.map((r) => `  ${showText(r.path)}: ${r.fn === 'override' ? 'addOverride' : `Fn.call('${r.fn}')`}`),
    ...report.dropped.map((d) => `  ${showText(d.path)}: not carried over (${d.what})`),
  ];
  if (report.reordered) lines.push('  resources are declared in dependency order, not the template’s');
  return `${lines.join('\n')}\n`;
}

/** `-o FILE` names a file that exists (an app written by hand, perhaps): it is refused before anything is done. */
function refuseExisting(file: string): void {
  if (existsSync(file))
    throw new HeatstackError(`import: ${showText(file)} exists: not replaced (give --force to replace it)`);
}

/** The code written to `-o FILE`, its folder made first (`-o stacks/blog.ts` in a new project); never over a file made meanwhile unless forced. */
function writeCode(file: string, code: string, force: boolean): void {
  onFile('write', file, () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code, { flag: force ? 'w' : 'wx' });
  });
}

/** A file read or written, a failure said in words (`cannot read x.yml: no such file`). */
function onFile<T>(verb: 'read' | 'write', file: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw new HeatstackError(`cannot ${verb} ${file}: ${readFailure(e)}`);
  }
}

function parseCommandLine(args: string[]): ImportArgs | 'help' {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      class: { type: 'string' },
      decorators: { type: 'boolean' },
      check: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    USAGE,
    true,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(`import: ${positionals.length === 0 ? 'name the TEMPLATE' : 'give one TEMPLATE'}\n\n${USAGE}`);
  }
  const className = values.class;
  if (className !== undefined && !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(className)) {
    throw new UsageError(`import: --class must be a TypeScript class name, not "${showText(className)}"`);
  }
  return {
    file: positionals[0]!,
    ...(values.out !== undefined && { out: values.out }),
    force: values.force === true,
    ...(className !== undefined && { className }),
    decorators: values.decorators === true,
    check: values.check === true,
    json: values.json === true,
  };
}
