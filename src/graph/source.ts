import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { Dialect, Template } from '../template/model.js';

/**
 * The template a graph is drawn of (and the dashboard's launch form is made from): a template file as it is
 * (parsed; its parameters need no values, since the graph depends on none), or an app synthesized (the stack named,
 * else its only one) in `dialect` — the types differ between the dialects (a container is `OS::Heat::Docker` in
 * cfn when the seed's type has all it uses): `heatstack graph` draws what `synth` writes (cfn unless told), the
 * launch form what a deploy deploys (HOT, `src/deploy/input.ts`).
 */

const APP = /\.(c|m)?(t|j)s$/i;

export function isAppFile(file: string): boolean {
  return APP.test(extname(file));
}

export async function readGraphSource(file: string, stackName?: string, dialect: Dialect = 'hot'): Promise<Template> {
  return isAppFile(file) ? synthesizedStack(file, stackName, dialect) : parsedTemplate(file);
}

async function parsedTemplate(file: string): Promise<Template> {
  const { parseFile } = await import('../deploy/input.js');
  return (await parseFile(file)).template;
}

async function synthesizedStack(file: string, stackName: string | undefined, dialect: Dialect): Promise<Template> {
  const { loadAppFile, synthesize } = await import('../synth/index.js');
  const stacks = synthesize(await loadAppFile(file), { dialect });
  // As deploy chooses: the stack named, else the only one (a deployed stack's name need not be its id in the app).
  const chosen = stacks.find((s) => s.stackName === stackName) ?? (stacks.length === 1 ? stacks[0] : undefined);
  if (chosen !== undefined) return chosen.template;
  const names = stacks.map((s) => s.stackName).join(', ');
  throw new UsageError(
    stackName === undefined
      ? `${file} has ${stacks.length} stacks (${names}): pick one with --stack`
      : `${file} has no stack named '${stackName}' (it has ${names})`,
  );
}
