import type { Observation } from '../../deploy/engine/services.js';
import type { LoadedHandler, Locator } from '../../deploy/handler.js';
import type { Dialect, ExprMap } from '../model.js';
import type { PropertySchema, ResourceTypeSchema } from './schema.js';

/**
 * Everything heatstack knows about one resource type (or a small family sharing one schema), in one module, as a
 * Heat plugin file holds its schema and its behaviour and ends with `resource_mapping()`. The registry
 * (`registry.ts`) lists the modules; validation, synth, the planner, the deploy backend and the docs read it.
 * How to add one: `docs/adding-a-resource-type.md`.
 */
export interface ResourceTypeModule {
  /** Type names (each with its spelling of properties and attributes), properties and attributes. */
  readonly schema: ResourceTypeSchema;
  /** Where a type name's Heat plugin accepts more than the schema demands (validation's Heat verdict). */
  readonly validation?: ValidationRules;
  /** How the generic construct (`TypedResource`) writes props of this type. */
  readonly construct?: ConstructRules;
  /** How to deploy it; absent for a type that only synthesizes and validates (deploy refuses it by name). */
  readonly deploy?: DeployBinding;
  /**
   * A stock Heat 19 type heatstack runs itself (`OS::Heat::RandomString`): validation reads what else Heat's
   * definition says (its update policy keys, whether it snapshots) from `heat-spec.ts`, on first use.
   */
  readonly definedByHeat?: true;
}

type Fields = Readonly<Record<string, PropertySchema>>;

export interface ValidationRules {
  /**
   * The fields (canonical names) as the plugin behind `typeName` declares them, derived from the schema's: a
   * problem only the schema sees is heatstack's own demand, reported as a warning. Undefined: the schema is Heat's.
   */
  pluginFields?(typeName: string, fields: Fields): Fields | undefined;
  /** A value as written for `typeName`, in the schema's shape (a plugin that took a string where the schema has a list). */
  readValue?(typeName: string, canonical: string, value: unknown): unknown;
  /** Heat's message for a value the plugin refuses though the schema's shape takes it (a list as a `String`). */
  refusedValue?(typeName: string, canonical: string, value: unknown): string | undefined;
  /**
   * Heat takes any attribute name (a group's `resource.0.name`, a member's attribute): its plugin resolves names its
   * schema does not list.
   */
  readonly anyAttribute?: true;
}

/** Facts about a value the construct layer knows and a type's rules may ask. */
export interface ConstructValues {
  /** The value of a prop by its canonical name; undefined when not set. */
  get(canonical: string): unknown;
  /** Whether a list item stands for a whole list of unknown length (a list token). */
  isListOfUnknownLength(item: unknown): boolean;
}

export interface ConstructRules {
  /** What the type is called in a construct's messages (`no Docker container type has all of …`). */
  readonly kind?: string;
  /** For a required prop (canonical name), an example value its message suggests (`image: 'name:tag'`). */
  readonly requiredExample?: Readonly<Record<string, string>>;
  /**
   * Type names to try in order, per dialect: the first that spells every prop set and attribute read is written.
   * Default: the schema's order.
   */
  readonly preferredNames?: Readonly<Record<Dialect, readonly string[]>>;
  /** Why `typeName` cannot hold these values although it spells them all (its plugin's shape), else undefined. */
  cannotTake?(typeName: string, values: ConstructValues): string | undefined;
  /**
   * A value in the shape `typeName` writes it, before the generic shaping (camelCase fields of maps with known
   * fields → the schema's spelling); `undefined` leaves the property out.
   */
  shape?(canonical: string, value: unknown, typeName: string): unknown;
}

/**
 * How a deployable type reaches its handler. The handler module is loaded on first use, so synth and validate never
 * load deploy code (nor the Docker client).
 */
export interface DeployBinding {
  /**
   * The engine runs it and the backend holds no object for it (`OS::Heat::RandomString`): its record is its ground
   * truth, so a recorded one counts as observed (`deploy/heat/engine-run.ts`).
   */
  readonly engineRun?: true;
  /**
   * What the state record keeps to find the resource's object again, from its normalized properties: only what
   * locates it (`docker_endpoint`), never values that may be secret. `{}`: the backend's default place.
   */
  locatorOf(properties: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
  /**
   * Set for a type that honours Heat's `DeletionPolicy: Retain` (its handler labels objects with their policy and
   * never sweeps a retained one): the policy when the template gives none. Absent: a delete always deletes.
   */
  readonly defaultDeletionPolicy?: 'Retain' | 'Delete';
  /**
   * Whether a running object takes this new value of an `updateAllowed` property in place (the handler's `update`);
   * false: the change replaces it. Absent: every such change is made in place.
   */
  inPlace?(property: string, value: unknown): boolean;
  /**
   * What an object of these properties holds that its replacement would need too (`a fixed name`), so a replace must
   * delete it first; undefined: the new object is created (and running) before the old one is deleted.
   */
  holds?(properties: Readonly<Record<string, unknown>>): string | undefined;
  /** The handler module. Types whose binding loads the same module share one handler instance per backend. */
  load(): Promise<LoadedHandler>;
  /**
   * Lists the type's objects under the stack's labels as its handler's `observe` does (objects reported as `type`),
   * loading only the listing code: a deploy that changes nothing asks the backend nothing else, and need not load the
   * handler (create, update, logs: `docs/convergence.md`). Absent: the handler observes.
   */
  observe?(stack: string, locators: readonly Locator[], type: string): Promise<Observation>;
  /**
   * Reads what a resource takes from local files before anything is deployed, as Heat's client reads the files a
   * template names relative to it: the properties (as written) with those files read, relative to `baseDir` (the
   * deployed file's folder). Throws a `HeatstackError` naming `at` (`Resources.<name>.Properties`) on a bad path.
   * Loads its code lazily, as `load` does.
   */
  readLocalFiles?(properties: ExprMap, baseDir: string, at: string): Promise<ExprMap>;
  /**
   * Its handler changes an object to a new configuration in place (`ResourceHandler.update`: a Swarm rolling update)
   * rather than the engine deleting and creating it.
   */
  readonly updatesInPlace?: boolean;
  /**
   * A resource of it may adopt an existing object (`external_id`): its handler looks one up (`ResourceHandler.exists`,
   * `deploy/engine/external.ts`).
   */
  readonly adopts?: true;
  /**
   * Its handler's `update` is one short call that does not wait on the object (a container's limits): the engine runs
   * many at once (`QUICK_CONCURRENCY`, `deploy/engine/operations.ts`), beside the creates and deletes `concurrency` bounds.
   */
  readonly quickUpdates?: true;
  /**
   * The attributes (canonical names) whose current value its handler's `observe` reports for each object, from the
   * one list call a deploy makes (`ResourceHandler.listedAttributes`): what was made from an older value is replaced.
   */
  readonly listedAttributes?: readonly string[];
  /**
   * What this target cannot deploy among a resource's properties (canonical names, as written: functions not yet
   * resolved), each as `<path>: why`; asked of the whole template before anything is touched.
   */
  check?(logicalId: string, properties: Readonly<Record<string, unknown>>): string[];
  /**
   * The binding on another deploy target (`deploy --target swarm`); a type without one deploys there as it does on
   * plain Docker (a type with no Docker object is the same everywhere).
   */
  readonly targets?: { readonly swarm?: Omit<DeployBinding, 'targets'> };
}

/** Where a stack's resources are deployed: plain Docker daemons (default), or a Docker Swarm (`docs/swarm.md`). */
export type DeployTarget = 'docker' | 'swarm';
export const DEPLOY_TARGETS: readonly DeployTarget[] = ['docker', 'swarm'];
