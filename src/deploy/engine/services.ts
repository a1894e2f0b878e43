import type { Expr, Template } from '../../template/model.js';
import type { DeployTarget } from '../../template/resource-types/type-module.js';
import type { Locator, ResourceHandler, StackIdentity } from '../handler.js';
import type { Plan } from '../plan/plan.js';
import type { ObservedObject } from '../plan/planner.js';
import type { StateStore } from '../state/store.js';
import type { EngineListener } from './run.js';

/** What an expression may ask while being evaluated: every attribute it reads has been fetched beforehand. */
export interface EvaluationContext {
  readonly template: Template;
  readonly parameters: Readonly<Record<string, unknown>>;
  resourceId(name: string): string | undefined;
  attribute(resource: string, attributeAsSpelled: string): unknown;
}

/**
 * The template functions the engine needs, taken as an interface so the engine's ordering and rollback logic can be
 * tested on its own; `defaultTemplateServices()` wires heatstack's own.
 */
export interface TemplateServices {
  evaluate(expr: Expr, ctx: EvaluationContext): unknown;
  conditionHolds(template: Template, condition: Expr, parameters: Readonly<Record<string, unknown>>): boolean;
  /** Spelled property names → canonical ones with defaults; throws naming the property path. */
  normalizeProperties(typeName: string, resolved: Record<string, unknown>): Record<string, unknown>;
  /** A type's spelling of an attribute → its canonical name (`NetworkIp` → `network_ip`). */
  canonicalAttribute(typeName: string, spelled: string): string | undefined;
}

/** Where resources live: a handler per type, and the labelled objects a stack owns there (`deploy/backend.ts`). */
export interface Backend {
  /** Where it deploys (`docs/swarm.md`); absent: plain Docker. A stack's record keeps the target it was created on. */
  readonly target?: DeployTarget;
  handlerFor(type: string): ResourceHandler | undefined;
  /** What the target cannot deploy in the template (`DeployBinding.check`), each as `<path>: why`. */
  refusals?(template: Template): string[];
  /**
   * Every object the backend's handlers hold under the stack's name label (those of a stack of the same name recorded
   * elsewhere too: `ObservedObject.owner` tells them apart), at the default place and at each of
   * `locators` (the records' `locator`s). Each place is asked on its own: one that cannot be asked is reported in
   * `unreachable` instead of failing the rest. `types`: only the handlers of these type names are asked (a deploy
   * asks for its template's and record's types: a stack of containers costs one list call).
   */
  observe(stack: string, locators: readonly Locator[], types?: ReadonlySet<string>): Promise<Observation>;
  /**
   * Removes what the handlers still own under the stack's labels at those places — the stack's own objects only
   * (`ownedBy`) — optionally only what one run created. Resolves to how many objects it removed.
   */
  removeLeftovers(
    stack: StackIdentity,
    locators: readonly Locator[],
    deployId?: string,
    keep?: ReadonlySet<string>,
  ): Promise<number>;
}

/** What the backend holds under a stack's labels, and the places it could not ask. */
export interface Observation {
  readonly objects: ObservedObject[];
  /** A place's `locatorKey` (`''` for the default) → why it could not be asked. */
  readonly unreachable: ReadonlyMap<string, string>;
}

export const DEFAULT_CONCURRENCY = 10;

export interface EngineOptions extends EngineListener {
  readonly store: StateStore;
  readonly backend: Backend;
  readonly services: TemplateServices;
  /** Operations run at once; default `DEFAULT_CONCURRENCY`. */
  readonly concurrency?: number;
  /** Shown the plan before it runs. */
  readonly onPlan?: (plan: Plan) => void;
  /**
   * Aborting it (Ctrl-C) interrupts the run: nothing new starts, what is under way finishes (a handler may give up a
   * create), and a deploy then rolls back as after a failure — completely, the rollback no longer hearing the
   * signal. Destroy, suspend and resume stop and record how far they got.
   */
  readonly signal?: AbortSignal;
  /**
   * Delete objects whose DeletionPolicy is `Retain` too (`destroy --delete-volumes`): by default a delete keeps them
   * (`retention.ts`).
   */
  readonly deleteRetained?: boolean;
}
