import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HeatstackError } from '../errors.js';

/**
 * The headless Chromium a PNG is drawn with (and the dashboard's browser tests drive): `HEATSTACK_CHROMIUM`, else
 * the first of Debian's and Google's names on `PATH`. None is bundled: a PNG needs one installed
 * (`apt-get install chromium`).
 */

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HEATSTACK_CHROMIUM) return env.HEATSTACK_CHROMIUM;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Flags every headless run needs; as root, Chromium refuses to start without `--no-sandbox`. */
export function chromiumFlags(): string[] {
  const flags = ['--headless', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  return flags;
}

const SCREENSHOT_TIMEOUT_MS = 60_000;

/** `svg` (of `width` × `height`) drawn by headless Chromium into PNG bytes. */
export async function svgToPng(svg: string, width: number, height: number): Promise<Buffer> {
  const browser = findChromium();
  if (browser === undefined)
    throw new HeatstackError(
      'a PNG needs Chromium, and none was found (install it: apt-get install chromium, or set HEATSTACK_CHROMIUM); --format svg or dot need nothing',
    );
  const dir = await mkdtemp(join(tmpdir(), 'heatstack-graph-'));
  try {
    const page = join(dir, 'graph.html');
    const png = join(dir, 'graph.png');
    await writeFile(page, `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    await runBrowser(browser, [
      ...chromiumFlags(),
      `--user-data-dir=${join(dir, 'profile')}`,
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      pathToFileURL(page).href,
    ]);
    return await readFile(png);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runBrowser(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: SCREENSHOT_TIMEOUT_MS });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (err) => reject(new HeatstackError(`cannot run ${file}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new HeatstackError(`${file} failed drawing the PNG (${signal ?? `exit ${code}`}): ${lastLine(stderr)}`));
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
