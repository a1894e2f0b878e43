/**
 * The CPU time `work` takes (user and system, this process), in milliseconds: unlike wall-clock time it does not
 * grow when other work shares the machine, so a test can bound how much a reader computes.
 */
export function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}
