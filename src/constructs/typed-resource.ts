import type { Construct } from 'constructs';
import { HeatstackError } from '../errors.js';
import type { Dialect, Expr, ExprMap } from '../template/model.js';
import { type ResolvedResourceType, resourceType } from '../template/resource-types/index.js';
import type { PropertySchema } from '../template/resource-types/schema.js';
import type { ConstructValues, ResourceTypeModule } from '../template/resource-types/type-module.js';
import type { IResolvable, ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import type { ElementDefinition, ReportProblem } from './element.js';
import { checkProperties, propsSurelyValid } from './private/property-check.js';
import { camelCase, snakeCase } from './private/property-names.js';
import { AttributeReference, NO_RESOURCE_OPTIONS, Resource, type ResourceOptions } from './resource.js';

/**
 * A resource of a type of the registry (`template/resource-types/registry.ts`), synthesized from its module alone,
 * as cdk8s renders any kind through one `ApiObject`: camelCase props → the type's property names, values shaped
 * by the module's rules (then camelCase fields of maps with known fields → the schema's spelling), the type name
 * chosen per dialect among the module's names (the first that has every prop set and attribute read), and the props
 * checked by the one set of rules validation uses. Typed classes (`DockerContainer`) are thin layers over it: a
 * props interface and attribute getters.
 *
 * For a type with no module — any of a stock Heat's, with props spelled as the type spells them — `HeatResource` is
 * the base (the generated `heatstack/openstack/*` classes rename their props with generated tables instead).
 */
export abstract class TypedResource<Props extends object> extends Resource {
  /** The type chosen for `chosenFor` (a dialect), valid while no new attribute is used (props are read-only). */
  private chosenType?: ResolvedResourceType = undefined;
  private chosenFor?: Dialect = undefined;
  private chosenWithAttributes = 0;
  /**
   * Whether the props could fail a check, and are checked at synth. Props that surely pass (see `propsSurelyValid`)
   * are not checked again: they are read-only, and the second look costs about 3% of a 10,000-container synth.
   */
  private readonly checkedAtSynth: boolean;

  /** `module`: the type's registered module; `options`: what every resource may have besides its properties. */
  constructor(
    scope: Construct,
    id: string,
    private readonly module: ResourceTypeModule,
    readonly props: Props,
    options?: ResourceOptions,
  ) {
    // Recording where is the dearest part of creating a resource: done only when a check at synth could fail.
    super(scope, id, false, options);
    this.checkedAtSynth = !propsSurelyValid(module.schema, props);
    if (this.checkedAtSynth) this.recordCreationSite(new.target);
  }

  /**
   * A path into a map attribute, as a string token: `attributePath('network_info', 'IPAddress')`. A path that does
   * not fit gives `null` at deploy.
   */
  protected attributeAt(attribute: string, path: readonly (string | number)[]): string {
    const key = `${attribute}/${path.join('/')}`;
    return this.knownToken(key) ?? this.newToken(key, new AttributeReference(this, attribute, [...path]));
  }

  /** An attribute (canonical name) as a string token. */
  protected attribute(canonical: string): string {
    return this.knownToken(canonical) ?? this.newToken(canonical, new AttributeReference(this, canonical));
  }

  /**
   * A map attribute read as a whole (it has no string token): recorded, since the attributes read decide the type
   * name as much as props do, and they are the keys of `tokens`.
   */
  protected attributeValue(canonical: string): IResolvable {
    if (this.knownToken(canonical) === undefined) {
      // Exact length, as for the tokens (see `newToken`).
      this.tokens = (this.tokens ?? NO_TOKENS).concat(canonical, '');
    }
    return new AttributeReference(this, canonical);
  }

  /** The attributes read so far (canonical names), from the keys of `tokens`. */
  private usedAttributes(): string[] {
    const used: string[] = [];
    const tokens = this.tokens ?? NO_TOKENS;
    for (let i = 0; i < tokens.length; i += 2) {
      const attribute = attributeOfKey(tokens[i] as string);
      if (attribute !== '' && !used.includes(attribute)) used.push(attribute);
    }
    return used;
  }

  /** @internal */
  _attributeName(canonical: string, dialect: Dialect): string {
    try {
      return this.typeFor(dialect).name.attributes[canonical] ?? canonical;
    } catch (e) {
      // Reported on the referring element: name this resource too.
      throw e instanceof HeatstackError ? new HeatstackError(`${this.node.path}: ${e.message}`) : e;
    }
  }

  /** The first type name of the dialect's preference that has every property set and attribute used. */
  private typeFor(dialect: Dialect): ResolvedResourceType {
    if (
      this.chosenType !== undefined &&
      this.chosenFor === dialect &&
      this.chosenWithAttributes === (this.tokens?.length ?? 0)
    )
      return this.chosenType;
    const type = this.chooseType(dialect);
    this.chosenType = type;
    this.chosenFor = dialect;
    this.chosenWithAttributes = this.tokens?.length ?? 0;
    return type;
  }

  private preferredNames(dialect: Dialect): readonly string[] {
    return this.module.construct?.preferredNames?.[dialect] ?? this.module.schema.names.map((n) => n.name);
  }

  private chooseType(dialect: Dialect): ResolvedResourceType {
    for (const name of this.preferredNames(dialect)) {
      const t = resourceType(name)!;
      if (this.fits(t) && this.cannotTake(name) === undefined) return t;
    }
    return this.noTypeFits(dialect);
  }

  private cannotTake(typeName: string): string | undefined {
    const rule = this.module.construct?.cannotTake;
    if (rule === undefined) return undefined;
    // One adapter for every resource (this runs for each type name tried, for every resource): nothing allocated.
    VALUES.props = this.props as Record<string, unknown>;
    const why = rule(typeName, VALUES);
    VALUES.props = NO_PROPS;
    return why;
  }

  /** Whether the type has every property set and attribute used. Runs for every resource: no arrays made. */
  private fits(type: ResolvedResourceType): boolean {
    const props = this.props as Record<string, unknown>;
    for (const key in props) if (props[key] !== undefined && !(snakeCase(key) in type.name.properties)) return false;
    const tokens = this.tokens ?? NO_TOKENS;
    for (let i = 0; i < tokens.length; i += 2) {
      const attribute = attributeOfKey(tokens[i] as string);
      if (attribute !== '' && !(attribute in type.name.attributes)) return false;
    }
    return true;
  }

  private noTypeFits(dialect: Dialect): never {
    const used = this.usedProperties();
    const attributes = this.usedAttributes();
    const unknown = used.filter((p) => !(p in this.module.schema.properties));
    if (unknown.length > 0) {
      throw new HeatstackError(
        `unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map(camelCase).join(', ')}`,
      );
    }
    const lacks = this.preferredNames(dialect).map((name) => {
      const t = resourceType(name)!;
      const cannot = this.cannotTake(name);
      const missing = [
        ...used.filter((p) => !(p in t.name.properties)).map(camelCase),
        ...attributes.filter((a) => !(a in t.name.attributes)).map(camelCase),
        ...(cannot === undefined ? [] : [cannot]),
      ];
      return `${name} has no ${missing.join(', ')}`;
    });
    const kind = this.module.construct?.kind ?? 'registered';
    throw new HeatstackError(
      `no ${kind} type has all of ${[...used, ...attributes].map(camelCase).join(', ')} ` +
        `(${[...new Set(lacks)].join('; ')}): use the properties of one type`,
    );
  }

  private usedProperties(): string[] {
    const out: string[] = [];
    const props = this.props as Record<string, unknown>;
    for (const key in props) if (props[key] !== undefined) out.push(snakeCase(key));
    return out;
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    const type = this.typeFor(ctx.dialect);
    const properties: Record<string, Expr> = {};
    const props = this.props as Record<string, unknown>;
    const shape = this.module.construct?.shape;
    for (const key in props) {
      const value = props[key];
      if (value === undefined) continue;
      const canonical = snakeCase(key);
      const spelled = type.name.properties[canonical]!;
      const shaped = shape === undefined ? value : shape(canonical, value, type.name.name);
      if (shaped === undefined) continue;
      const resolved = resolveValue(
        withSchemaFields(shaped, this.module.schema.properties[canonical]!),
        ctx,
        'Properties',
        spelled,
      );
      if (resolved !== undefined) properties[spelled] = resolved;
    }
    if (this.checkedAtSynth && !this.adopted) this.check(type.name.name, properties, report);
    const def = {
      type: type.name.name,
      properties: properties as ExprMap,
      dependsOn: this.explicitDependencies(report),
    };
    const options = this.resolvedOptions(ctx);
    return { section: 'resources', def: options === NO_RESOURCE_OPTIONS ? def : { ...def, ...options } };
  }

  /** Reports every problem of the props: a required one missing, or what the type's checks refuse. */
  private check(typeName: string, properties: Readonly<Record<string, Expr>>, report: ReportProblem): void {
    const missing = Object.entries(this.module.schema.properties)
      .filter(([canonical, schema]) => schema.required === true && !(camelCase(canonical) in this.props))
      .map(([canonical]) => camelCase(canonical));
    const example = (prop: string) => this.module.construct?.requiredExample?.[snakeCase(prop)] ?? '…';
    for (const prop of missing) report(`the ${prop} is required: add \`${prop}: ${example(prop)}\` to its props`);
    if (missing.length > 0) return;
    for (const p of checkProperties(typeName, properties)) report(`Properties.${p.path}: ${p.message}`);
  }
}

/** A list token (`Token.asList`): one element that stands for a whole list of unknown length. */
function isListToken(item: unknown): boolean {
  return typeof item === 'string' && item.startsWith('#{Token[') && Token.isUnresolved(item);
}

/** The props a type's `cannotTake` rule reads, by canonical name; `props` is set before each call. */
const NO_PROPS: Readonly<Record<string, unknown>> = Object.freeze({});
const VALUES: ConstructValues & { props: Readonly<Record<string, unknown>> } = {
  props: NO_PROPS,
  get(canonical) {
    return this.props[camelCase(canonical)];
  },
  isListOfUnknownLength: isListToken,
};

const NO_TOKENS: readonly string[] = [];

/** The attribute a key of `tokens` is about: `network_info` for `network_info/IPAddress`, `''` for the id. */
function attributeOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

/**
 * camelCase keys of maps with known fields renamed to the schema's spelling (`maximumRetryCount` →
 * `MaximumRetryCount`), in lists of them too. A value of any other property is returned as it is.
 */
function withSchemaFields(value: unknown, schema: PropertySchema): unknown {
  if (schema.fields === undefined && schema.items?.fields === undefined) return value;
  return toSchemaShape(value, schema);
}

function toSchemaShape(value: unknown, schema: PropertySchema): unknown {
  if (Array.isArray(value) && schema.items !== undefined) return value.map((v) => toSchemaShape(v, schema.items!));
  if (schema.fields === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const byLoose = new Map(Object.keys(schema.fields).map((f) => [loose(f), f]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[byLoose.get(loose(k)) ?? k] = v;
  return out;
}

function loose(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}
