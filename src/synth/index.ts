import { App, type SynthOptions } from '../constructs/app.js';
import { adoptError, adoptTemplate } from './adopt.js';
import { withPathMetadata } from './path-metadata.js';
import type { StackTemplate } from './synthesizer.js';

export { AppLoadError, loadAppFile } from './load-app.js';
export { type SynthFilesOptions, synthesizeToFiles, type WrittenTemplate } from './stream.js';
export type { StackTemplate } from './synthesizer.js';
export { writeTemplateFile } from './write-template.js';

export interface SynthesizeOptions extends SynthOptions {
  /** Write each resource's construct path in its metadata (`heatstack:path`), as `synth --path-metadata` does. */
  readonly pathMetadata?: boolean;
}

/**
 * Each stack of the app as the `Template` model (what `app.synth()` gives), usable by emit, validate and deploy.
 * Throws a `SynthError` listing every problem, each with its construct path and where the construct was created.
 */
export function synthesize(app: App, options: SynthesizeOptions = {}): StackTemplate[] {
  const { pathMetadata, ...synthOptions } = options;
  let result: StackTemplate[];
  try {
    // The app's own method, so that an app built by another copy of heatstack is synthesized by that copy.
    result = app.synth(synthOptions);
  } catch (e) {
    throw adoptError(e);
  }
  if (!(app instanceof App))
    result = result.map((r) => ({ stackName: r.stackName, template: adoptTemplate(r.template) }));
  return pathMetadata ? withPathMetadata(app, result) : result;
}
