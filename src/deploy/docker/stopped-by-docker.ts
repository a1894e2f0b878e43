import type Docker from 'dockerode';

/**
 * Whether Docker itself stopped a container since it started: a `docker stop`, or the daemon shutting down (which
 * stops every container with its stop signal). Most programs exit 0 on SIGTERM, so such a service looks exactly like
 * a one-shot that finished (exited, code 0); only the daemon's events tell them apart — it logs a `kill` (the stop
 * signal sent) or a `stop` for a container it stopped, and nothing of the kind for one whose program ended by itself
 * (issue 17's restart trials: a service stopped by a daemon restart while its create watched it start was taken for
 * a finished one-shot, and its readers later found no address).
 *
 * @internal
 */
export async function stoppedByDocker(docker: Docker, info: Docker.ContainerInspectInfo): Promise<boolean> {
  const since = Math.floor(Date.parse(info.State.StartedAt) / 1000) - 1;
  const filters = JSON.stringify({ container: [info.Id], event: ['kill', 'stop'] });
  // `until` now: the daemon sends what it has logged so far and ends the stream.
  const stream = await docker.getEvents({ since, until: Math.ceil(Date.now() / 1000), filters });
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) text += chunk.toString();
  return text.trim() !== '';
}

/** @internal Whether a `kill` or `stop` of the container was seen live since the watch began; `close` ends it. */
export interface StopWatch {
  stopped(): boolean;
  close(): void;
}

/**
 * Watches the daemon's events live for a `kill` or `stop` of one container (before it is started): the daemon keeps
 * only its last few hundred events, which a busy shared daemon turns over in seconds, so a look back alone may miss
 * one. A daemon that cannot stream events gives a watch that sees nothing (the look back still answers).
 *
 * @internal
 */
export async function watchStops(docker: Docker, containerId: string): Promise<StopWatch> {
  const filters = JSON.stringify({ container: [containerId], event: ['kill', 'stop'] });
  let seen = false;
  const stream = (await docker.getEvents({ filters }).catch(() => undefined)) as
    | (NodeJS.ReadableStream & { destroy?: () => void })
    | undefined;
  stream?.on('data', (chunk: Buffer | string) => {
    if (chunk.toString().trim() !== '') seen = true;
  });
  stream?.on('error', () => undefined);
  return { stopped: () => seen, close: () => stream?.destroy?.() };
}
