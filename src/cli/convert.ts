import { writeFileSync } from 'node:fs';
import { HeatstackError, UsageError } from '../errors.js';
import { formatDiagnostic } from '../template/diagnostics.js';
import { emitTemplate, type TemplateEmitError } from '../template/emit/index.js';
import {
  blockerMessage,
  blockerName,
  blockerPath,
  chooseVersionOf,
  VersionChoiceError,
} from '../template/emit/version-choice.js';
import { writtenSizeProblem } from '../template/emit/written-size.js';
import { rewriteForHot } from '../template/functions/hot-rewrites.js';
import type { Dialect, Format, SourcePosition, Template, TemplateVersion } from '../template/model.js';
import { limitsFromEnvironment, type ParseResult, parseTemplateFile } from '../template/parse/index.js';
import { parentPath } from '../template/validate/report.js';
import { showText } from '../terminal-text.js';
import { refuseAppFile } from './app-file.js';
import { parseVerbArgs } from './args.js';
import { hotVersionOption, versionNote } from './hot-version.js';
import { readFailure } from './validate.js';

const USAGE = `Usage: heatstack convert FILE --dialect cfn|hot [options]

Reads a Heat template (YAML or JSON, CFN or HOT dialect; FILE "-" reads standard input) and prints it in the
other dialect or format, in the newest version that can express it (a note on standard error says when that is
not the dialect's default). A template with errors is not converted: its problems are printed as
file:line:col: message (at path). Exit code 0: converted, 1: the template has errors or cannot be expressed in
the target, 2: bad usage.

Options:
  --dialect cfn|hot     the dialect to write (required)
  --hot-version V       with --dialect hot: write this heat_template_version (a date or a release name)
  --format yaml|json    the format to write (default: the input's)
  -o, --out FILE        write to FILE instead of standard output
  -h, --help            show this help`;

interface ConvertArgs {
  readonly file: string;
  readonly dialect: Dialect;
  readonly hotVersion?: TemplateVersion;
  readonly format?: Format;
  readonly out?: string;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  refuseAppFile('convert', parsed.file, 'synthesizes its templates', `heatstack convert - --dialect ${parsed.dialect}`);
  const name = parsed.file === '-' ? '<stdin>' : parsed.file;
  const result = readSource(parsed.file, name);
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d, name)}\n`);
  if (result.template === undefined || result.diagnostics.some((d) => d.severity === 'error')) return 1;
  const source = result.template;
  // A template keeps its version in its own dialect; converted (or given a version), it gets the newest that fits.
  const keep = parsed.hotVersion === undefined && source.version.dialect === parsed.dialect;
  let template = source;
  let version: TemplateVersion | 'keep' = 'keep';
  if (!keep) {
    // The rewritten form where a version can hold it, else the template as written (HOT 2013-05-23 has Fn::Select).
    const forms = parsed.dialect === 'hot' ? [rewriteForHot(source), source] : [source];
    try {
      const choice = chooseVersionOf(forms, parsed.dialect, parsed.hotVersion);
      ({ template, version } = choice);
      if (choice.blocker !== undefined && parsed.hotVersion === undefined) {
        const at = blockerPath(choice.blocker, template);
        process.stderr.write(versionNote(version, `${blockerName(choice.blocker, template)} at ${at} needs it`));
      }
    } catch (e) {
      if (!(e instanceof VersionChoiceError)) throw e;
      process.stderr.write(`${name}: ${e.message.split(': ')[0]}:\n`);
      for (const b of e.blockers)
        process.stderr.write(`${blockerLine(b, forms[0] as Template, name, result.positionOf)}\n`);
      return 1;
    }
  }
  const tooLarge = writtenSizeProblem(template, limitsFromEnvironment());
  if (tooLarge !== undefined) {
    process.stderr.write(`${showText(name)}: ${tooLarge}\n`);
    return 1;
  }
  const text = emitTemplate(template, { dialect: parsed.dialect, format: parsed.format ?? result.format, version });
  if (parsed.out === undefined) process.stdout.write(text);
  else writeOutput(parsed.out, text);
  return 0;
}

/** `file:line:col: what cannot be written, why, and what to write instead (at path)`, at the source's position. */
function blockerLine(
  blocker: TemplateEmitError,
  template: Template,
  file: string,
  positionOf: (path: string) => SourcePosition | undefined,
): string {
  const path = blockerPath(blocker, template);
  let position: SourcePosition | undefined;
  for (let p = path; position === undefined && p !== ''; p = parentPath(p)) position = positionOf(p);
  const message = blockerMessage(blocker);
  return formatDiagnostic({ path, message, severity: 'error', ...(position && { position }) }, file);
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
    {
      dialect: { type: 'string' },
      'hot-version': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
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
  const hotVersion = hotVersionOption('convert', values['hot-version'], dialect);
  return {
    file: positionals[0] as string,
    dialect,
    ...(hotVersion !== undefined ? { hotVersion } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}
