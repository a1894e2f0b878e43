import type { App, DockerContainer, Stack } from '../../src/constructs/index.js';

/** See `chain-app.mjs`. */
export function chainApp(
  classes: { App: typeof App; Stack: typeof Stack; DockerContainer: typeof DockerContainer },
  count: number,
): App;
