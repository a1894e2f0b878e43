import type { Expr, ExprMap, OutputDef, ParameterDef, ResourceDef } from '../template/model.js';
import { mayHoldToken } from '../tokens/private/encoding.js';
import type { ResolveContext } from '../tokens/resolvable.js';
import { requireKnown } from '../tokens/resolve.js';
import { Construct } from './private/constructs-lib.js';
import { CreationSite } from './private/creation-site.js';
import { logicalIdOf } from './private/logical-id.js';
import { Stack } from './stack.js';

/** What an element contributes to its stack's template. */
export type ElementDefinition =
  | { readonly section: 'parameters'; readonly def: ParameterDef }
  | { readonly section: 'resources'; readonly def: ResourceDef }
  | { readonly section: 'outputs'; readonly def: OutputDef }
  | { readonly section: 'conditions'; readonly def: Expr }
  /** `def` is undefined where the dialect has no mappings (HOT): lookups are resolved at synth instead. */
  | { readonly section: 'mappings'; readonly def: ExprMap | undefined };

/** How an element reports a problem found at synth without stopping the others from being checked. */
export type ReportProblem = (message: string) => void;

/**
 * A construct that becomes an entry of its stack's template: a resource, a parameter or an output.
 * It registers itself with its stack, remembers where it was created, and has a logical id.
 */
export abstract class StackElement extends Construct {
  /** The stack whose template this element is part of. */
  readonly stack: Stack;
  /**
   * @internal Where the user created it, for messages. Recorded when created, unless the subclass defers it: a
   * container records it only when its props could fail the checks at synth (see `DockerContainer`).
   */
  _creation?: CreationSite = undefined;
  abstract readonly section: ElementDefinition['section'];
  private _logicalId?: string = undefined;

  constructor(scope: Construct, id: string, recordCreationSite = true) {
    super(scope, id);
    // The message's text is built only for an id that may hold a token: there may be tens of thousands of ids.
    if (mayHoldToken(id)) requireKnown(id, `the id of ${this.node.path}:`);
    if (recordCreationSite) this._creation = new CreationSite(new.target);
    this.stack = Stack.of(this);
    this.stack._elements.push(this);
  }

  /**
   * Records where the user created this element, for a subclass that deferred it; only while its constructor
   * runs, with `createdBy` its `new.target` (the frames of the constructors are left out).
   */
  protected recordCreationSite(createdBy: abstract new (...args: never[]) => unknown): void {
    this._creation = new CreationSite(createdBy);
  }

  /**
   * The element's name in the template: its id when created directly in the stack (`Blog`), otherwise its path
   * below the stack in PascalCase plus a hash of that path (`SiteDatabase3F2A1B9C`).
   */
  get logicalId(): string {
    this._logicalId ??= this.node.scope === this.stack ? this.node.id : logicalIdOf(this.pathBelowStack());
    return this._logicalId;
  }

  /** Gives the element a logical id of your choice, for instance to keep a resource's name after a refactor. */
  overrideLogicalId(id: string): void {
    this._logicalId = id;
  }

  /** @internal The element's template entry, with every token resolved. */
  abstract _synthesize(context: ResolveContext, report: ReportProblem): ElementDefinition;

  private pathBelowStack(): string[] {
    const ids: string[] = [];
    for (let c: Construct | undefined = this; c !== undefined && c !== this.stack; c = c.node.scope as Construct) {
      ids.push(c.node.id);
    }
    return ids.reverse();
  }
}
