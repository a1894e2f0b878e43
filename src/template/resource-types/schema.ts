/**
 * How a resource type is described, once: its type names, properties and attributes. The one definition
 * types the construct's props, drives validation, and tells the deploy handler what each property means.
 */

/** Heat's property types; `any` takes any value as it is (Heat's `Schema.ANY`). */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'map' | 'any';

export type PropertyConstraint =
  | { readonly kind: 'allowed_values'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'allowed_pattern'; readonly pattern: string }
  | { readonly kind: 'length'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number }
  /** A check Heat runs through a plugin (`custom-constraints.ts`): offline ones are checked, service ones not. */
  | { readonly kind: 'custom_constraint'; readonly name: string };

export interface PropertySchema {
  readonly type: PropertyType;
  readonly description: string;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly constraints?: readonly PropertyConstraint[];
  /** For a list: the schema of each item. */
  readonly items?: PropertySchema;
  /** For a map with known keys: the schema of each key. Unknown keys are an error when this is set. */
  readonly fields?: Readonly<Record<string, PropertySchema>>;
  /** A change to this property can be applied in place; otherwise the resource is replaced. */
  readonly updateAllowed?: boolean;
  /** The Docker Engine API version that introduced the property. */
  readonly minApiVersion?: string;
  /** `false` for a property Heat declares but refuses when given ("Property X not implemented yet"). */
  readonly implemented?: false;
}

/** One spelling of a resource type: its name and how it names properties and attributes. */
export interface ResourceTypeName {
  readonly name: string;
  /** Canonical (snake_case) property name → this type's spelling; a property missing here is unknown to it. */
  readonly properties: Readonly<Record<string, string>>;
  /** Canonical attribute name → this type's spelling. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface AttributeSchema {
  readonly description: string;
  readonly type: 'string' | 'map' | 'list' | 'integer' | 'number' | 'boolean';
}

export interface ResourceTypeSchema {
  /** Every name the type is known by, in order of preference when a template is written. */
  readonly names: readonly ResourceTypeName[];
  /** Properties by canonical (snake_case) name. */
  readonly properties: Readonly<Record<string, PropertySchema>>;
  /** Attributes by canonical (snake_case) name. */
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
}
