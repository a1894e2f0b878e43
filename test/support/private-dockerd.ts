import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { dockerClient, parseEndpoint } from '../../src/deploy/docker/connection.js';

/**
 * A dockerd of a test's own, which the test may stop, kill and restart: its own data root, exec root, pid file and
 * unix socket, no iptables, a bridge of its own and its networks from an address pool of its own — it shares the
 * host's network namespace with the shared daemon and must not touch that daemon's networking (`--bridge=none`
 * deletes the host's `docker0` on start). The images named are loaded into it from another daemon: tests never pull.
 */
export interface PrivateDockerd {
  /** `unix://…`: a `DOCKER_HOST` that reaches it. */
  readonly host: string;
  /** Its client (the same socket), for the test's own checks. */
  readonly docker: Docker;
  /** Stops it (`SIGTERM`: a clean shutdown, its containers stopped) or kills it (`SIGKILL`), then starts it again. */
  restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it, ends what it left running, and removes its files and bridge. */
  stop(): Promise<void>;
}

export interface PrivateDockerdOptions {
  /** A short name: the bridge is `hs-<name>-<pid>` (an interface name has at most 15 characters). */
  readonly name: string;
  /** The bridge's address, `10.254.N.1/24`: a /24 no other private daemon of the tests uses. */
  readonly bridgeAddress: string;
  /** Where its user-defined networks come from (`base=…,size=24`), apart from the shared daemon's pools. */
  readonly addressPool?: string;
  /** More arguments (listening on TCP with TLS, …). */
  readonly args?: readonly string[];
  readonly images?: readonly string[];
  /** The daemon the images are copied from. */
  readonly from?: Docker;
}

export async function startPrivateDockerd(options: PrivateDockerdOptions): Promise<PrivateDockerd> {
  const root = mkdtempSync(join(tmpdir(), `heatstack-${options.name}-daemon-`));
  const socket = join(root, 'docker.sock');
  const bridge = ownBridge(`hs-${options.name}-${process.pid % 100_000}`.slice(0, 15), options.bridgeAddress);
  const args = [
    `--data-root=${join(root, 'data')}`,
    `--exec-root=${join(root, 'exec')}`,
    `--pidfile=${join(root, 'docker.pid')}`,
    `-H=unix://${socket}`,
    '--iptables=false',
    `--bridge=${bridge}`,
    '--storage-driver=vfs',
    ...(options.addressPool ? [`--default-address-pool=${options.addressPool}`] : []),
    ...(options.args ?? []),
  ];
  const docker = await dockerClient(parseEndpoint(`unix://${socket}`));
  const log = join(root, 'dockerd.log');
  const launch = (): ChildProcess => {
    const out = openSync(log, 'a');
    const child = spawn('dockerd', args, { stdio: ['ignore', out, out] });
    closeSync(out);
    return child;
  };
  let daemon = launch();
  const ended = (d: ChildProcess) =>
    new Promise((resolve) =>
      d.exitCode !== null || d.signalCode !== null ? resolve(undefined) : d.once('exit', resolve),
    );
  const halt = async (signal: 'SIGTERM' | 'SIGKILL') => {
    daemon.kill(signal);
    await ended(daemon);
  };
  const stop = async () => {
    // Its networks' bridges outlive it (a network is kept across restarts); its data root, which names them, does not.
    const bridges = await networkBridges(docker);
    await halt('SIGTERM');
    endLeftovers(root);
    unmountUnder(root);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    for (const name of [bridge, ...bridges]) spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
  };
  try {
    await answers(docker, daemon, log);
    for (const image of options.images ?? []) await copyImage(image, options.from as Docker, docker);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: `unix://${socket}`,
    docker,
    async restart(signal) {
      const hostBridge = hostBridgeAddresses();
      await halt(signal);
      if (signal === 'SIGKILL') await forgetContainerd(root);
      daemon = launch();
      await answers(docker, daemon, log).catch(async (error: unknown) => {
        // dockerd 20.10 now and then exits 2 with a Go trace as it starts again (twice in ~45 restarts on 2026-12-05):
        // started once more, as a service manager restarts a failed daemon; a second failure is the test's.
        if (daemon.exitCode === null) throw error;
        daemon = launch();
        await answers(docker, daemon, log);
      });
      restoreHostBridge(hostBridge);
    },
    stop,
  };
}

async function copyImage(image: string, from: Docker, to: Docker): Promise<void> {
  const loading = await to.loadImage((await from.getImage(image).get()) as NodeJS.ReadableStream);
  await new Promise((resolve, reject) =>
    to.modem.followProgress(loading, (error: unknown) => (error ? reject(error) : resolve(undefined))),
  );
}

/** The host bridges of the daemon's own networks (`br-<id>`), when it answers. */
async function networkBridges(docker: Docker): Promise<string[]> {
  const networks = await docker.listNetworks().catch(() => []);
  return networks
    .filter((n) => n.Driver === 'bridge' && !['bridge', 'none', 'host'].includes(n.Name))
    .map((n) => n.Options?.['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`);
}

/**
 * The containerd a killed daemon had started dies with it (its parent-death signal) but may not have been reaped
 * yet: a new daemon that finds its pid file still naming a live process waits for it to answer, in vain. Waits for
 * it to go (a few seconds at most), then removes the pid file. The containers' shims, and the containers, live on.
 */
async function forgetContainerd(root: string): Promise<void> {
  const pidFile = join(root, 'exec', 'containerd', 'containerd.pid');
  const pid = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
  const deadline = Date.now() + 10_000;
  while (pid !== '' && existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  rmSync(pidFile, { force: true });
}

/** What a killed daemon left mounted under its root (network namespaces, the data root itself), deepest first. */
function unmountUnder(root: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${root}/`));
  for (const point of mounts.sort().reverse()) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
}

/**
 * A dockerd started again over a data root that holds its default network, with an address pool given, deletes the
 * host's `docker0` whatever its `--bridge` says (Docker 20.10 clears a stale default network and, with address pools,
 * removes the interface by its default name): the shared daemon's default bridge would be gone for every test after
 * (its containers on it fail to start: "could not find bridge docker0"). Seen once a restart trial ran: put it back.
 */
const HOST_BRIDGE = 'docker0';

/** The host bridge's IPv4 addresses (`172.17.0.1/16`), or undefined when there is none. */
function hostBridgeAddresses(): string[] | undefined {
  const shown = spawnSync('ip', ['-j', '-4', 'addr', 'show', 'dev', HOST_BRIDGE], { encoding: 'utf8' });
  if (shown.status !== 0) return undefined;
  const links = JSON.parse(shown.stdout) as { addr_info?: { local: string; prefixlen: number }[] }[];
  return links.flatMap((l) => (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`));
}

function restoreHostBridge(addresses: string[] | undefined): void {
  if (addresses === undefined || hostBridgeAddresses() !== undefined) return;
  execFileSync('ip', ['link', 'add', HOST_BRIDGE, 'type', 'bridge']);
  for (const address of addresses) execFileSync('ip', ['addr', 'add', address, 'dev', HOST_BRIDGE]);
  execFileSync('ip', ['link', 'set', HOST_BRIDGE, 'up']);
}

function ownBridge(name: string, address: string): string {
  spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' }); // one a killed run left
  execFileSync('ip', ['link', 'add', name, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', address, 'dev', name]);
  execFileSync('ip', ['link', 'set', name, 'up']);
  return name;
}

/**
 * Kills what a killed daemon left running under its root (its containerd and the containers' shims, found by the
 * root in their command lines): they are this test's processes, and would hold the root's files.
 */
function endLeftovers(root: string): void {
  for (const [pid] of processesUnder(root)) spawnSync('kill', ['-9', pid]);
}

/** The processes whose command line names `root`: pid → command line (its arguments separated by NUL). */
function processesUnder(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (command.includes(root)) found.set(pid, command);
    } catch {
      // it ended meanwhile
    }
  }
  return found;
}

/**
 * Waits until the daemon answers on its socket (its start takes a few seconds), or fails if it exited, with the last
 * lines it logged.
 */
async function answers(docker: Docker, daemon: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null) {
      const last = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-3).join(' ⏎ ');
      throw new Error(`the private dockerd exited with code ${daemon.exitCode}: ${last}`);
    }
    if (
      await docker.ping().then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error('the private dockerd did not answer within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
