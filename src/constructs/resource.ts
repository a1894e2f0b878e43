import type { Construct } from 'constructs';
import { Call, call, type Dialect, type Expr, type ExprMap, type ResourceDef } from '../template/model.js';
import { TokenError } from '../tokens/errors.js';
import { registerString } from '../tokens/private/token-map.js';
import { Intrinsic, type IResolvable, type Resolvable, type ResolveContext } from '../tokens/resolvable.js';
import { resolveValue } from '../tokens/resolve.js';
import { Token } from '../tokens/token.js';
import { type ConditionKey, conditionKeyOf } from './condition.js';
import { type ReportProblem, StackElement } from './element.js';

/** What Heat does with a resource's physical object when the resource leaves the stack. */
export type DeletionPolicy = 'Delete' | 'Retain' | 'Snapshot';

/** What every resource may have besides its properties (Heat's resource keys). */
export interface ResourceOptions {
  /** `DeletionPolicy` / `deletion_policy`. @default - Heat's: Delete */
  readonly deletionPolicy?: DeletionPolicy | IResolvable;
  /** `UpdatePolicy` / `update_policy`: the keys the type accepts (a ResourceGroup's `rolling_update`, …). @default - none */
  readonly updatePolicy?: Readonly<Record<string, unknown>>;
  /** `Metadata` / `metadata`: free-form data kept with the resource. @default - none */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * The resource exists only when this condition holds (`Condition` / `condition`): a `Condition`, a boolean, or an
   * expression written in place (`Fn.conditionNot(isProd)`). @default - always
   */
  readonly condition?: ConditionKey;
  /** The resource's description (`Description` / `description`). @default - none */
  readonly description?: string;
  /**
   * `external_id` (HOT 2016-10-14 and newer): the id of an existing object the resource adopts instead of creating
   * one. Heat checks no property of an adopted resource (it only looks the object up), so synth checks none either.
   * @default - none: the resource is created
   */
  readonly externalId?: string | IResolvable;
}

/**
 * A resource of a stack's template. Its attributes and id are tokens; using one in another element of the same
 * stack makes that element depend on this resource, as Heat infers it.
 */
export abstract class Resource extends StackElement {
  readonly section = 'resources' as const;
  // Created on first use: a stack may hold tens of thousands of resources, most without explicit dependencies.
  private dependencies?: Set<Resource> = undefined;
  /**
   * Attribute keys and their string tokens, alternating: a resource uses few attributes, a search is cheapest. A
   * key is an attribute's canonical name, `attribute/path…` for a path into it, or `''` for the resource's id; an
   * attribute read as a whole map (no string token) has `''` for its token.
   */
  protected tokens?: string[] = undefined;
  /** Its resource keys besides properties: one field, unset for most resources of a large stack. */
  private options?: ResourceOptions = undefined;

  /** `recordCreationSite`: see `StackElement`. */
  constructor(scope: Construct, id: string, recordCreationSite = true, options?: ResourceOptions) {
    super(scope, id, recordCreationSite);
    this.options = options;
  }

  /** `DeletionPolicy` / `deletion_policy`: `Retain` keeps the physical object when the resource goes. */
  get deletionPolicy(): DeletionPolicy | IResolvable | undefined {
    return this.options?.deletionPolicy;
  }
  set deletionPolicy(value: DeletionPolicy | IResolvable | undefined) {
    this.options = { ...this.options, deletionPolicy: value };
  }
  /** `UpdatePolicy` / `update_policy`. */
  get updatePolicy(): Readonly<Record<string, unknown>> | undefined {
    return this.options?.updatePolicy;
  }
  set updatePolicy(value: Readonly<Record<string, unknown>> | undefined) {
    this.options = { ...this.options, updatePolicy: value };
  }
  /** `Metadata` / `metadata`. */
  get metadata(): Readonly<Record<string, unknown>> | undefined {
    return this.options?.metadata;
  }
  set metadata(value: Readonly<Record<string, unknown>> | undefined) {
    this.options = { ...this.options, metadata: value };
  }
  /** The condition the resource exists under. */
  get condition(): ConditionKey | undefined {
    return this.options?.condition;
  }
  set condition(value: ConditionKey | undefined) {
    this.options = { ...this.options, condition: value };
  }
  /** The resource's description in the template. */
  get description(): string | undefined {
    return this.options?.description;
  }
  set description(value: string | undefined) {
    this.options = { ...this.options, description: value };
  }

  /** @internal The resource keys its options give, resolved (none when it has no options). */
  protected resolvedOptions(ctx: ResolveContext): Partial<ResourceDef> {
    const o = this.options;
    if (o === undefined) return NO_RESOURCE_OPTIONS;
    const out: { -readonly [K in keyof ResourceDef]?: ResourceDef[K] } = {};
    if (o.deletionPolicy !== undefined) out.deletionPolicy = resolveValue(o.deletionPolicy, ctx, 'DeletionPolicy');
    if (o.updatePolicy !== undefined) out.updatePolicy = resolveValue(o.updatePolicy, ctx, 'UpdatePolicy');
    if (o.metadata !== undefined) out.metadata = resolveValue(o.metadata, ctx, 'Metadata') as ExprMap;
    if (o.condition !== undefined) out.condition = conditionKeyOf(o.condition, ctx);
    if (o.description !== undefined) out.description = o.description;
    if (o.externalId !== undefined) out.externalId = resolveValue(o.externalId, ctx, 'external_id');
    return out;
  }

  /** Whether it adopts an existing object (`externalId`): Heat checks none of its properties. */
  protected get adopted(): boolean {
    return this.options?.externalId !== undefined;
  }

  /** The resource's id once created (`Ref` / `get_resource`). */
  get ref(): string {
    return this.knownToken('') ?? this.newToken('', new ResourceReference(this));
  }

  /** Makes this resource wait for others (`DependsOn` / `depends_on`), for orders no reference implies. */
  addDependency(...resources: Resource[]): void {
    this.dependencies ??= new Set();
    for (const r of resources) this.dependencies.add(r);
  }

  /** The logical ids of `addDependency`'s resources, sorted; those it cannot depend on are reported. */
  protected explicitDependencies(report: ReportProblem): readonly string[] {
    if (this.dependencies === undefined) return NO_DEPENDENCIES;
    const ids: string[] = [];
    for (const d of this.dependencies) {
      if (d.stack !== this.stack) report(`depends on ${d.node.path}, which is in another stack (${d.stack.stackName})`);
      else if (d === this) report('depends on itself');
      else ids.push(d.logicalId);
    }
    return ids.sort();
  }

  /** @internal The attribute's name as the type chosen for `dialect` spells it. */
  abstract _attributeName(canonical: string, dialect: Dialect): string;

  /** @internal The string token already made for an attribute key, if any: one token per attribute. */
  protected knownToken(key: string): string | undefined {
    const tokens = this.tokens;
    if (tokens === undefined) return undefined;
    for (let i = 0; i < tokens.length; i += 2) if (tokens[i] === key) return tokens[i + 1] as string;
    return undefined;
  }

  /** @internal Makes and remembers the string token of an attribute key (see `knownToken`). */
  protected newToken(key: string, resolvable: Resolvable): string {
    const token = registerString(resolvable);
    // A new array of the exact length: `push` would reserve room for 16 more, on each of thousands of resources.
    this.tokens = this.tokens === undefined ? [key, token] : this.tokens.concat(key, token);
    return token;
  }
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);
/** @internal What `resolvedOptions` gives a resource without options: tell it apart without looking inside. */
export const NO_RESOURCE_OPTIONS: Partial<ResourceDef> = Object.freeze({});
const NO_PATH: readonly (string | number)[] = Object.freeze([]);

/** Checks that `ctx`'s element may refer to `target`: same stack, not itself, not from a parameter. */
function checkReference(target: StackElement, what: string, ctx: ResolveContext): void {
  if (ctx.section === 'parameters') {
    throw new TokenError(
      `${ctx.referrerPath}: a parameter cannot refer to ${target.node.path} (${what}); parameters are inputs`,
    );
  }
  if ((ctx.section === 'conditions' || ctx.section === 'mappings') && target.section === 'resources') {
    throw new TokenError(
      `${ctx.referrerPath}: a ${ctx.section === 'conditions' ? 'condition is decided from parameters' : 'mapping holds plain values'} only, and cannot refer to ${target.node.path} (${what})`,
    );
  }
  if (target.stack !== ctx.stack) {
    throw new TokenError(
      `${ctx.referrerPath} refers to ${target.node.path} (${what}), which is in another stack (${target.stack.stackName}). ` +
        'A stack can refer only to its own resources and parameters: move them into one stack, or pass the value as a Parameter.',
    );
  }
  if (target === ctx.referrer) {
    throw new TokenError(
      `${ctx.referrerPath} refers to itself (${what}): a resource cannot depend on its own attributes`,
    );
  }
}

/** A resource attribute (`Fn::GetAtt` / `get_attr`), optionally a path into it. */
export class AttributeReference extends Intrinsic {
  constructor(
    private readonly resource: Resource,
    private readonly attribute: string,
    private readonly path: readonly (string | number)[] = NO_PATH,
  ) {
    super();
  }
  /** Computed when the token string is made, not kept: there is one reference per attribute used. */
  get displayHint(): string {
    return `${this.resource.node.id}.${this.attribute}`;
  }
  resolve(ctx: ResolveContext): Expr {
    const resource = this.resource;
    checkReference(resource, this.attribute, ctx);
    const id = resource.logicalId;
    ctx.references?.push(id);
    const name = resource._attributeName(this.attribute, ctx.dialect);
    if (this.path.length === 0) return new Call('get_attr', [id, name]);
    // A path element may be a token (the network a parameter names: `getAtt('addresses', net.valueAsString)`).
    const path = this.path.map((key, i) => resolveValue(key, ctx, this.displayHint, i) ?? null);
    if (ctx.dialect === 'hot') {
      ctx.functions?.add('get_attr');
      return call('get_attr', this.resource.logicalId, name, ...path);
    }
    // CFN's Fn::GetAtt takes no path: select each key or index in turn.
    ctx.functions?.add('select');
    let expr: Expr = call('get_attr', this.resource.logicalId, name);
    for (const key of path) expr = call('select', key, expr);
    return expr;
  }
  override toString(): string {
    return Token.asString(this);
  }
}

/** A resource's id (`Ref` / `get_resource`). */
class ResourceReference extends Intrinsic {
  readonly displayHint: string;
  constructor(private readonly resource: Resource) {
    super();
    this.displayHint = `${resource.node.id}.Ref`;
  }
  resolve(ctx: ResolveContext): Expr {
    checkReference(this.resource, 'its id', ctx);
    ctx.references?.push(this.resource.logicalId);
    return call('get_resource', this.resource.logicalId);
  }
  override toString(): string {
    return Token.asString(this);
  }
}

export { checkReference as _checkReference };
