import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../template/diagnostics.js';
import { formatDiagnostic } from '../template/diagnostics.js';
import { emitTemplate, TemplateEmitError } from '../template/emit/index.js';
import type { Format, Template } from '../template/model.js';
import { isTemplateFileType } from '../template/nested-template.js';
import { parseTemplate } from '../template/parse/index.js';
import { resourceType } from '../template/resource-types/index.js';
import { validateTemplate } from '../template/validate/index.js';
import { TemplatePaths } from '../template/validate/paths.js';
import { templateComments } from './comments.js';
import { generate, type ImportReport } from './generate.js';
import { ImportError } from './order.js';

export type { ImportReport } from './generate.js';
export { ImportError } from './order.js';

export interface ImportOptions {
  /** The template's file name: the class is named after it, and messages name it. */
  readonly file: string;
  /** The stack class's name. @default - the file's name in PascalCase + `Stack` */
  readonly className?: string;
  /** Parameters and outputs as decorated members (`@parameter`, `@output`) instead of constructs. */
  readonly decorators?: boolean;
  /** The folder of the template's file, where a template resource (`type: db.yaml`) is read to be checked. */
  readonly templateDir?: string;
}

export interface ImportResult {
  /** The TypeScript app file. */
  readonly source: string;
  readonly report: ImportReport;
}

/**
 * A Heat template (either dialect, YAML or JSON) → the TypeScript app a person would have written for it (see
 * `generate.ts`), formatted. A template with errors — what `heatstack validate` refuses, as Heat refuses it — is an
 * `ImportError` listing them as `validate` prints them: its app would not synthesize it again.
 */
export function importTemplate(text: string | Uint8Array, options: ImportOptions): ImportResult {
  const parsed = parseTemplate(text);
  const problems = [...parsed.diagnostics];
  if (parsed.template !== undefined && !problems.some((d) => d.severity === 'error')) {
    const at = {
      positionOf: (p: string) => parsed.positionOf(p),
      ...(options.templateDir && { templateDir: options.templateDir }),
    };
    const unknownTypes = unknownTypePaths(parsed.template);
    problems.push(
      ...validateTemplate(parsed.template, at).filter((d) => !unknownTypes.has(d.path) && !isAttributeName(d)),
    );
  }
  const errors = problems.filter((d) => d.severity === 'error');
  if (parsed.template === undefined || errors.length > 0) {
    throw new ImportError(
      errors.map((d) => formatDiagnostic(d, options.file)).join('\n') || `${options.file}: not a template`,
    );
  }
  const source = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  const asWritten = writtenByHeatstack(parsed.template, parsed.format, source);
  const { text: code, report } = named(options.file, () =>
    generate(parsed.template!, { ...options, comments: templateComments(source), asWritten }),
  );
  return { source: formatted(code), report };
}

/**
 * Where the template names a type no spec knows: Heat knows such a type from an environment's `resource_registry`,
 * so it is no error of the template's, and the import writes it as a `HeatResource`.
 */
function unknownTypePaths(template: Template): Set<Diagnostic['path']> {
  const paths = new TemplatePaths(template.version);
  const out = new Set<string>();
  for (const [name, res] of Object.entries(template.resources))
    if (resourceType(res.type) === undefined && !isTemplateFileType(res.type)) out.add(paths.resource(name, 'type'));
  return out;
}

/**
 * An attribute name `validate` does not know: no refusal here, since Heat takes names its types' schemas do not list
 * for several types (a `SoftwareDeployment`'s outputs, a CFN nested stack's `Outputs.X`, a group's members'), and
 * the import writes any attribute `getAtt(name)` reads again as it was.
 */
function isAttributeName(d: Diagnostic): boolean {
  return d.message.startsWith('The Referenced Attribute (');
}

/**
 * Whether the text is byte for byte what heatstack writes for the template it holds: then it is an app's synth
 * output (or written as heatstack writes), and the import keeps what its bytes need.
 */
function writtenByHeatstack(template: Template, format: Format, text: string): boolean {
  try {
    return emitTemplate(template, { dialect: template.version.dialect, format, version: template.version }) === text;
  } catch (e) {
    // A template heatstack cannot write in its own version (a CFN function HOT has no form for): not its own.
    if (e instanceof TemplateEmitError) return false;
    throw e;
  }
}

/** An `ImportError` names the template file. */
function named<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof ImportError ? new ImportError(`${file}: ${e.message}`) : e;
  }
}

/**
 * The code as `biome format` writes it where biome is installed (this project, or one with it as a dev
 * dependency), so the file passes the linter as it is; elsewhere as ts-morph wrote it.
 */
function formatted(code: string): string {
  const biome = biomeBinary();
  if (biome === undefined) return code;
  const out = spawnSync(biome, ['format', '--stdin-file-path=stack.ts'], {
    input: code,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return out.status === 0 ? out.stdout : code;
}

function biomeBinary(): string | undefined {
  try {
    const pkg = createRequire(join(process.cwd(), 'noop.js')).resolve('@biomejs/biome/package.json');
    return join(dirname(pkg), 'bin', 'biome');
  } catch {
    try {
      const pkg = createRequire(import.meta.url).resolve('@biomejs/biome/package.json');
      return join(dirname(pkg), 'bin', 'biome');
    } catch {
      return undefined;
    }
  }
}
