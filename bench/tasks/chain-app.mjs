/**
 * The synth benchmarks' stack, built once for every side that measures it: N containers, each reading the
 * previous one's IP address and ports in its environment. Given the library's classes, so that a task on `dist/`
 * and a suite on `src/` build the very same app.
 * Usage: chainApp({ App, Stack, DockerContainer }, 10_000)
 */
export function chainApp({ App, Stack, DockerContainer }, count) {
  const app = new App();
  const stack = new Stack(app, 'Bench');
  let prev = new DockerContainer(stack, 'C0', { image: 'busybox' });
  for (let i = 1; i < count; i++) {
    prev = new DockerContainer(stack, `C${i}`, {
      image: 'busybox',
      env: [`PREV_IP=${prev.networkIp}`, `PREV_PORTS=${prev.networkTcpPorts}`],
    });
  }
  return app;
}
