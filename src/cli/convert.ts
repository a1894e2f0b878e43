import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HeatstackError, UsageError } from '../errors.js';
import { formatDiagnostic } from '../template/diagnostics.js';
import { emitTemplate } from '../template/emit/index.js';
import type { Dialect, Format } from '../template/model.js';
import { parseTemplate } from '../template/parse/index.js';

const USAGE = `Usage: heatstack convert FILE --dialect cfn|hot [options]

Reads a Heat template (YAML or JSON, CFN or HOT dialect; FILE "-" reads standard input) and prints it in the
other dialect or format. A template with errors is not converted: its problems are printed as
file:line:col: message (at path). Exit code 0: converted, 1: the template has errors or cannot be expressed in
the target, 2: bad usage.

Options:
  --dialect cfn|hot     the dialect to write (required)
  --format yaml|json    the format to write (default: the input's)
  -o, --out FILE        write to FILE instead of standard output
  -h, --help            show this help`;

interface ConvertArgs {
  readonly file: string;
  readonly dialect: Dialect;
  readonly format?: Format;
  readonly out?: string;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const name = parsed.file === '-' ? '<stdin>' : parsed.file;
  const result = parseTemplate(readSource(parsed.file), { fileName: name });
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d, name)}\n`);
  if (result.template === undefined || result.diagnostics.some((d) => d.severity === 'error')) return 1;
  const text = emitTemplate(result.template, { dialect: parsed.dialect, format: parsed.format ?? result.format });
  if (parsed.out === undefined) process.stdout.write(text);
  else writeOutput(parsed.out, text);
  return 0;
}

function readSource(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new HeatstackError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new HeatstackError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function parseCommandLine(args: string[]): ConvertArgs | 'help' {
  let values: { dialect?: string; format?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        dialect: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`convert: ${(e as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(
      `convert: ${positionals.length === 0 ? 'name the template FILE' : 'give one FILE'}\n\n${USAGE}`,
    );
  }
  const dialect = values.dialect;
  if (dialect !== 'cfn' && dialect !== 'hot') {
    throw new UsageError(`convert: --dialect must be cfn or hot${dialect === undefined ? '' : `, not "${dialect}"`}`);
  }
  const format = values.format;
  if (format !== undefined && format !== 'yaml' && format !== 'json') {
    throw new UsageError(`convert: --format must be yaml or json, not "${format}"`);
  }
  return {
    file: positionals[0] as string,
    dialect,
    ...(format !== undefined ? { format } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}
