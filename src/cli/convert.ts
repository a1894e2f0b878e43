import { writeFileSync } from 'node:fs';
import { HeatstackError, UsageError } from '../errors.js';
import { formatDiagnostic } from '../template/diagnostics.js';
import { emitTemplate, TemplateEmitError } from '../template/emit/index.js';
import { rewriteForHot } from '../template/functions/hot-rewrites.js';
import { type Call, type Dialect, type Expr, type Format, isCall, type Template } from '../template/model.js';
import { type ParseResult, parseTemplateFile } from '../template/parse/index.js';
import { showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';
import { readFailure } from './validate.js';

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
  const result = readSource(parsed.file, name);
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d, name)}\n`);
  if (result.template === undefined || result.diagnostics.some((d) => d.severity === 'error')) return 1;
  const template =
    parsed.dialect === 'hot' && result.template.version.dialect === 'cfn'
      ? rewriteForHot(result.template)
      : result.template;
  const text = emitOrExplain(template, parsed.dialect, parsed.format ?? result.format);
  if (parsed.out === undefined) process.stdout.write(text);
  else writeOutput(parsed.out, text);
  return 0;
}

function emitOrExplain(template: Template, dialect: Dialect, format: Format): string {
  try {
    return emitTemplate(template, { dialect, format });
  } catch (e) {
    if (!(e instanceof TemplateEmitError) || dialect !== 'hot') throw e;
    throw new HeatstackError(`${e.message}${hotHint(template)}`);
  }
}

/** Why no HOT version fits, for the CFN-only functions HOT dropped, and what to write instead. */
function hotHint(template: Template): string {
  const used = new Set(callsIn(template).map((c) => c.fn));
  const hints: string[] = [];
  if (used.has('select') && Object.keys(template.conditions).length > 0) {
    hints.push(
      'Fn::Select exists only up to HOT 2015-04-30 and conditions only from 2016-10-14: write str_split with an index ' +
        '(instead of Fn::Select of Fn::Split), a get_attr path (instead of Fn::Select of Fn::GetAtt; note it gives ' +
        'null, not "", out of range), or a yaql expression — heatstack rewrites only index 0 or -1 of Fn::Split, ' +
        'the cases whose meaning is exactly the same',
    );
  }
  if (used.has('base64')) {
    hints.push(
      'Fn::Base64 exists only in HOT 2013-05-23; heatstack writes its argument itself (Heat returns it unchanged) ' +
        'only when that argument is always a string — for anything else, write the argument without Fn::Base64',
    );
  }
  return hints.length === 0 ? '' : `\n${hints.map((h) => `  hint: ${h}`).join('\n')}`;
}

function callsIn(template: Template): Call[] {
  const found: Call[] = [];
  const stack: Expr[] = [
    ...Object.values(template.resources).flatMap((r) => [r.properties, r.metadata ?? null]),
    ...Object.values(template.outputs).map((o) => o.value),
    ...Object.values(template.conditions),
  ];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) found.push(e);
    stack.push(...(isCall(e) ? e.args : Array.isArray(e) ? e : Object.values(e)));
  }
  return found;
}

function readSource(file: string, name: string): ParseResult {
  try {
    return parseTemplateFile(file === '-' ? 0 : file, { fileName: name });
  } catch (e) {
    if (e instanceof HeatstackError) throw e;
    throw new HeatstackError(`cannot read ${file}: ${readFailure(e)}`);
  }
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new HeatstackError(`cannot write ${file}: ${readFailure(e)}`);
  }
}

function parseCommandLine(args: string[]): ConvertArgs | 'help' {
  const { values, positionals } = parseVerbArgs(
    args,
    { dialect: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' } },
    USAGE,
    true,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(
      `convert: ${positionals.length === 0 ? 'name the template FILE' : 'give one FILE'}\n\n${USAGE}`,
    );
  }
  const dialect = values.dialect;
  if (dialect !== 'cfn' && dialect !== 'hot') {
    throw new UsageError(
      `convert: --dialect must be cfn or hot${dialect === undefined ? '' : `, not "${showText(dialect)}"`}`,
    );
  }
  const format = values.format;
  if (format !== undefined && format !== 'yaml' && format !== 'json') {
    throw new UsageError(`convert: --format must be yaml or json, not "${showText(format)}"`);
  }
  return {
    file: positionals[0] as string,
    dialect,
    ...(format !== undefined ? { format } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}
