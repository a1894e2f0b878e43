/**
 * The template format versions Heat knows (its `heat.templates` entry points), and what each allows beyond
 * functions (those are in `functions/`). A HOT version is named by its date; from 2016-10-14 each also has a
 * release name, which Heat accepts as an alias.
 */

import type { Dialect, TemplateVersion } from './model.js';

export type CfnVersionKey = 'HeatTemplateFormatVersion' | 'AWSTemplateFormatVersion';

/** The CFN version keys and the one value Heat accepts for each. */
export const CFN_VERSIONS: Readonly<Record<CfnVersionKey, string>> = {
  HeatTemplateFormatVersion: '2012-12-12',
  AWSTemplateFormatVersion: '2010-09-09',
};

export const HOT_VERSION_KEY = 'heat_template_version';

export interface HotVersion {
  readonly date: string;
  /** The OpenStack release name Heat accepts in place of the date. */
  readonly release?: string;
}

/** Every HOT version, oldest first. Dates compare as strings. */
export const HOT_VERSIONS: readonly HotVersion[] = [
  { date: '2013-05-23' },
  { date: '2014-10-16' },
  { date: '2015-04-30' },
  { date: '2015-10-15' },
  { date: '2016-04-08' },
  { date: '2016-10-14', release: 'newton' },
  { date: '2017-02-24', release: 'ocata' },
  { date: '2017-09-01', release: 'pike' },
  { date: '2018-03-02', release: 'queens' },
  { date: '2018-08-31', release: 'rocky' },
  { date: '2021-04-16', release: 'wallaby' },
];

export const NEWEST_HOT_VERSION = '2021-04-16';

/** The dated HOT version a `heat_template_version` value names (a date or a release name), if Heat knows it. */
export function hotVersionOf(value: string): HotVersion | undefined {
  return HOT_VERSIONS.find((v) => v.date === value || v.release === value);
}

/** Every spelling Heat accepts for `heat_template_version`, for messages. */
export function hotVersionSpellings(): string[] {
  const out: string[] = [];
  for (const v of HOT_VERSIONS) {
    out.push(v.date);
    if (v.release) out.push(v.release);
  }
  return out;
}

/** `true` when HOT `date` is `since` or newer. */
export function hotAtLeast(date: string, since: string): boolean {
  return date >= since;
}

/** What a template version allows outside of functions. */
export interface VersionFeatures {
  readonly conditions: boolean;
  readonly parameterGroups: boolean;
  readonly mappings: boolean;
  readonly resourceCondition: boolean;
  readonly externalId: boolean;
  readonly outputCondition: boolean;
  /** HOT `tags` on parameters (2018-03-02). */
  readonly parameterTags: boolean;
  /** HOT `modulo` parameter constraint (2017-02-24). */
  readonly moduloConstraint: boolean;
  /** `delete`/`retain`/`snapshot` as deletion policies besides `Delete`/`Retain`/`Snapshot` (HOT 2016-10-14). */
  readonly lowerCaseDeletionPolicies: boolean;
}

/** Heat's `AWSTemplateFormatVersion: 2010-09-09` (its `CfnTemplate`) has conditions; `HeatTemplateFormatVersion` does not. */
export function featuresOf(version: TemplateVersion): VersionFeatures {
  if (version.dialect === 'cfn') {
    const aws = version.key === 'AWSTemplateFormatVersion';
    return {
      conditions: aws,
      parameterGroups: false,
      mappings: true,
      resourceCondition: aws,
      externalId: false,
      outputCondition: aws,
      parameterTags: false,
      moduloConstraint: false,
      lowerCaseDeletionPolicies: false,
    };
  }
  const d = version.value;
  return {
    conditions: d >= '2016-10-14',
    parameterGroups: true,
    mappings: false,
    resourceCondition: d >= '2016-10-14',
    externalId: d >= '2016-10-14',
    outputCondition: d >= '2016-10-14',
    parameterTags: d >= '2018-03-02',
    moduloConstraint: d >= '2017-02-24',
    lowerCaseDeletionPolicies: d >= '2016-10-14',
  };
}

/** How a version is written in a message: `heat_template_version 2015-04-30` or `HeatTemplateFormatVersion 2012-12-12`. */
export function describeVersion(version: TemplateVersion): string {
  if (version.dialect === 'cfn') return `${version.key} ${version.value}`;
  return `${HOT_VERSION_KEY} ${version.alias ?? version.value}`;
}

export function dialectOf(version: TemplateVersion): Dialect {
  return version.dialect;
}
