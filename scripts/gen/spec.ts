import { readFileSync } from 'node:fs';

/** The Heat resource-type spec (`spec/heat-resource-types.json`, format in `docs/heat-spec.md`). */

export interface SupportStatus {
  readonly status: 'SUPPORTED' | 'DEPRECATED' | 'UNSUPPORTED' | 'HIDDEN' | 'UNKNOWN';
  readonly version?: string;
  readonly message?: string;
  readonly previous?: SupportStatus;
}

export type SpecConstraint =
  | { readonly allowed_values: readonly (string | number)[]; readonly description?: string }
  | { readonly range: { readonly min?: number; readonly max?: number }; readonly description?: string }
  | { readonly length: { readonly min?: number; readonly max?: number }; readonly description?: string }
  | { readonly allowed_pattern: string; readonly description?: string }
  | { readonly modulo: { readonly step: number; readonly offset: number }; readonly description?: string }
  | { readonly custom_constraint: string; readonly description?: string };

export interface SpecProperty {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'map' | 'list' | 'any';
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
  readonly update_allowed?: boolean;
  readonly immutable?: boolean;
  readonly implemented?: boolean;
  readonly constraints?: readonly SpecConstraint[];
  readonly support_status?: SupportStatus;
  /** A map's fields by name; a list's items under `*`. */
  readonly schema?: Readonly<Record<string, SpecProperty>>;
}

export interface SpecAttribute {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'map' | 'list';
  readonly description?: string;
  readonly support_status?: SupportStatus;
}

export interface SpecResourceType {
  readonly support_status: SupportStatus;
  readonly description: string;
  readonly properties: Readonly<Record<string, SpecProperty>>;
  readonly attributes: Readonly<Record<string, SpecAttribute>>;
  readonly update_policy?: Readonly<Record<string, SpecProperty>>;
}

export interface HeatSpec {
  readonly format: 1;
  readonly heat_version: string;
  readonly resource_types: Readonly<Record<string, SpecResourceType>>;
}

export const SPEC_FILE = new URL('../../spec/heat-resource-types.json', import.meta.url);

export function readSpec(file: URL | string = SPEC_FILE): HeatSpec {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as HeatSpec;
  if (spec.format !== 1) throw new Error(`${String(file)}: spec format ${String(spec.format)}, this generator reads 1`);
  return spec;
}
