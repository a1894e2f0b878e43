import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { showText } from '../terminal-text.js';
import { parseVerbArgs } from './args.js';

const USAGE = `Usage: heatstack ui [--port N] [--host 127.0.0.1] [--open] [--dir DIR]

Starts the stack dashboard: a local web app over the same state directory and Docker endpoints as the other verbs
(the stacks, live; each stack's topology, resources, events, outputs, template and parameters; a launch form made
from a template's parameters; update, suspend, resume and delete). It prints the URL to open, with a random token
every request needs. Ctrl-C stops it (a run it started finishes first).

Options:
      --port N      the port (default 8130; 0: any free port)
      --host HOST   the address to listen on (default 127.0.0.1: this machine only)
      --open        open the URL in the default browser
      --dir DIR     where the launch page finds templates and apps (default: this folder)`;

const DEFAULT_PORT = 8130;

export async function run(args: string[]): Promise<number> {
  const { values } = parseVerbArgs(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      open: { type: 'boolean' },
      dir: { type: 'string' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = portOption(values.port);
  const host = values.host ?? '127.0.0.1';
  // Loaded only here: `heatstack --help` and the other verbs never load the server.
  const { startDashboard } = await import('../ui/server.js');
  const dashboard = await startDashboard({ host, port, dir: resolve(values.dir ?? '.') });
  process.stdout.write(`heatstack dashboard: ${dashboard.url}\n`);
  if (!isLoopback(host))
    process.stderr.write(
      `heatstack: warning: listening on ${showText(host)}: anyone who can reach it and has the URL can act on your stacks\n`,
    );
  if (values.open) openBrowser(dashboard.url);
  await new Promise<void>((done) => {
    const stop = () => {
      process.stderr.write('heatstack: stopping the dashboard…\n');
      void dashboard.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not '${showText(value)}'`);
  return n;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`heatstack: could not start ${command}; open the URL yourself\n`));
  child.unref();
}
