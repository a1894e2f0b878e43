import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `heatstack` resolves to the sources, so examples and tests share one copy of the library (and its `instanceof`s).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^heatstack\/testing$/, replacement: fileURLToPath(new URL('./src/synth/testing/index.ts', import.meta.url)) },
      { find: /^heatstack\/template$/, replacement: fileURLToPath(new URL('./src/template/index.ts', import.meta.url)) },
      { find: /^heatstack\/deploy$/, replacement: fileURLToPath(new URL('./src/deploy/index.ts', import.meta.url)) },
      {
        find: /^heatstack\/openstack\/([a-z]+)$/,
        replacement: fileURLToPath(new URL('./src/constructs/openstack/$1.ts', import.meta.url)),
      },
      { find: /^heatstack$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
