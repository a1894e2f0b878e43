import { describe, test } from 'vitest';
import { findChromium } from '../../src/graph/chromium.js';

/**
 * Browser tests drive Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). Where none is found
 * they skip, saying so — except in CI (`CI` set), where a missing browser fails the run instead.
 */
export const CHROMIUM = findChromium();

const required = Boolean(process.env.CI);

export const BROWSER_SKIP_MESSAGE = 'browser tests skipped: no Chromium (apt-get install chromium); CI requires it';

let warned = false;

/** `describe` for tests that need Chromium: skipped (with the message) without one, failed in CI. */
export function describeBrowser(name: string, body: (chromium: string) => void): void {
  if (CHROMIUM !== undefined) {
    describe(name, () => body(CHROMIUM));
    return;
  }
  if (required) {
    describe(name, () => {
      test('Chromium is installed (CI requires it)', () => {
        throw new Error('CI is set but no Chromium was found: .ci/run installs Debian’s chromium');
      });
    });
    return;
  }
  if (!warned) console.warn(BROWSER_SKIP_MESSAGE);
  warned = true;
  describe.skipIf(true)(`${name} (${BROWSER_SKIP_MESSAGE})`, () => body(''));
}
