import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../constructs/app.js';
import { SynthError, type SynthProblem } from '../constructs/errors.js';
import { UsageError } from '../errors.js';
import { appFromConfig } from '../synth/app-config.js';
import { loadAppFile, type StackTemplate, synthesize, writeTemplateFile } from '../synth/index.js';
import { type SynthFilesOptions, synthesizeToFiles } from '../synth/stream.js';
import { blockerProblem } from '../synth/synthesizer.js';
import { emitTemplate, TemplateEmitError } from '../template/emit/index.js';
import { blockerName, chooseVersionOf } from '../template/emit/version-choice.js';
import { DEFAULT_VERSION, type Dialect, type Format, type Template, type TemplateVersion } from '../template/model.js';
import { describeVersion } from '../template/versions.js';
import { oneOf, parseVerbArgs } from './args.js';
import { hotVersionOption, versionNote } from './hot-version.js';

const USAGE = `Usage: heatstack synth [APP] [options]

Synthesizes the stacks of an app file (TypeScript or JavaScript, no compile step) into Heat templates.
APP defaults to the "app" of heatstack.json in this folder or above.

Options:
  --out DIR              write one file per stack (<stack>.template.yaml|json) instead of printing
  --format yaml|json     output format (default: yaml)
  --dialect cfn|hot      template dialect: cfn (HeatTemplateFormatVersion, Fn::GetAtt) or hot (get_attr)
                         (default: cfn); the newest version that expresses the stack is written, with a note
                         on standard error when that is not the dialect's default
  --hot-version V        with --dialect hot: write this heat_template_version (a date or a release name)
  --stack NAME           only this stack (repeatable)
  --path-metadata        write each resource's construct path in its metadata (heatstack:path: Blog/Site/Db)
  --watch                synthesize again each time the app or a file it imports is saved (Ctrl-C stops)
  -h, --help             show this help`;

interface SynthArgs {
  readonly app: string;
  readonly out?: string;
  readonly format: Format;
  readonly dialect: Dialect;
  readonly hotVersion?: TemplateVersion;
  readonly stacks: readonly string[];
  readonly pathMetadata: boolean;
  readonly watch: boolean;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!parsed.watch) return synthOnce(parsed);
  const { watchApp } = await import('./watch.js');
  return watchApp('synth', parsed.app, () => synthOnce(parsed));
}

async function synthOnce(parsed: SynthArgs): Promise<number> {
  // 'auto': the newest version of the dialect that has every function the stack uses (HOT's select is older).
  const options = { dialect: parsed.dialect, format: parsed.format, version: parsed.hotVersion ?? 'auto' } as const;
  let templates: StackTemplate[];
  let app: App;
  try {
    // (an app file may call app.synth() itself while it loads)
    app = await loadAppFile(parsed.app);
    if (parsed.out !== undefined && !parsed.pathMetadata && choosesStacks(app, parsed.stacks)) {
      writeFiles(app, parsed.out, { ...options, ...(parsed.stacks.length > 0 && { stacks: parsed.stacks }) });
      return 0;
    }
    templates = synthesize(app, { dialect: parsed.dialect, pathMetadata: parsed.pathMetadata });
  } catch (e) {
    if (!(e instanceof SynthError)) throw e;
    process.stderr.write(`heatstack: synth failed: ${e.message}\n`);
    return 1;
  }
  const selected = selectStacks(templates, parsed.stacks);
  if (parsed.out !== undefined) {
    // (--path-metadata: the assembled templates, which carry the paths, rather than the streamed ones)
    mkdirSync(parsed.out, { recursive: true });
    for (const t of selected) {
      const file = join(parsed.out, `${t.stackName}.template.${parsed.format}`);
      writeTemplateFile(file, t.template, options);
      process.stderr.write(`${file}\n`);
    }
    if (parsed.hotVersion === undefined) for (const t of selected) noteVersion(app, t, parsed.dialect);
    return 0;
  }
  const texts: { stackName: string; text: string }[] = [];
  const problems: SynthProblem[] = [];
  for (const t of selected) {
    try {
      texts.push({ stackName: t.stackName, text: emitTemplate(t.template, options) });
    } catch (e) {
      if (!(e instanceof TemplateEmitError)) throw e;
      problems.push(versionProblem(app, t, e));
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`heatstack: synth failed: ${new SynthError(problems).message}\n`);
    return 1;
  }
  if (parsed.hotVersion === undefined) for (const t of selected) noteVersion(app, t, parsed.dialect);
  process.stdout.write(joinDocuments(texts, parsed.format));
  return 0;
}

function parse(args: string[]): SynthArgs | 'help' {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      out: { type: 'string' },
      format: { type: 'string' },
      dialect: { type: 'string' },
      'hot-version': { type: 'string' },
      stack: { type: 'string', multiple: true },
      'path-metadata': { type: 'boolean' },
      watch: { type: 'boolean' },
    },
    USAGE,
    true,
  );
  if (values.help) return 'help';
  if (positionals.length > 1)
    throw new UsageError(`synth takes one app file, got ${positionals.join(' ')}\n\n${USAGE}`);
  const app = positionals[0] ?? appFromConfig();
  if (app === undefined) {
    throw new UsageError(
      `no app file: name one (heatstack synth stacks/main.ts) or add a heatstack.json with {"app": "…"}`,
    );
  }
  const dialect = oneOf('--dialect', values.dialect ?? 'cfn', ['cfn', 'hot'] as const);
  const hotVersion = hotVersionOption('synth', values['hot-version'], dialect);
  return {
    app,
    ...(values.out !== undefined && { out: values.out }),
    format: oneOf('--format', values.format ?? 'yaml', ['yaml', 'json'] as const),
    dialect,
    ...(hotVersion !== undefined && { hotVersion }),
    stacks: values.stack ?? [],
    pathMetadata: values['path-metadata'] === true,
    watch: values.watch === true,
  };
}

function selectStacks(templates: StackTemplate[], names: readonly string[]): StackTemplate[] {
  if (templates.length === 0) throw new UsageError('the app has no stacks: create a Stack in its App');
  if (names.length === 0) return templates;
  const known = templates.map((t) => t.stackName);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UsageError(`no stack named ${unknown.join(', ')}; the app has ${known.join(', ')}`);
  return templates.filter((t) => names.includes(t.stackName));
}

/** Several YAML templates as `---`-separated documents; JSON only one at a time (a JSON file holds one value). */
function joinDocuments(texts: readonly { stackName: string; text: string }[], format: Format): string {
  if (texts.length === 1) return texts[0]!.text;
  if (format === 'json') {
    throw new UsageError(
      `the app has ${texts.length} stacks (${texts.map((t) => t.stackName).join(', ')}): choose one with --stack, or write them all with --out DIR`,
    );
  }
  return texts.map((t) => `---\n${t.text}`).join('');
}

/**
 * Whether `--stack` names only stacks of the app, and the app has some: otherwise the whole app is synthesized
 * first (a problem in it is reported before a wrong name), and `selectStacks` says what is wrong.
 */
function choosesStacks(app: App, names: readonly string[]): boolean {
  const known = app.stacks.map((s) => s.stackName);
  return known.length > 0 && names.every((n) => known.includes(n));
}

/**
 * One file per stack, each synthesized straight into its file (a big stack's template is never held whole, nor
 * its text); nothing is written when any stack has a problem.
 */
function writeFiles(app: App, dir: string, options: SynthFilesOptions): void {
  const assembled: StackTemplate[] = [];
  const onAssembled = (stackName: string, template: Template) => assembled.push({ stackName, template });
  for (const w of synthesizeToFiles(app, dir, { ...options, onAssembled })) process.stderr.write(`${w.file}\n`);
  if (options.version === 'auto') for (const t of assembled) noteVersion(app, t, options.dialect);
}

/** A template the version asked for cannot express, as a problem of the construct that holds what it cannot. */
function versionProblem(app: App, t: StackTemplate, e: TemplateEmitError): SynthProblem {
  const stack = app.stacks.find((s) => s.stackName === t.stackName);
  const what = `--hot-version cannot express this stack (it needs ${describeVersion(t.template.version)})`;
  if (stack === undefined) return { path: t.stackName, message: e.message };
  return blockerProblem(stack, e, what);
}

/** The note that a stack was written in another version than its dialect's default, naming what needs it. */
function noteVersion(app: App, t: StackTemplate, dialect: Dialect): void {
  const { version } = t.template;
  if (version.dialect !== dialect || version.value === DEFAULT_VERSION[dialect].value) return;
  const blocker = chooseVersionOf([t.template], dialect).blocker;
  const stack = app.stacks.find((s) => s.stackName === t.stackName);
  if (blocker === undefined || stack === undefined) return;
  const where = blockerProblem(stack, blocker, '');
  const at = `${where.path}${blocker.at?.path ? ` (${blocker.at.path})` : ''}`;
  process.stderr.write(
    `stack ${t.stackName}: ${versionNote(version, `${blockerName(blocker, t.template)} at ${at} needs it`)}`,
  );
}
