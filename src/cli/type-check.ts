/**
 * The type check of `--watch` (issue 15). App files are compiled by stripping their types, with no checker
 * (`docs/app-loader.md`: start-up), so a type error synth does not meet — a number where a prop takes a string,
 * which Heat's own reading of a String property accepts — would be synthesized and deployed. In the watch loop,
 * where the same process checks again and again and only what changed is read again, each run first type-checks the
 * app's files with the TypeScript compiler ts-morph carries; a type error is the run's error, printed at its
 * `file:line:col`, and nothing is synthesized or touched. A file that does not parse is left to the run, which
 * reports it as without `--watch`.
 *
 * The options are the `tsconfig.json` nearest the app file (as `tsc` finds it), else tsc's defaults for an ES2022
 * Node program; `heatstack` is the copy that runs the command, whatever the options say (as the loader has it).
 */

import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Diagnostic, Project } from 'ts-morph';
import { loadOnce } from '../load-once.js';
import { libraryTypes } from '../synth/loader/index.js';
import { isTypeScript } from '../synth/loader/resolve.js';
import { showLines } from '../terminal-text.js';

type TsMorph = typeof import('ts-morph');

/**
 * "Cannot find name 'process'. Do you need to install type definitions for node?" (and its kin for test runners):
 * what a project without `@types/node` is told about Node's globals, which says nothing of the app itself.
 */
const MISSING_TYPE_DEFINITIONS = new Set([2580, 2581, 2582, 2591, 2592, 2593]);

/** ts-morph (about 0.25 s of CPU to load), on the first check of a watch loop only. */
const morph = loadOnce<TsMorph>('ts-morph');

export class WatchTypeCheck {
  private project: Project | undefined;

  constructor(private readonly app: string) {}

  /** `run()`, unless the app's files have type errors: those are printed, and the run's exit code is 1. */
  async runIfTypesCheck(run: () => Promise<number>): Promise<number> {
    let errors: string[];
    try {
      // a JavaScript app or a template file has no types to check
      errors = isTypeScript(this.app) && existsSync(this.app) ? this.errors() : [];
    } catch (e) {
      // the check is a help, not a gate of its own: a compiler that fails leaves the run to say what is wrong
      process.stderr.write(`heatstack: type check skipped: ${(e as Error).message}\n`);
      errors = [];
    }
    // a message quotes the app's text: its control characters are written out, as every message's are
    for (const error of errors) process.stderr.write(`heatstack: ${showLines(error, '')}\n`);
    return errors.length > 0 ? 1 : run();
  }

  /** The type errors of the app's files as `file:line:col: error TSn: message` lines; none when it checks. */
  errors(): string[] {
    const project = this.projectOf();
    for (const file of project.getSourceFiles()) file.refreshFromFileSystemSync();
    project.resolveSourceFileDependencies();
    const program = project.getProgram();
    const mine = project.getSourceFiles().filter((f) => this.isUserFile(f.getFilePath()));
    if (mine.some((f) => program.getSyntacticDiagnostics(f).length > 0)) return [];
    const { DiagnosticCategory } = morph().ts;
    return mine
      .flatMap((f) => program.getSemanticDiagnostics(f))
      .filter((d) => d.getCategory() === DiagnosticCategory.Error && !MISSING_TYPE_DEFINITIONS.has(d.getCode()))
      .map((d) => this.line(d));
  }

  private projectOf(): Project {
    if (this.project !== undefined) return this.project;
    const { Project, ts } = morph();
    const tsConfigFilePath = ts.findConfigFile(dirname(this.app), existsSync);
    const project = tsConfigFilePath
      ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true })
      : new Project({ compilerOptions: defaultOptions(ts) });
    const paths = { ...project.compilerOptions.get().paths };
    for (const [specifier, file] of Object.entries(libraryTypes().files)) paths[specifier] = [file];
    project.compilerOptions.set({ paths, noEmit: true });
    project.addSourceFileAtPath(this.app);
    this.project = project;
    return project;
  }

  private isUserFile(file: string): boolean {
    return !file.startsWith(libraryTypes().root) && !file.includes('/node_modules/') && !file.endsWith('.d.ts');
  }

  private line(d: Diagnostic): string {
    const { ts } = morph();
    const file = d.getSourceFile();
    const start = d.getStart();
    let where = '';
    if (file !== undefined && start !== undefined) {
      const { line, column } = file.getLineAndColumnAtPos(start);
      where = `${relative(process.cwd(), file.getFilePath())}:${line}:${column}: `;
    }
    return `${where}error TS${d.getCode()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')}`;
  }
}

/** tsc's defaults for a Node program with no tsconfig.json, the decorators heatstack's are (legacy) allowed. */
function defaultOptions(ts: TsMorph['ts']) {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    experimentalDecorators: true,
    skipLibCheck: true,
  };
}
