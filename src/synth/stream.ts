/**
 * Synthesizes stacks straight into their template files: each element is resolved when the writer reaches it, and
 * each resource is written and dropped before the next is resolved, so a stack's whole `Template` is never alive
 * at once. (For 10,000 containers that record is about 9 MB that lives through the whole synth, and garbage
 * collection copies it, and compacts the heap it fills.)
 *
 * This still goes through the `Template` model, as DESIGN asks: each element is synthesized into its `ResourceDef`
 * (or parameter, or output) by `StackResolver`, the step `synthesizeStack` uses, and each `ResourceDef` is written
 * by the same emitter `writeTemplateFile` uses (`shapeTemplateSections`, given a cursor over the resources instead
 * of a record). Only the assembled record of resources is skipped. The bytes are the same as
 * `writeTemplateFile(file, synthesizeStack(stack).template, options)`.
 *
 * Whatever cannot be settled one resource at a time is left to that assembled path, which rewrites the file from
 * its start: any problem (so that every problem of every element is reported, as `synthesizeStack` reports them), a
 * function beyond references and joins (the version is chosen from the whole template), a reference to a resource
 * created later (only then can there be a cycle, found on the whole template), or a version that cannot express the
 * template.
 */

import { closeSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '../constructs/app.js';
import type { StackElement } from '../constructs/element.js';
import { SynthError, type SynthProblem } from '../constructs/errors.js';
import { parameterGroupsOf } from '../constructs/parameter-group.js';
import type { Stack } from '../constructs/stack.js';
import { type EmitOptions, TemplateEmitError, versionCandidates } from '../template/emit/index.js';
import type { ResourceCursor } from '../template/emit/shape.js';
import {
  DEFAULT_VERSION,
  type OutputDef,
  type ParameterDef,
  type ResourceDef,
  type Template,
} from '../template/model.js';
import { adoptError, adoptTemplate } from './adopt.js';
import { StackResolver, type StackTemplate, synthesizeStack } from './synthesizer.js';
import { writeInFirstVersion, writeTemplateIn } from './write-template.js';

export interface SynthFilesOptions extends EmitOptions {
  /** Only these stacks are written (the others are still synthesized: their problems are reported). @default all */
  readonly stacks?: readonly string[];
  /**
   * Called with each stack's whole template when it is written the assembled way (a stack using functions beyond
   * references and joins: only those can need another version than the dialect's default).
   */
  readonly onAssembled?: (stackName: string, template: Template) => void;
}

/** A template file written by `synthesizeToFiles`. */
export interface WrittenTemplate {
  readonly stackName: string;
  readonly file: string;
  readonly bytes: number;
}

/**
 * What `heatstack synth --out DIR` does: each stack of the app synthesized into `DIR/<stack>.template.<format>`,
 * the bytes `writeTemplateFile` writes for `app.synth()`'s templates. Throws one `SynthError` with every problem of
 * every stack, as `app.synth()` does; when anything fails, no file is left behind (each is written beside its
 * name and renamed into place once every stack has been synthesized).
 */
export function synthesizeToFiles(app: App, dir: string, options: SynthFilesOptions): WrittenTemplate[] {
  mkdirSync(dir, { recursive: true });
  const written: (WrittenTemplate & { readonly temporary: string })[] = [];
  const fileOf = (stackName: string): WrittenTemplate & { readonly temporary: string } => {
    const file = join(dir, `${stackName}.template.${options.format}`);
    return { stackName, file, temporary: `${file}.${process.pid}.tmp`, bytes: 0 };
  };
  try {
    if (app instanceof App) writeStacks(app.stacks, options, fileOf, written);
    else writeForeignApp(app, options, fileOf, written);
  } catch (e) {
    for (const w of written) rmSync(w.temporary, { force: true });
    throw e;
  }
  for (const w of written) renameSync(w.temporary, w.file);
  return written.map(({ stackName, file, bytes }) => ({ stackName, file, bytes }));
}

type FileOf = (stackName: string) => WrittenTemplate & { readonly temporary: string };

/** Each selected stack streamed into its file; every stack's problems collected into one `SynthError`. */
function writeStacks(
  stacks: readonly Stack[],
  options: SynthFilesOptions,
  fileOf: FileOf,
  written: (WrittenTemplate & { readonly temporary: string })[],
): void {
  const problems: SynthProblem[] = [];
  for (const stack of stacks) {
    try {
      if (options.stacks !== undefined && !options.stacks.includes(stack.stackName)) {
        synthesizeStack(stack, options.dialect); // for its problems only
        continue;
      }
      const target = fileOf(stack.stackName);
      written.push({ ...target, bytes: writeStackTemplateFile(target.temporary, stack, options) });
    } catch (e) {
      if (!(e instanceof SynthError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new SynthError(problems);
}

/**
 * An app built by another copy of heatstack (see `adopt.ts`) is synthesized by that copy, through its `synth()`:
 * its templates are adopted and written whole.
 */
function writeForeignApp(
  app: App,
  options: SynthFilesOptions,
  fileOf: FileOf,
  written: (WrittenTemplate & { readonly temporary: string })[],
): void {
  let templates: StackTemplate[];
  try {
    templates = app.synth({ dialect: options.dialect });
  } catch (e) {
    throw adoptError(e);
  }
  for (const { stackName, template } of templates) {
    if (options.stacks !== undefined && !options.stacks.includes(stackName)) continue;
    const adopted = adoptTemplate(template);
    options.onAssembled?.(stackName, adopted);
    const target = fileOf(stackName);
    const fd = openSync(target.temporary, 'w');
    try {
      const candidates = versionCandidates(template, options);
      written.push({ ...target, bytes: writeInFirstVersion(fd, adopted, candidates, options.format) });
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * One stack synthesized into `file` (see the top of this file); gives the number of bytes written. Throws the
 * `SynthError` of `synthesizeStack`, and then leaves no file behind.
 */
export function writeStackTemplateFile(file: string, stack: Stack, options: SynthFilesOptions): number {
  const fd = openSync(file, 'w');
  let ok = false;
  try {
    const bytes = streamStack(fd, stack, options) ?? writeAssembled(fd, stack, options);
    ok = true;
    return bytes;
  } finally {
    closeSync(fd);
    if (!ok) rmSync(file, { force: true });
  }
}

/**
 * The stack written the assembled way, over whatever the stream wrote (the file is emptied first: what it wrote may
 * be longer): `writeTemplateFile` of `synthesizeStack`.
 */
function writeAssembled(fd: number, stack: Stack, options: SynthFilesOptions): number {
  ftruncateSync(fd, 0);
  const template = synthesizeStack(stack, options.dialect);
  options.onAssembled?.(stack.stackName, template);
  return writeInFirstVersion(fd, template, versionCandidates(template, options), options.format);
}

/** Thrown by the resource cursor when the stack must be written the assembled way. */
const ABANDONED: unique symbol = Symbol('abandoned');

/**
 * The stack streamed into the file, or undefined when it must be written the assembled way instead (see the top of
 * this file). Parameters come first in the file: they are resolved before the other elements.
 */
function streamStack(fd: number, stack: Stack, options: EmitOptions): number | undefined {
  const resolver = new StackResolver(stack, options.dialect);
  const parameters: Record<string, ParameterDef> = {};
  for (const element of stack._elements) {
    if (element.section !== 'parameters') continue;
    const definition = resolver.resolve(element);
    if (definition?.section !== 'parameters' || !resolver.streamable) return undefined;
    parameters[element.logicalId] = definition.def;
  }
  const outputs: Record<string, OutputDef> = {};
  const template: Template = {
    version: DEFAULT_VERSION[options.dialect],
    ...(stack.description !== undefined && { description: stack.description }),
    parameterGroups: parameterGroupsOf(stack, parameters, resolver.problems),
    parameters,
    mappings: {},
    conditions: {},
    resources: {}, // handed out one at a time by the cursor instead
    outputs, // filled as the cursor reaches them, before the writer does
  };
  try {
    const version = versionCandidates(template, options)[0];
    if (version === undefined) return undefined;
    const cursor = new StreamedResources(resolver, stack._elements, outputs);
    const bytes = writeTemplateIn(fd, template, version, options.format, () => cursor);
    // A function in an output is known only at the end.
    return resolver.streamable ? bytes : undefined;
  } catch (e) {
    if (e === ABANDONED || e instanceof TemplateEmitError) return undefined;
    throw e;
  }
}

/**
 * The stack's resources, each resolved when the writer asks for the next (parameters are resolved before; outputs
 * are kept in `outputs` as they are passed). Abandons the stream (throws `ABANDONED`) on the first element the
 * stream cannot settle.
 */
class StreamedResources implements ResourceCursor {
  name = '';
  def!: ResourceDef;
  private index = 0;

  constructor(
    private readonly resolver: StackResolver,
    private readonly elements: readonly StackElement[],
    private readonly outputs: Record<string, OutputDef>,
  ) {}

  next(): boolean {
    const { elements, resolver } = this;
    while (this.index < elements.length) {
      const element = elements[this.index++] as StackElement;
      if (element.section === 'parameters') continue;
      const definition = resolver.resolve(element);
      if (definition === undefined || !resolver.streamable) throw ABANDONED;
      if (definition.section === 'outputs') this.outputs[element.logicalId] = definition.def;
      else if (definition.section === 'resources') {
        this.name = element.logicalId;
        this.def = definition.def;
        return true;
      } else throw ABANDONED; // conditions and mappings come before the resources in a file: assembled way
    }
    return false;
  }
}
