// One process racing for a stack's lock, for test/deploy/state/concurrent-runs.test.ts:
// `node --import tsx lock-racer.ts DIR STACK GO_FILE RELEASE_FILE`. Prints `ready`, waits for GO_FILE (so that all
// racers start at once), then prints `locked` and holds the lock until RELEASE_FILE exists, or prints
// `refused: <message>`.
import { existsSync } from 'node:fs';
import { lockStack } from '../../../../src/deploy/state/lock.js';

const [dir, stack, go, release] = process.argv.slice(2) as [string, string, string, string];
const until = async (file: string) => {
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5));
};
process.stdout.write('ready\n');
await until(go);
try {
  const lock = await lockStack(dir, stack, 'DEPLOY');
  process.stdout.write('locked\n');
  await until(release);
  await lock.release();
} catch (err) {
  process.stdout.write(`refused: ${(err as Error).message}\n`);
}
