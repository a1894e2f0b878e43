/**
 * `ui-page-load-100`, `ui-event-latency` and `ui-event-latency-cli`: the dashboard (`heatstack ui`) in headless
 * Chromium, against the targets of issue 16 as the baseline column (a ratio under 1 meets it): the stack list
 * loads in under 300 ms with 100 stacks recorded; an engine event reaches the page within 200 ms, for a run the
 * dashboard started and for one of another process (through the state directory). Needs Chromium.
 */

import { findChromium } from '../../src/graph/chromium.js';
import { type BenchContext, type BenchResult, measure, result } from '../harness.js';

const PAGE_TARGET_MS = 300;
const EVENT_TARGET_MS = 200;

export async function* run(context: BenchContext): AsyncIterable<BenchResult> {
  if (findChromium() === undefined) {
    context.log('  skipped: no Chromium (apt-get install chromium)');
    return;
  }
  const ui = await measure(new URL('../tasks/ui-dashboard.ts', import.meta.url), ['100'], context);
  yield result('ui-page-load-100', ui.pageMs as number, PAGE_TARGET_MS, 'ms');
  yield result('ui-event-latency', ui.eventMs as number, EVENT_TARGET_MS, 'ms');
  yield result('ui-event-latency-cli', ui.cliEventMs as number, EVENT_TARGET_MS, 'ms');
}
