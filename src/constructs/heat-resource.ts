import type { Construct } from 'constructs';
import type { Dialect, Expr, ResourceDef } from '../template/model.js';
import { resourceType } from '../template/resource-types/index.js';
import type { IResolvable, ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import type { ElementDefinition, ReportProblem } from './element.js';
import { applyOverrides, type Override, parseOverridePath } from './private/overrides.js';
import { checkProperties } from './private/property-check.js';
import { AttributeReference, Resource, type ResourceOptions } from './resource.js';

export type { DeletionPolicy, ResourceOptions } from './resource.js';

export interface HeatResourceProps extends ResourceOptions {
  /** The resource type, as Heat names it (`OS::Heat::RandomString`, `My::Custom::Type`). */
  readonly type: string;
  /** The properties, spelled as the type spells them (`length`, `character_classes`). @default - none */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * A resource of any Heat type: the escape hatch for a type heatstack has no class for, and the base of the
 * generated typed classes (`heatstack/openstack/*`), which only rename their camelCase props to the type's
 * spelling. Properties are written as given (tokens resolved); `addPropertyOverride` and `addOverride` change the
 * written entry after that, as the AWS CDK's escape hatches do.
 */
export class HeatResource extends Resource {
  /** The resource type, as Heat names it. */
  readonly resourceType: string;
  private readonly properties: Readonly<Record<string, unknown>>;
  private overrides?: Override[];

  constructor(scope: Construct, id: string, props: HeatResourceProps) {
    const { type, properties, ...options } = props;
    super(scope, id, true, options);
    this.resourceType = type;
    this.properties = properties ?? {};
    this.overrides = undefined;
  }

  /** An attribute (`Fn::GetAtt` / `get_attr`) as a string token; with a path, a value inside it. */
  getAtt(attribute: string, ...path: (string | number)[]): string {
    const key = path.length === 0 ? attribute : `${attribute}/${path.join('/')}`;
    return this.knownToken(key) ?? this.newToken(key, new AttributeReference(this, attribute, path));
  }

  /** A list attribute (addresses, ids) as a list token, usable where a list of strings goes. */
  getAttList(attribute: string, ...path: (string | number)[]): string[] {
    return Token.asList(new AttributeReference(this, attribute, path));
  }

  /** An attribute of any shape (a map, a list of maps) as a value usable anywhere a property or output takes one. */
  getAttValue(attribute: string, ...path: (string | number)[]): IResolvable {
    return new AttributeReference(this, attribute, path);
  }

  /**
   * Sets a property of the written entry, after the props: `addPropertyOverride('networks.0.fixed_ip', ip)`.
   * The path is spelled as the template spells it; `.` separates keys (`\.` is a dot inside a key) and a number
   * indexes a list.
   */
  addPropertyOverride(path: string, value: unknown): void {
    this.addOverride(`Properties.${path}`, value);
  }

  /** Removes a property of the written entry: `addPropertyDeletionOverride('networks.0.fixed_ip')`. */
  addPropertyDeletionOverride(path: string): void {
    this.addDeletionOverride(`Properties.${path}`);
  }

  /**
   * Sets any key of the written entry, the CFN spelling or the HOT one: `addOverride('Metadata.role', 'web')`,
   * `addOverride('deletion_policy', 'Retain')`, `addOverride('Properties.image', 'cirros')`.
   */
  addOverride(path: string, value: unknown): void {
    this.pushOverride({ path: parseOverridePath(path), value });
  }

  /** Removes a key of the written entry: `addDeletionOverride('Properties.flavor')`. */
  addDeletionOverride(path: string): void {
    this.pushOverride({ path: parseOverridePath(path), value: undefined });
  }

  private pushOverride(override: Override): void {
    this.overrides = [...(this.overrides ?? []), override];
  }

  /** @internal Heat's types spell their attributes the same way in both dialects. */
  _attributeName(canonical: string, _dialect: Dialect): string {
    return canonical;
  }

  /** @internal */
  _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    const properties: Record<string, Expr> = {};
    for (const [name, value] of Object.entries(this.properties)) {
      const resolved = resolveValue(value, ctx, 'Properties', name);
      if (resolved !== undefined) properties[name] = resolved;
    }
    let def: ResourceDef = {
      type: this.resourceType,
      properties,
      dependsOn: this.explicitDependencies(report),
      ...this.resolvedOptions(ctx),
    };
    if (this.overrides !== undefined) def = applyOverrides(def, this.overrides, ctx, report);
    // Checked as `heatstack validate` and Heat check the written entry, overrides included; a type no spec
    // knows (the escape hatch's own) is written as given, and so is an adopted resource (`external_id`).
    if (resourceType(def.type) !== undefined && def.externalId === undefined) {
      for (const p of checkProperties(def.type, def.properties)) report(`Properties.${p.path}: ${p.message}`);
    }
    return { section: 'resources', def };
  }
}
