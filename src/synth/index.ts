import { App, type SynthOptions } from '../constructs/app.js';
import { adoptError, adoptTemplate } from './adopt.js';
import type { StackTemplate } from './synthesizer.js';

export { AppLoadError, loadAppFile } from './load-app.js';
export { type SynthFilesOptions, synthesizeToFiles, type WrittenTemplate } from './stream.js';
export type { StackTemplate } from './synthesizer.js';
export { writeTemplateFile } from './write-template.js';

/**
 * Each stack of the app as the `Template` model (what `app.synth()` gives), usable by emit, validate and deploy.
 * Throws a `SynthError` listing every problem, each with its construct path and where the construct was created.
 */
export function synthesize(app: App, options: SynthOptions = {}): StackTemplate[] {
  let result: StackTemplate[];
  try {
    // The app's own method, so that an app built by another copy of heatstack is synthesized by that copy.
    result = app.synth(options);
  } catch (e) {
    throw adoptError(e);
  }
  if (app instanceof App) return result;
  return result.map((r) => ({ stackName: r.stackName, template: adoptTemplate(r.template) }));
}
