import { findChromium } from '../../src/graph/chromium.js';

/**
 * The Chromium browser tests run: `.ci/run` installs Debian's, so in CI (`CI` set) a missing one fails the run;
 * elsewhere those tests skip, saying why.
 */
export const CHROMIUM = findChromium();

export const CHROMIUM_SKIP_MESSAGE = 'browser tests skipped: no Chromium (apt-get install chromium); CI requires it';

if (CHROMIUM === undefined && process.env.CI) throw new Error('Chromium is required in CI (.ci/run installs it)');
if (CHROMIUM === undefined) console.warn(CHROMIUM_SKIP_MESSAGE);
