import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SynthError } from '../constructs/errors.js';
import { UsageError } from '../errors.js';
import { appFromConfig } from '../synth/app-config.js';
import { loadAppFile, type StackTemplate, synthesize, writeTemplateFile } from '../synth/index.js';
import { type EmitOptions, emitTemplate } from '../template/emit/index.js';
import type { Dialect, Format } from '../template/model.js';
import { oneOf, parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack synth [APP] [options]

Synthesizes the stacks of an app file (TypeScript or JavaScript, no compile step) into Heat templates.
APP defaults to the "app" of heatstack.json in this folder or above.

Options:
  --out DIR              write one file per stack (<stack>.template.yaml|json) instead of printing
  --format yaml|json     output format (default: yaml)
  --dialect cfn|hot      template dialect: cfn (HeatTemplateFormatVersion, Fn::GetAtt) or hot (get_attr)
                         (default: cfn)
  --stack NAME           only this stack (repeatable)
  -h, --help             show this help`;

interface SynthArgs {
  readonly app: string;
  readonly out?: string;
  readonly format: Format;
  readonly dialect: Dialect;
  readonly stacks: readonly string[];
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let templates: StackTemplate[];
  try {
    templates = synthesize(await loadAppFile(parsed.app), { dialect: parsed.dialect });
  } catch (e) {
    if (!(e instanceof SynthError)) throw e;
    process.stderr.write(`heatstack: synth failed: ${e.message}\n`);
    return 1;
  }
  const selected = selectStacks(templates, parsed.stacks);
  // 'auto': the newest version of the dialect that has every function the stack uses (HOT's select is older).
  const options = { dialect: parsed.dialect, format: parsed.format, version: 'auto' } as const;
  if (parsed.out !== undefined) {
    writeFiles(selected, parsed.out, options);
    return 0;
  }
  const texts = selected.map((t) => ({ stackName: t.stackName, text: emitTemplate(t.template, options) }));
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
      stack: { type: 'string', multiple: true },
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
  return {
    app,
    ...(values.out !== undefined && { out: values.out }),
    format: oneOf('--format', values.format ?? 'yaml', ['yaml', 'json'] as const),
    dialect: oneOf('--dialect', values.dialect ?? 'cfn', ['cfn', 'hot'] as const),
    stacks: values.stack ?? [],
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

/** One file per stack, each written as it is emitted (a big template's text is never held whole). */
function writeFiles(templates: readonly StackTemplate[], dir: string, options: EmitOptions): void {
  mkdirSync(dir, { recursive: true });
  for (const t of templates) {
    const file = join(dir, `${t.stackName}.template.${options.format}`);
    writeTemplateFile(file, t.template, options);
    process.stderr.write(`${file}\n`);
  }
}
