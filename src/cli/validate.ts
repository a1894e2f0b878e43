import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HeatstackError, UsageError } from '../errors.js';
import { type Diagnostic, formatDiagnostic } from '../template/diagnostics.js';
import { type ParseResult, parseTemplateFile } from '../template/parse/index.js';
import { yamlLibrary } from '../template/parse/yaml-library.js';
import { validateTemplate } from '../template/validate/index.js';
import { showText } from '../terminal-text.js';
import { refuseAppFile } from './app-file.js';
import { parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack validate FILE [options]

Checks a Heat template (YAML or JSON, CFN or HOT dialect; FILE "-" reads standard input) and prints every problem
as file:line:col: message (at path). An app is checked by \`heatstack synth\`. Exit code 0: valid, 1: invalid,
2: bad usage.

Options:
  -P, --parameter KEY=VALUE   a parameter value, checked against its type and constraints (repeatable;
                              "K1=V1;K2=V2" gives several)
  --parameter-file F          parameter values from a YAML/JSON file: a map, or a Heat environment file with a
                              "parameters" map; KEY=FILE instead reads FILE as the value of KEY (repeatable)
  --json                      print { valid, diagnostics: [{ path, line, column, message, severity }] }
  -h, --help                  show this help`;

interface ValidateArgs {
  readonly file: string;
  readonly parameters?: Record<string, string>;
  readonly json: boolean;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  refuseAppFile('validate', parsed.file, 'synthesizes and checks its templates', 'heatstack validate -');
  const diagnostics = inSourceOrder(await validateFile(parsed.file, parsed.parameters));
  const valid = !diagnostics.some((d) => d.severity === 'error');
  const name = parsed.file === '-' ? STDIN : parsed.file;
  process.stdout.write(parsed.json ? `${jsonReport(valid, diagnostics)}\n` : textReport(name, valid, diagnostics));
  return valid ? 0 : 1;
}

/** How a template read from standard input (FILE "-") is named in what is printed. */
const STDIN = '<stdin>';

/**
 * Parses and validates one template file ("-": standard input): the parser's diagnostics, then (when it gave a
 * model) the semantic ones.
 */
export async function validateFile(file: string, parameters?: Record<string, string>): Promise<Diagnostic[]> {
  let result: ParseResult;
  try {
    result = file === '-' ? parseTemplateFile(0, { fileName: STDIN }) : parseTemplateFile(file, { fileName: file });
  } catch (e) {
    if (e instanceof HeatstackError) throw e;
    throw new HeatstackError(`cannot read ${file}: ${readFailure(e)}`);
  }
  const diagnostics = [...result.diagnostics];
  if (result.template !== undefined) {
    const options = {
      positionOf: (p: string) => result.positionOf(p),
      templateDir: file === '-' ? '.' : dirname(file),
      ...(parameters !== undefined ? { parameters } : {}),
    };
    // A problem both the parser and the validator see (an invalid condition definition) is shown once.
    const seen = new Set(diagnostics.map(identity));
    for (const d of validateTemplate(result.template, options)) if (!seen.has(identity(d))) diagnostics.push(d);
  }
  return diagnostics;
}

function identity(d: Diagnostic): string {
  return `${d.severity}\0${d.path}\0${d.message}`;
}

/** By line and column (stable: problems at one place keep their order); problems without a position last. */
function inSourceOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => (d.position ? d.position.line * 1e6 + d.position.column : Number.MAX_SAFE_INTEGER);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => key(a.d) - key(b.d) || a.i - b.i)
    .map(({ d }) => d);
}

function textReport(file: string, valid: boolean, diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => formatDiagnostic(d, file));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const summary = valid
    ? `${file}: valid${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`
    : `${file}: invalid (${plural(errors, 'error')}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''})`;
  return `${[...lines, summary].join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function jsonReport(valid: boolean, diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    {
      valid,
      diagnostics: diagnostics.map((d) => ({
        path: d.path,
        line: d.position?.line ?? null,
        column: d.position?.column ?? null,
        message: d.message,
        severity: d.severity,
      })),
    },
    null,
    2,
  );
}

function parseCommandLine(args: string[]): ValidateArgs | 'help' {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      parameter: { type: 'string', short: 'P', multiple: true },
      'parameter-file': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    USAGE,
    true,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(
      `${positionals.length === 0 ? 'a template FILE is required' : 'give one template FILE'}\n\n${USAGE}`,
    );
  }
  const given = values.parameter !== undefined || values['parameter-file'] !== undefined;
  const parameters: Record<string, string> = {};
  for (const f of values['parameter-file'] ?? []) Object.assign(parameters, parameterFile(f));
  for (const p of values.parameter ?? []) Object.assign(parameters, keyValues(p));
  return { file: positionals[0] as string, json: values.json ?? false, ...(given ? { parameters } : {}) };
}

/** `KEY=VALUE`, or several separated by `;` as Heat's client takes them. */
export function keyValues(arg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of arg.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`-P takes KEY=VALUE, not "${showText(part)}"`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** A file of values (a map, or an environment file's `parameters`), or `KEY=FILE` for one value read from FILE. */
function parameterFile(arg: string): Record<string, string> {
  const eq = arg.indexOf('=');
  if (eq > 0 && !existsSync(arg)) {
    const file = arg.slice(eq + 1);
    return { [arg.slice(0, eq)]: readText(file) };
  }
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(readText(arg));
  } catch (e) {
    throw new UsageError(`--parameter-file ${arg}: not YAML or JSON (${(e as Error).message})`);
  }
  const map = isRecord(doc) && isRecord(doc.parameters) ? doc.parameters : doc;
  if (!isRecord(map)) throw new UsageError(`--parameter-file ${arg}: expected a map of parameter values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k] = asParameterString(v);
  return out;
}

/** A value from a file as the string a command line would give: lists comma-delimited, maps as JSON. */
function asParameterString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(',');
  return isRecord(v) ? JSON.stringify(v) : String(v);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${readFailure(e)}`);
  }
}

/** Why a file could not be read, in words (`no such file`), as synth and deploy say it. */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory, not a file',
    EACCES: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
  };
  return (code !== undefined ? words[code] : undefined) ?? (e as Error).message;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
