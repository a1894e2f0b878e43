import { desiredStack } from '../../../src/deploy/engine/desired.js';
import type { Backend, Observation, TemplateServices } from '../../../src/deploy/engine/services.js';
import {
  type CreateRequest,
  type ExistingResource,
  InterruptedError,
  type Locator,
  madeFor,
  type ResourceHandler,
  type StackIdentity,
  type StackOwner,
} from '../../../src/deploy/handler.js';
import type { ResourceRecord } from '../../../src/deploy/state/record.js';
import { HeatstackError } from '../../../src/errors.js';
import { type Expr, isCall, isExprMap, type Template } from '../../../src/template/model.js';

/**
 * An in-memory backend for the engine's own logic (ordering, rollback, recovery): objects are records in a map, and
 * a test can make a create fail or hold until released. Real behaviour is tested against Docker elsewhere.
 */
export class FakeBackend implements Backend {
  readonly objects = new Map<
    string,
    {
      stack: string;
      /** The record it was made for, as the Docker handlers label it (`LABELS.stackId`). */
      owner?: StackOwner;
      logicalId: string;
      configHash: string;
      deployId: string;
      running: boolean;
      properties: Record<string, unknown>;
    }
  >();
  readonly calls: string[] = [];
  /** Logical ids (or `id:image`) whose create throws. */
  readonly failing = new Map<string, string>();
  /** Logical ids whose create leaves an object behind before failing (a container created but not started). */
  readonly leaveObjectOnFailure = new Set<string>();
  /** Logical ids whose delete throws this message (the object stays). */
  readonly failingDeletes = new Map<string, string>();
  /** Logical ids whose objects cannot be started again (a repair fails). */
  readonly cannotStart = new Set<string>();
  /** Milliseconds a create takes, per logical id. */
  readonly delays = new Map<string, number>();
  /** Logical ids whose create waits until the test releases it (`hold`). */
  private readonly holds = new Map<string, Promise<void>>();
  /** Milliseconds a delete, suspend or resume takes, per `<kind> <logical id>` (`delete A`). */
  readonly stepDelays = new Map<string, number>();
  private next = 1;
  private running = 0;
  maxConcurrent = 0;

  /**
   * Holds the create of `logicalId` until the returned function is called: a test acts while it is under way,
   * however slowly the machine runs (a fixed delay is a race under load).
   */
  hold(logicalId: string): () => void {
    let release = () => {};
    this.holds.set(logicalId, new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  }

  readonly handler: ResourceHandler = {
    create: async (req: CreateRequest) => {
      this.calls.push(`create ${req.logicalId}`);
      this.running++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
      try {
        await sleep(this.delays.get(req.logicalId) ?? 0);
        await this.holds.get(req.logicalId);
        // As the Docker handler does: a create interrupted meanwhile is given up, leaving nothing.
        if (req.signal?.aborted) throw new InterruptedError();
        const id = `c${String(this.next++).padStart(3, '0')}`;
        const failure =
          this.failing.get(req.logicalId) ?? this.failing.get(`${req.logicalId}:${String(req.properties.image)}`);
        if (failure !== undefined && !this.leaveObjectOnFailure.has(req.logicalId)) throw new HeatstackError(failure);
        this.objects.set(id, {
          stack: req.stack,
          ...(req.owner && { owner: req.owner }),
          logicalId: req.logicalId,
          configHash: req.configHash,
          deployId: req.deployId,
          running: true,
          properties: { ...req.properties },
        });
        if (failure !== undefined) throw new HeatstackError(failure);
        return { physicalId: id };
      } finally {
        this.running--;
      }
    },
    delete: async (res: ExistingResource) => {
      this.calls.push(`delete ${res.logicalId}`);
      await sleep(this.stepDelays.get(`delete ${res.logicalId}`) ?? 0);
      const failure = this.failingDeletes.get(res.logicalId);
      if (failure !== undefined) throw new HeatstackError(failure);
      this.objects.delete(res.physicalId);
    },
    suspend: async (res: ExistingResource) => {
      this.calls.push(`suspend ${res.logicalId}`);
      await sleep(this.stepDelays.get(`suspend ${res.logicalId}`) ?? 0);
      const o = this.objects.get(res.physicalId);
      if (o) o.running = false;
    },
    resume: async (res: ExistingResource) => {
      this.calls.push(`resume ${res.logicalId}`);
      const o = this.objects.get(res.physicalId);
      if (o) o.running = true;
    },
    repair: async (res: ExistingResource) => {
      this.calls.push(`repair ${res.logicalId}`);
      if (this.cannotStart.has(res.logicalId)) throw new HeatstackError(`${res.logicalId} exited again at once`);
      const o = this.objects.get(res.physicalId);
      if (o) o.running = true;
    },
    attribute: async (res: ExistingResource, attribute: string) => {
      const o = this.objects.get(res.physicalId);
      if (o === undefined) throw new HeatstackError(`${res.physicalId} is gone`);
      if (attribute === 'network_ip' && !o.running) throw new HeatstackError(`${res.logicalId} is not running`);
      if (attribute === 'network_ip') return `10.0.0.${res.physicalId.slice(1)}`;
      if (attribute === 'logs_head') return `secret-of-${res.logicalId}`;
      // As Docker's `info` shows a container's environment: whatever it was given, hidden values too.
      if (attribute === 'env') return o.properties.env;
      return undefined;
    },
  };

  handlerFor(type: string): ResourceHandler | undefined {
    return type === 'Test::Thing' ? this.handler : undefined;
  }

  async observe(stack: string): Promise<Observation> {
    const objects = [...this.objects]
      .filter(([, o]) => o.stack === stack)
      .map(([physicalId, o]) => ({
        logicalId: o.logicalId,
        physicalId,
        configHash: o.configHash,
        deployId: o.deployId,
        ...(o.owner && { owner: o.owner }),
        type: 'Test::Thing',
        state: o.running
          ? { phase: 'running' as const, description: 'running' }
          : { phase: 'stopped' as const, description: 'exited (137)' },
      }));
    return { objects, unreachable: new Map() };
  }

  async removeLeftovers(
    stack: StackIdentity,
    _locators: readonly Locator[],
    deployId?: string,
    keep: ReadonlySet<string> = new Set(),
  ): Promise<number> {
    let removed = 0;
    for (const [id, o] of this.objects)
      if (
        o.stack === stack.name &&
        madeFor(stack, o.owner) &&
        (deployId === undefined || o.deployId === deployId) &&
        !keep.has(id)
      ) {
        this.objects.delete(id);
        removed++;
      }
    return removed;
  }

  /** Object ids of a stack, by logical id. */
  of(stack: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [id, o] of this.objects) {
      if (o.stack !== stack) continue;
      out[o.logicalId] ??= [];
      out[o.logicalId]?.push(id);
    }
    return out;
  }
}

/**
 * Just enough of the template functions for these tests: `get_param`, `get_resource`, `get_attr` (attribute names
 * as spelled: `Ip`, `Secret`, `Env`) and `join`. The real ones are tested in test/template.
 */
export const fakeServices: TemplateServices = {
  evaluate(expr, ctx) {
    const walk = (e: Expr): unknown => {
      if (isCall(e)) {
        const a = e.args;
        if (e.fn === 'get_param') return ctx.parameters[a[0] as string];
        if (e.fn === 'get_resource') return ctx.resourceId(a[0] as string);
        if (e.fn === 'get_attr') return ctx.attribute(a[0] as string, a[1] as string);
        if (e.fn === 'join') return (walk(a[1] as Expr) as unknown[]).map(String).join(a[0] as string);
        throw new HeatstackError(`unsupported ${e.fn}`);
      }
      if (Array.isArray(e)) return e.map(walk);
      if (isExprMap(e)) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, walk(v)]));
      return e;
    };
    return walk(expr);
  },
  conditionHolds(template: Template, condition, parameters) {
    const c = typeof condition === 'string' ? template.conditions[condition] : condition;
    if (isCall(c) && c.fn === 'equals')
      return parameters[(c.args[0] as { args: string[] }).args[0] as string] === c.args[1];
    return c === true;
  },
  normalizeProperties(_type, resolved) {
    if (resolved.fail_normalize) throw new HeatstackError('Properties.fail_normalize: not allowed');
    return resolved;
  },
  canonicalAttribute(_type, spelled) {
    return ({ Ip: 'network_ip', Secret: 'logs_head', Env: 'env' } as Record<string, string>)[spelled];
  },
};

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));
}

/**
 * The records a successful deploy of `template` leaves (physical ids `c-<name>`, deploy `d1`), with the fake
 * services: what planner tests put in front of the planner as the current stack.
 */
export function deployedRecords(
  template: Template,
  parameters: Record<string, unknown> = {},
): Record<string, ResourceRecord> {
  const desired = desiredStack(template, parameters, fakeServices);
  const out: Record<string, ResourceRecord> = {};
  for (const name of desired.graph.keys()) {
    out[name] = {
      type: 'Test::Thing',
      status: 'CREATE_COMPLETE',
      statusReason: '',
      physicalId: `c-${name}`,
      configHash: desired.hashes.get(name),
      properties: desired.meanings?.get(name)?.properties as Record<string, unknown> | undefined,
      deployId: 'd1',
      dependsOn: [...(desired.graph.get(name) ?? [])],
      locator: {},
      updatedAt: '',
    };
  }
  return out;
}
