import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { Template } from '../template/model.js';

/**
 * The template a graph is drawn of: a template file as it is (parsed; its parameters need no values, since the
 * graph depends on none), or an app synthesized (its only stack, or the one named).
 */

const APP = /\.(c|m)?(t|j)s$/i;

export async function readGraphSource(file: string, stackName?: string): Promise<Template> {
  return APP.test(extname(file)) ? synthesizedStack(file, stackName) : parsedTemplate(file);
}

async function parsedTemplate(file: string): Promise<Template> {
  const { parseFile } = await import('../deploy/input.js');
  return (await parseFile(file)).template;
}

async function synthesizedStack(file: string, stackName: string | undefined): Promise<Template> {
  const { loadAppFile, synthesize } = await import('../synth/index.js');
  const stacks = synthesize(await loadAppFile(file), { dialect: 'hot' });
  const chosen =
    stackName === undefined && stacks.length === 1 ? stacks[0] : stacks.find((s) => s.stackName === stackName);
  if (chosen !== undefined) return chosen.template;
  const names = stacks.map((s) => s.stackName).join(', ');
  throw new UsageError(
    stackName === undefined
      ? `${file} has ${stacks.length} stacks (${names}): pick one with --stack`
      : `${file} has no stack named '${stackName}' (it has ${names})`,
  );
}
