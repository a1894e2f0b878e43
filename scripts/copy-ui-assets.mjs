// The dashboard's page (HTML, CSS, JavaScript) ships as files beside its server: `npm run build` copies them into
// dist/ui/assets, where `src/ui/server.ts` reads them (tsc copies only what it compiles).
import { cpSync } from 'node:fs';

cpSync(new URL('../src/ui/assets', import.meta.url), new URL('../dist/ui/assets', import.meta.url), {
  recursive: true,
});
