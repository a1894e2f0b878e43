import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../errors.js';
import { renderDot, stackGraph, templateSvg } from '../graph/index.js';
import { isAppFile, readGraphSource } from '../graph/source.js';
import { showText } from '../terminal-text.js';
import { oneOf, parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack graph APP|TEMPLATE [--format svg|png|dot] [-o FILE] [--stack NAME] [--dialect cfn|hot]

Draws the dependency graph of a template (or of an app's stack): each resource in its type's shape, above what it
depends on, laid out by a graph library. An arrow points from a resource to what it depends on: solid for a
reference (get_resource/get_attr, Ref/Fn::GetAtt), dashed for depends_on, thick for both.

Options:
  -f, --format FORMAT   svg (default), png (drawn by headless Chromium) or dot (Graphviz text); by default the
                        extension of -o, else svg
  -o, --out FILE        write to FILE instead of standard output
  -s, --stack NAME      the app's stack to draw (when it has several)
  --dialect cfn|hot     the dialect the app is synthesized in, which names the types as synth writes them
                        (default: cfn, as synth); a template file is drawn as written`;

const FORMATS = ['svg', 'png', 'dot'] as const;
type GraphFormat = (typeof FORMATS)[number];

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseVerbArgs(
    args,
    {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      stack: { type: 'string', short: 's' },
      dialect: { type: 'string' },
    },
    USAGE,
    true,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`give one app or template file\n\n${USAGE}`);
  const format = graphFormat(values.format, values.out);
  if (format === 'png' && values.out === undefined && process.stdout.isTTY)
    throw new UsageError('a PNG is not written to a terminal: pass -o FILE (or redirect standard output)');
  const dialect = oneOf('--dialect', values.dialect ?? 'cfn', ['cfn', 'hot'] as const);
  if (values.dialect !== undefined && !isAppFile(file))
    throw new UsageError(`--dialect is for an app file: a template is drawn as written\n\n${USAGE}`);
  const bytes = await draw(await readGraphSource(file, values.stack, dialect), format, values.stack ?? 'stack');
  if (values.out === undefined) process.stdout.write(bytes);
  else await writeFile(values.out, bytes);
  return 0;
}

function graphFormat(option: string | undefined, out: string | undefined): GraphFormat {
  const chosen = option ?? (out === undefined ? 'svg' : extname(out).slice(1).toLowerCase());
  if ((FORMATS as readonly string[]).includes(chosen)) return chosen as GraphFormat;
  throw new UsageError(
    option === undefined
      ? `cannot tell the format from ${showText(out ?? '')}: pass --format svg, png or dot`
      : `--format must be svg, png or dot, not '${showText(option)}'`,
  );
}

async function draw(
  template: Parameters<typeof stackGraph>[0],
  format: GraphFormat,
  name: string,
): Promise<string | Buffer> {
  if (format === 'dot') return renderDot(stackGraph(template), name);
  const { svg, width, height } = templateSvg(template);
  if (format === 'svg') return `${svg}\n`;
  const { svgToPng } = await import('../graph/chromium.js');
  return svgToPng(svg, width, height);
}
