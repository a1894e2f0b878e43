import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { HeatstackError, UsageError } from '../errors.js';
import { type Diagnostic, formatDiagnostic } from '../template/diagnostics.js';
import type { SourcePosition, Template } from '../template/model.js';
import { resolveParameters, unknownParameterMessage } from '../template/parameter-values.js';
import type { ParseResult } from '../template/parse/index.js';
import { closest } from '../template/validate/coerce.js';
import { validateTemplate } from '../template/validate/index.js';
import { showText } from '../terminal-text.js';
import type { InputPurpose } from './engine/inputs.js';
import { readLocalFiles } from './local-files.js';
import { parameterFileValues } from './parameter-file.js';
import {
  carriedParameterValues,
  type ParameterChange,
  parameterChanges,
  replacedValueWarnings,
} from './plan/parameters.js';
import type { StateStore } from './state/store.js';

type Positioner = (path: string) => SourcePosition | undefined;

/** How a deploy's input is read: for what (its messages say), and where each given parameter value came from. */
export interface InputContext {
  readonly purpose?: InputPurpose;
  /** `-P size`, `--parameter-file prod.yaml`: where the value of a parameter was given (default: `-P NAME`). */
  readonly origin?: (parameter: string) => string;
}

/** A template or app that cannot be deployed as it is: every problem, each with `file:line:col` and its path. */
export class DeployInputError extends HeatstackError {
  override name = 'DeployInputError';
}

export interface DeploySource {
  readonly template: Template;
  /** The file, for the record and messages. */
  readonly source: string;
  /** Names of the parameters marked `NoEcho`/`hidden`. */
  readonly hiddenParameters: ReadonlySet<string>;
  /** The parameter values it was validated with: those given, and those carried over from the last deploy. */
  readonly given: Readonly<Record<string, string>>;
}

const APP_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const TEMPLATE_EXTENSIONS = new Set(['.yml', '.yaml', '.json', '.template']);

/**
 * The longest stack name whose state files can all be made: the longest is a lock takeover's
 * `<stack>.lock.<pid>.<8 hex>.tmp.takeover` (`state/lock.ts`), 35 characters beyond the name with a 7-digit pid,
 * within a file name's 255 bytes. Heat itself allows 255.
 */
export const MAX_STACK_NAME_LENGTH = 255 - '.lock.4194304.01234567.tmp.takeover'.length;

/** A stack name Heat accepts (and that is safe in Docker names and labels): a letter, then letters, digits, `_.-`. */
export function checkStackName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) {
    throw new UsageError(
      `invalid stack name '${showText(name)}': start with a letter, then use only letters, digits, '_', '.' and '-'`,
    );
  }
  if (name.length > MAX_STACK_NAME_LENGTH)
    throw new UsageError(
      `invalid stack name '${name.slice(0, 19)}…' (${name.length} characters): at most ${MAX_STACK_NAME_LENGTH} ` +
        `characters, since the stack's state files are named after it`,
    );
}

/**
 * Reads what to deploy: an app file (`.ts`/`.js`, synthesized; its only stack, or the one named `stackName`) or a
 * template file of either dialect, parsed and validated against the given parameter values. Nothing is touched
 * before this has passed.
 */
export async function loadDeploySource(
  file: string,
  stackName: string,
  given: Readonly<Record<string, string>>,
  carry?: (template: Template) => Readonly<Record<string, string>>,
  context: InputContext = {},
): Promise<DeploySource> {
  const ext = extname(file).toLowerCase();
  let template: Template;
  let positionOf: Positioner | undefined;
  if (APP_EXTENSIONS.has(ext)) {
    template = await synthesizeApp(file, stackName);
  } else if (TEMPLATE_EXTENSIONS.has(ext)) {
    const parsed = await parseFile(file);
    template = parsed.template;
    positionOf = parsed.positionOf;
  } else {
    throw new UsageError(
      `cannot tell what ${file} is: give an app (.ts, .js) or a template (.yaml, .yml, .json, .template)`,
    );
  }
  const values = carry ? { ...carry(template), ...given } : given;
  const unknown = Object.keys(values).filter((name) => !Object.hasOwn(template.parameters, name));
  const known = Object.fromEntries(Object.entries(values).filter(([name]) => !unknown.includes(name)));
  const problems = [
    ...validate(template, positionOf, known, dirname(file)).map((d) => formatDiagnostic(d, file)),
    ...unknownParameterLines(template, unknown, context.origin ?? ((name) => `-P ${name}`)),
  ];
  if (problems.length > 0) {
    const header = context.purpose === 'preview' ? 'cannot be previewed (nor deployed)' : 'cannot be deployed';
    throw new DeployInputError(`${file} ${header}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  template = await readLocalFiles(template, file);
  const hidden = Object.entries(template.parameters)
    .filter(([, def]) => def.hidden)
    .map(([name]) => name);
  return { template, source: file, hiddenParameters: new Set(hidden), given: values };
}

/** A template file parsed, or a `DeployInputError` with every structural problem (`heatstack graph` reads files so too). */
export async function parseFile(file: string): Promise<{ template: Template; positionOf: Positioner }> {
  const { parseTemplateFile } = await import('../template/parse/index.js');
  let result: ParseResult;
  try {
    result = parseTemplateFile(file, { fileName: file });
  } catch (err) {
    if (err instanceof HeatstackError) throw err;
    // A missing or unreadable file is the user's mistake, not bad usage: exit 1, as `validate` and `synth` do.
    throw new HeatstackError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || result.template === undefined) {
    throw new DeployInputError(
      `${file} is not a valid template:\n${errors.map((d) => `  ${formatDiagnostic(d, file)}`).join('\n')}`,
    );
  }
  return { template: result.template, positionOf: result.positionOf };
}

/**
 * A value given for a parameter the template does not have: Heat's message, said of where it was given (an option, a
 * parameter file — not the template, which has no place for it), with the nearest name the template has.
 */
function unknownParameterLines(
  template: Template,
  unknown: readonly string[],
  origin: (name: string) => string,
): string[] {
  const names = Object.keys(template.parameters);
  return unknown
    .map((name) => {
      const near = closest(name, names);
      return `${origin(name)}: ${unknownParameterMessage(name)}${near === undefined ? '' : ` (did you mean '${near}'?)`}`;
    })
    .sort();
}

function validate(
  template: Template,
  positionOf: Positioner | undefined,
  given: Readonly<Record<string, string>>,
  templateDir: string,
): Diagnostic[] {
  return validateTemplate(template, {
    positionOf,
    parameters: given,
    requireParameterValues: true,
    templateDir,
  }).filter((d) => d.severity === 'error');
}

async function synthesizeApp(file: string, stackName: string): Promise<Template> {
  const { loadAppFile, synthesize } = await import('../synth/index.js');
  // With each resource's construct path (`heatstack:path`), which the record keeps for `ps`, `diff` and events.
  const stacks = synthesize(await loadAppFile(file), { dialect: 'hot', pathMetadata: true });
  const named = stacks.find((s) => s.stackName === stackName);
  if (named) return named.template;
  if (stacks.length === 1) return (stacks[0] as (typeof stacks)[number]).template;
  const names = stacks.map((s) => s.stackName).join(', ');
  throw new UsageError(
    `${file} has ${stacks.length} stacks (${names}) and none is named '${stackName}': pass --stack with one of them`,
  );
}

/**
 * Parameter values from `-P key=value` options and a `--parameter-file` (`parameter-file.ts`: read as Heat reads an
 * environment file). Options win over the file. Values are strings, as on a command line.
 */
export async function parameterValues(options: readonly string[], file?: string): Promise<Record<string, string>> {
  const values: Record<string, string> =
    file === undefined ? {} : parameterFileValues(await readParameterFile(file), file);
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq <= 0) throw new UsageError(`-P expects key=value, got '${showText(option)}'`);
    values[option.slice(0, eq)] = option.slice(eq + 1);
  }
  return values;
}

async function readParameterFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new HeatstackError(`cannot read the parameter file ${file}: ${(err as Error).message}`);
  }
}

/** The input options `deploy` and `diff` take alike: the stack, and its parameter values. */
export const STACK_INPUT_OPTIONS = {
  stack: { type: 'string', short: 's' },
  parameter: { type: 'string', short: 'P', multiple: true },
  'parameter-file': { type: 'string' },
  existing: { type: 'boolean' },
} as const;

/** What a deploy, or its preview, acts on: read, validated and resolved before anything is touched. */
export interface StackInput {
  readonly source: DeploySource;
  readonly stackId: string;
  readonly parameters: Record<string, unknown>;
  /** Parameter values that differ from the last deploy's (none for a new stack). */
  readonly parameterChanges: readonly ParameterChange[];
  /** Defaults that replace a value the last deploy had, for a parameter left out without `--existing`. */
  readonly warnings: readonly string[];
}

/**
 * Reads `file` (an app or a template) for `stackName` with the given `-P` values and `--parameter-file` — and, with
 * `--existing`, the last deploy's values of the parameters not given: the template checked, the parameters resolved
 * against it, the stack's id (its record's, or a new one), and how the values compare with the last deploy's.
 */
export async function readStackInput(
  file: string,
  stackName: string,
  options: { readonly parameter?: readonly string[]; readonly 'parameter-file'?: string; readonly existing?: boolean },
  store: StateStore,
  purpose: InputPurpose = 'deploy',
): Promise<StackInput> {
  const given = await parameterValues(options.parameter ?? [], options['parameter-file']);
  const previous = await store.load(stackName);
  const carry = options.existing ? (t: Template) => carriedParameterValues(t, previous, given) : undefined;
  const fromOptions = new Set((options.parameter ?? []).map((option) => option.slice(0, option.indexOf('='))));
  const paramFile = options['parameter-file'];
  const origin = (name: string) =>
    fromOptions.has(name) || paramFile === undefined ? `-P ${name}` : `--parameter-file ${paramFile}`;
  const source = await loadDeploySource(file, stackName, given, carry, { purpose, origin });
  const stackId = previous?.id ?? randomUUID();
  const parameters = resolveParameters(source.template, source.given, { stackName, stackId });
  return {
    source,
    stackId,
    parameters,
    parameterChanges: parameterChanges(source.template, previous, parameters),
    warnings: replacedValueWarnings(source.template, previous, source.given, parameters),
  };
}
