/**
 * The `heatstack` command: picks the verb and loads only that verb's module (by `require` where Node can:
 * `dispatch-load.ts`), so `synth` and `validate` never load the Docker client. Each verb module exports
 * `run(args): Promise<number>` and owns its own options.
 */

import { showText } from '../terminal-text.js';
import { endQuietlyOnClosedOutput } from './closed-output.js';
import { loadVerbModule } from './dispatch-load.js';

type VerbModule = { run(args: string[]): Promise<number> };
type Verb = { readonly summary: string; readonly load: () => Promise<VerbModule> };

/** A verb whose module is `specifier` (`importer` is its `import()`, which a test runner sees): `dispatch-load.ts`. */
function verb(summary: string, specifier: string, importer: () => Promise<VerbModule>): Verb {
  return { summary, load: () => loadVerbModule(specifier, importer) };
}

const VERBS: Readonly<Record<string, Verb>> = {
  synth: verb('Synthesize an app into Heat templates', './synth.js', () => import('./synth.js')),
  validate: verb('Validate a Heat template', './validate.js', () => import('./validate.js')),
  convert: verb('Convert a Heat template between dialects and formats', './convert.js', () => import('./convert.js')),
  import: verb('Turn a Heat template into a TypeScript app', './import.js', () => import('./import.js')),
  diff: verb('Show what a deploy would do, without doing it', './diff.js', () => import('./diff.js')),
  deploy: verb('Deploy an app or a template to Docker', './deploy.js', () => import('./deploy.js')),
  rollback: verb(
    'Return a stack to its previous successful template and parameters',
    './rollback.js',
    () => import('./rollback.js'),
  ),
  destroy: verb('Delete a stack and everything it created', './destroy.js', () => import('./destroy.js')),
  suspend: verb('Stop a stack’s containers', './suspend.js', () => import('./suspend.js')),
  resume: verb('Start a suspended stack’s containers again', './resume.js', () => import('./resume.js')),
  check: verb('Compare a stack with Docker: what drifted, and how', './check.js', () => import('./check.js')),
  ls: verb('List stacks (and whether their containers run)', './ls.js', () => import('./ls.js')),
  ps: verb('Show a stack’s containers: state, address, ports, image', './ps.js', () => import('./ps.js')),
  logs: verb('Show (or follow) the output of a stack’s containers', './logs.js', () => import('./logs.js')),
  outputs: verb('Show a stack’s outputs', './outputs.js', () => import('./outputs.js')),
  events: verb('Show a stack’s events', './events.js', () => import('./events.js')),
  graph: verb('Draw a template’s dependency graph (SVG, PNG or DOT)', './graph.js', () => import('./graph.js')),
  ui: verb('Start the stack dashboard (a local web app)', './ui.js', () => import('./ui.js')),
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
  endQuietlyOnClosedOutput(verb);
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
