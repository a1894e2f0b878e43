import { UsageError } from '../errors.js';
import type { TemplateVersion } from '../template/model.js';
import { HOT_VERSION_KEY, hotVersionOf, hotVersionSpellings } from '../template/versions.js';

/** `--hot-version VERSION` (a date or a release name), for `synth` and `convert`; only with `--dialect hot`. */
export function hotVersionOption(
  verb: string,
  value: string | undefined,
  dialect: string,
): TemplateVersion | undefined {
  if (value === undefined) return undefined;
  if (dialect !== 'hot') throw new UsageError(`${verb}: --hot-version needs --dialect hot`);
  const known = hotVersionOf(value);
  if (known === undefined) {
    throw new UsageError(`${verb}: --hot-version must be one of ${hotVersionSpellings().join(', ')}, not "${value}"`);
  }
  return { dialect: 'hot', value: known.date, ...(value !== known.date && { alias: value }) };
}

/** The note printed when a template is written in another version than its dialect's default, and why. */
export function versionNote(version: TemplateVersion, why: string): string {
  const written =
    version.dialect === 'hot'
      ? `${HOT_VERSION_KEY} ${version.alias ?? version.value}`
      : `${version.key}: '${version.value}'`;
  return `note: written as ${written} (${why})\n`;
}
