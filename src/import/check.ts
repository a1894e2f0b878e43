import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Project } from 'ts-morph';
import { HeatstackError } from '../errors.js';
import { type StackTemplate, synthesize } from '../synth/index.js';
import { loadAppFile } from '../synth/load-app.js';
import { emitTemplate } from '../template/emit/index.js';
import type { Format, Template } from '../template/model.js';
import { parseTemplate } from '../template/parse/index.js';
import { type ImportOptions, type ImportResult, importTemplate } from './index.js';
import { modelDifferences } from './same-model.js';

export interface CheckResult {
  readonly imported: ImportResult;
  /** What the imported app synthesizes, in the template's dialect, format and version. */
  readonly synthesized: string;
  /** Byte for byte the template. */
  readonly identical: boolean;
  /** Each difference between the models, with its template path; none when the round trip is exact. */
  readonly differences: readonly string[];
}

/**
 * `heatstack import --check`: imports the template, loads the code as `heatstack synth` would, synthesizes it in the
 * template's dialect, format and version, and compares. Identical text, or the same model as Heat reads it (see
 * `same-model.ts` for what is the same), is a round trip; anything else is listed with its template path.
 */
export async function checkRoundTrip(text: string | Uint8Array, options: ImportOptions): Promise<CheckResult> {
  const imported = importTemplate(text, options);
  const original = parseTemplate(text);
  const template = original.template!;
  const synthesized = await synthesizeSource(imported.source, template, original.format);
  const source = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  if (synthesized.text === source) return { imported, synthesized: source, identical: true, differences: [] };
  const differences =
    synthesized.error !== undefined
      ? [synthesized.error]
      : modelDifferences(template, parseTemplate(synthesized.text).template!);
  return { imported, synthesized: synthesized.text, identical: false, differences };
}

async function synthesizeSource(
  source: string,
  template: Template,
  format: Format,
): Promise<{ text: string; error?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-import-'));
  try {
    const file = join(dir, 'stack.ts');
    writeFileSync(file, withLibraryImports(source));
    let stack: StackTemplate | undefined;
    try {
      [stack] = synthesize(await loadAppFile(file), { dialect: template.version.dialect });
    } catch (e) {
      if (!(e instanceof HeatstackError)) throw e;
      // What heatstack refuses to synthesize (a property check stricter than Heat's, two elements of one name).
      // (the place in the temporary file is no place the user can look at: the loader names it since issue 15)
      const place = new RegExp(` \\(at [^()\\s]*${basename(dir)}/stack\\.ts:\\d+:\\d+\\)`, 'g');
      const reason = e.message.replaceAll(`${file}: `, '').replace(place, '');
      return { text: '', error: `the imported app does not synthesize: ${reason}` };
    }
    try {
      return {
        text: emitTemplate(stack!.template, { dialect: template.version.dialect, format, version: template.version }),
      };
    } catch (e) {
      const text = emitTemplate(stack!.template, { dialect: template.version.dialect, format });
      return { text, error: `the synthesized template needs another version: ${(e as Error).message}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The code with `heatstack` and `heatstack/openstack/*` pointing at this very library, wherever the file is. */
function withLibraryImports(source: string): string {
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  const file = project.createSourceFile('stack.ts', source);
  for (const d of file.getImportDeclarations()) {
    const spec = d.getModuleSpecifierValue();
    const module =
      spec === 'heatstack'
        ? '../index.js'
        : `${spec.replace(/^heatstack\/openstack\//, '../constructs/openstack/')}.js`;
    d.setModuleSpecifier(new URL(module, import.meta.url).href);
  }
  return file.getFullText();
}
