import { RESOURCE_TYPES } from '../template/resource-types/registry.js';
import type { DeployBinding, DeployTarget, ResourceTypeModule } from '../template/resource-types/type-module.js';
import type { Backend, Observation } from './engine/services.js';
import type {
  Created,
  CreateRequest,
  ExistingResource,
  HandlerOptions,
  Locator,
  ResourceHandler,
  StackIdentity,
  TypeHandler,
} from './handler.js';
import type { Fingerprint } from './plan/drift.js';

/**
 * The engine's backend, built from the type registry: a handler per deployable type name, and the stack's objects
 * as each handler observes and sweeps what it owns. A handler's module is loaded on its first call (a plan that
 * never reaches a backend loads none, and the Docker client loads only when a daemon is asked).
 */
export function createBackend(
  options: HandlerOptions = {},
  modules: readonly ResourceTypeModule[] = RESOURCE_TYPES,
  target: DeployTarget = 'docker',
): Backend {
  const handlers = new Map<string, LazyHandler>();
  const checks = new Map<string, (logicalId: string, properties: Record<string, unknown>) => string[]>();
  const owners: LazyHandler[] = [];
  for (const module of modules) {
    if (module.deploy === undefined) continue;
    const names = module.schema.names.map((n) => n.name);
    const binding = (target === 'docker' ? undefined : module.deploy.targets?.[target]) ?? module.deploy;
    const handler = new LazyHandler(binding, names, options);
    owners.push(handler);
    for (const name of names) handlers.set(name, handler);
    const check = binding.check;
    if (check === undefined) continue;
    for (const { name, properties: spelled } of module.schema.names) {
      const canonical = new Map(Object.entries(spelled).map(([c, s]) => [s, c]));
      checks.set(name, (logicalId, properties) =>
        check(logicalId, Object.fromEntries(Object.entries(properties).map(([k, v]) => [canonical.get(k) ?? k, v]))),
      );
    }
  }
  return {
    target,
    refusals: (template) =>
      Object.entries(template.resources).flatMap(([name, r]) => checks.get(r.type)?.(name, r.properties) ?? []),
    handlerFor: (type: string): ResourceHandler | undefined => handlers.get(type),
    async observe(stack, locators, types): Promise<Observation> {
      const asked = types === undefined ? owners : owners.filter((h) => h.handles(types));
      const observations = await Promise.all(asked.map((h) => h.observe(stack, locators)));
      const unreachable = new Map<string, string>();
      for (const o of observations) for (const [key, reason] of o.unreachable) unreachable.set(key, reason);
      return { objects: observations.flatMap((o) => o.objects), unreachable };
    },
    async removeLeftovers(stack, locators, deployId, keep): Promise<number> {
      let removed = 0;
      for (const handler of owners) removed += await handler.sweep(stack, locators, deployId, keep);
      return removed;
    },
  };
}

/** A type's handler, its module loaded on the first call that needs it. */
class LazyHandler implements TypeHandler {
  private loaded?: Promise<TypeHandler> = undefined;
  readonly defaultDeletionPolicy: DeployBinding['defaultDeletionPolicy'];
  readonly quickUpdates: DeployBinding['quickUpdates'];
  readonly listedAttributes: DeployBinding['listedAttributes'];
  /** Only for a type that adopts objects (`external_id`): absent, the engine refuses to adopt one. */
  readonly exists?: (resource: ExistingResource) => Promise<boolean>;

  constructor(
    private readonly binding: Omit<DeployBinding, 'targets'>,
    private readonly typeNames: readonly string[],
    private readonly options: HandlerOptions,
  ) {
    this.defaultDeletionPolicy = binding.defaultDeletionPolicy;
    this.quickUpdates = binding.quickUpdates;
    this.listedAttributes = binding.listedAttributes;
    if (binding.adopts) this.exists = async (resource) => (await this.handler()).exists?.(resource) ?? false;
  }

  /** Whether it is the handler of one of `types`. */
  handles(types: ReadonlySet<string>): boolean {
    return this.typeNames.some((n) => types.has(n));
  }

  private handler(): Promise<TypeHandler> {
    this.loaded ??= this.binding.load().then((m) => m.createHandler(this.typeNames, this.options));
    return this.loaded;
  }

  locatorOf(properties: Readonly<Record<string, unknown>>): Locator {
    return this.binding.locatorOf(properties);
  }
  async create(request: CreateRequest): Promise<Created> {
    return (await this.handler()).create(request);
  }
  async update(resource: ExistingResource, request: CreateRequest): Promise<{ fingerprint?: Fingerprint }> {
    const handler = await this.handler();
    if (handler.update === undefined) throw new Error(`the handler of ${resource.type} cannot update in place`);
    return handler.update(resource, request);
  }
  async fingerprint(resource: ExistingResource): Promise<Fingerprint> {
    const handler = await this.handler();
    return handler.fingerprint ? handler.fingerprint(resource) : {};
  }
  async delete(resource: ExistingResource): Promise<void> {
    return (await this.handler()).delete(resource);
  }
  async suspend(resource: ExistingResource): Promise<void> {
    return (await this.handler()).suspend(resource);
  }
  async resume(resource: ExistingResource): Promise<void> {
    return (await this.handler()).resume(resource);
  }
  async repair(resource: ExistingResource): Promise<void> {
    const handler = await this.handler();
    return handler.repair ? handler.repair(resource) : handler.resume(resource);
  }
  async attribute(resource: ExistingResource, attribute: string): Promise<unknown> {
    return (await this.handler()).attribute(resource, attribute);
  }
  async observe(stack: string, locators: readonly Locator[]): Promise<Observation> {
    // Reported as the last type name, as `LoadedHandler.createHandler`'s handler reports them.
    const observe = this.binding.observe;
    if (observe !== undefined) return observe(stack, locators, this.typeNames[this.typeNames.length - 1] ?? '');
    return (await this.handler()).observe(stack, locators);
  }
  async sweep(
    stack: StackIdentity,
    locators: readonly Locator[],
    deployId?: string,
    keep?: ReadonlySet<string>,
  ): Promise<number> {
    return (await this.handler()).sweep(stack, locators, deployId, keep);
  }
}
