/**
 * The `heatstack` command: picks the verb and loads only that verb's module, so `synth` and `validate` never
 * load the Docker client. Each verb module exports `run(args): Promise<number>` and owns its own options.
 */

import { showText } from '../terminal-text.js';

type Verb = { readonly summary: string; readonly load: () => Promise<{ run(args: string[]): Promise<number> }> };

const VERBS: Readonly<Record<string, Verb>> = {
  synth: { summary: 'Synthesize an app into Heat templates', load: () => import('./synth.js') },
  validate: { summary: 'Validate a Heat template', load: () => import('./validate.js') },
  convert: { summary: 'Convert a Heat template between dialects and formats', load: () => import('./convert.js') },
  import: { summary: 'Turn a Heat template into a TypeScript app', load: () => import('./import.js') },
  diff: { summary: 'Show what a deploy would do, without doing it', load: () => import('./diff.js') },
  deploy: { summary: 'Deploy an app or a template to Docker', load: () => import('./deploy.js') },
  rollback: {
    summary: 'Return a stack to its previous successful template and parameters',
    load: () => import('./rollback.js'),
  },
  destroy: { summary: 'Delete a stack and everything it created', load: () => import('./destroy.js') },
  suspend: { summary: 'Stop a stack’s containers', load: () => import('./suspend.js') },
  resume: { summary: 'Start a suspended stack’s containers again', load: () => import('./resume.js') },
  check: { summary: 'Compare a stack with Docker: what drifted, and how', load: () => import('./check.js') },
  ls: { summary: 'List stacks (and whether their containers run)', load: () => import('./ls.js') },
  ps: { summary: 'Show a stack’s containers: state, address, ports, image', load: () => import('./ps.js') },
  logs: { summary: 'Show (or follow) the output of a stack’s containers', load: () => import('./logs.js') },
  outputs: { summary: 'Show a stack’s outputs', load: () => import('./outputs.js') },
  events: { summary: 'Show a stack’s events', load: () => import('./events.js') },
  graph: { summary: 'Draw a template’s dependency graph (SVG, PNG or DOT)', load: () => import('./graph.js') },
  ui: { summary: 'Start the stack dashboard (a local web app)', load: () => import('./ui.js') },
};

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const lines = Object.entries(VERBS).map(([name, v]) => `  ${name.padEnd(width)}  ${v.summary}`);
  return [
    'Usage: heatstack <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `heatstack <command> --help` for a command’s options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(`${usage()}\n`);
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  if (verb === '--version' || verb === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const entry = VERBS[verb];
  if (entry === undefined) {
    const { closest } = await import('../template/validate/coerce.js');
    const near = closest(verb, Object.keys(VERBS));
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
    process.stderr.write(`heatstack: unknown command '${showText(verb)}'${hint}\n\n${usage()}\n`);
    return EXIT.usage;
  }
  const mod = await entry.load();
  return mod.run(rest);
}
