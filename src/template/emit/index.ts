/**
 * Writes a `Template` as a template file in either dialect (CFN or HOT) and format (YAML or JSON).
 *
 * Which version is written:
 * - the template's own version when it already is of the requested dialect (a HOT release name is kept);
 * - otherwise (converting, or `version: 'auto'`) the first version that can express everything the template
 *   uses: for CFN `HeatTemplateFormatVersion: '2012-12-12'`, else `AWSTemplateFormatVersion: '2010-09-09'` (the
 *   one with conditions); for HOT the newest dated version, else older ones (`Fn::Select` exists only up to
 *   2015-04-30).
 * Anything the chosen version cannot express is a `TemplateEmitError` naming the template path.
 */

import type { Dialect, Format, Template, TemplateVersion } from '../model.js';
import { CFN_VERSIONS, HOT_VERSIONS } from '../versions.js';
import { jsonSectionChunks } from './json-writer.js';
import { shapeTemplate, shapeTemplateSections, TemplateEmitError } from './shape.js';
import { type PlainMap, yamlSectionChunks } from './yaml-writer.js';

export { TemplateEmitError } from './shape.js';
export { type Plain, type PlainMap, writeYaml, writeYamlDocument } from './yaml-writer.js';

export interface EmitOptions {
  readonly dialect: Dialect;
  readonly format: Format;
  /**
   * `'keep'` (the default when the template is already of `dialect`): write the template's own version;
   * `'auto'` (the default otherwise): the first version that can express the template; or a given version.
   */
  readonly version?: 'keep' | 'auto' | TemplateVersion;
}

export function emitTemplate(template: Template, options: EmitOptions): string {
  return inVersion(template, options, (version) => {
    let text = '';
    for (const chunk of templateChunks(template, version, options.format)) text += chunk;
    return text;
  });
}

/**
 * The template file's text in `version`, in chunks (a resource is shaped only when the chunk holding it is
 * asked for). Throws `TemplateEmitError` while iterating when the version cannot express the template.
 */
export function templateChunks(template: Template, version: TemplateVersion, format: Format): Iterable<string> {
  const sections = shapeTemplateSections(template, version);
  return format === 'json' ? jsonSectionChunks(sections) : yamlSectionChunks(sections);
}

/**
 * The versions to try, in order, for `options` (see the top of this file): the first that writes without a
 * `TemplateEmitError` is the one `emitTemplate` writes.
 */
export function versionCandidates(
  template: Template,
  options: Pick<EmitOptions, 'dialect' | 'version'>,
): TemplateVersion[] {
  const { dialect, version = 'keep' } = options;
  if (typeof version === 'object') {
    if (version.dialect !== dialect)
      throw new TemplateEmitError(`version ${version.value} is not a ${dialect} version`);
    return [version];
  }
  if (version === 'keep' && template.version.dialect === dialect) return [template.version];
  return candidatesOf(dialect);
}

/** The dialect-shaped plain data of the template, as `emitTemplate` would write it. */
export function shapeFor(template: Template, options: Pick<EmitOptions, 'dialect' | 'version'>): PlainMap {
  return inVersion(template, options, (version) => shapeTemplate(template, version));
}

/** `write` in the first version of `versionCandidates` that it can write. */
function inVersion<T>(
  template: Template,
  options: Pick<EmitOptions, 'dialect' | 'version'>,
  write: (version: TemplateVersion) => T,
): T {
  const candidates = versionCandidates(template, options);
  if (candidates.length === 1) return write(candidates[0] as TemplateVersion);
  return inBestVersion(candidates, write).result;
}

/** The first version of `dialect` (in order of preference) in which the template can be written. */
export function chooseVersion(template: Template, dialect: Dialect): TemplateVersion {
  return inBestVersion(candidatesOf(dialect), (v) => shapeTemplate(template, v)).version;
}

export function candidatesOf(dialect: Dialect): TemplateVersion[] {
  return dialect === 'cfn'
    ? [
        { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: CFN_VERSIONS.HeatTemplateFormatVersion },
        { dialect: 'cfn', key: 'AWSTemplateFormatVersion', value: CFN_VERSIONS.AWSTemplateFormatVersion },
      ]
    : [...HOT_VERSIONS].reverse().map((v) => ({ dialect: 'hot', value: v.date }));
}

function inBestVersion<T>(
  candidates: readonly TemplateVersion[],
  write: (version: TemplateVersion) => T,
): { version: TemplateVersion; result: T } {
  let firstError: unknown;
  for (const v of candidates) {
    try {
      return { version: v, result: write(v) };
    } catch (err) {
      if (!(err instanceof TemplateEmitError)) throw err;
      firstError ??= err;
    }
  }
  throw firstError;
}
