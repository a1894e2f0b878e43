import type { Construct } from 'constructs';
import { Call, call, type Dialect, type Expr } from '../template/model.js';
import { TokenError } from '../tokens/errors.js';
import { registerString } from '../tokens/private/token-map.js';
import { Intrinsic, type Resolvable, type ResolveContext } from '../tokens/resolvable.js';
import { Token } from '../tokens/token.js';
import { type ReportProblem, StackElement } from './element.js';

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

  /** `recordCreationSite`: see `StackElement`. */
  constructor(scope: Construct, id: string, recordCreationSite = true) {
    super(scope, id, recordCreationSite);
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
const NO_PATH: readonly (string | number)[] = Object.freeze([]);

/** Checks that `ctx`'s element may refer to `target`: same stack, not itself, not from a parameter. */
function checkReference(target: StackElement, what: string, ctx: ResolveContext): void {
  if (ctx.section === 'parameters') {
    throw new TokenError(
      `${ctx.referrerPath}: a parameter cannot refer to ${target.node.path} (${what}); parameters are inputs`,
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
    if (ctx.dialect === 'hot') {
      ctx.functions?.add('get_attr');
      return call('get_attr', this.resource.logicalId, name, ...this.path);
    }
    // CFN's Fn::GetAtt takes no path: select each key or index in turn.
    ctx.functions?.add('select');
    let expr: Expr = call('get_attr', this.resource.logicalId, name);
    for (const key of this.path) expr = call('select', key, expr);
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
