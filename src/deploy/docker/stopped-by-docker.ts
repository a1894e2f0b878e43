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
