/**
 * Preloaded (`node -r`) into a process whose start-up `bench/suites/startup.ts` measures: as the process exits,
 * writes the CPU time it spent (user + system, every thread, from its first instruction) and that of the child
 * processes it waited for, in microseconds, to file descriptor 3: `{"self":…,"children":…}`. Both sides of a
 * comparison carry this same preload, so its own small cost cancels out.
 */
const { readFileSync, writeSync } = require('node:fs');

const TICK_US = 10_000; // /proc/<pid>/stat counts children's time in clock ticks of 10 ms (USER_HZ = 100)

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  // fields after the command name: …, cutime (14th), cstime (15th), counted from the state field
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const children = (Number(fields[13]) + Number(fields[14])) * TICK_US;
  writeSync(3, JSON.stringify({ self: user + system, children }));
});
