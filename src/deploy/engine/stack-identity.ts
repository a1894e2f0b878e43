import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { HeatstackError } from '../../errors.js';
import { madeFor, type StackIdentity, type StackOwner } from '../handler.js';
import type { ObservedObject } from '../plan/planner.js';

/**
 * The stack-identity guard. Docker's name label (`io.heatstack.stack`) is shared by every stack of one name, whatever
 * state directory records it (`HEATSTACK_STATE_DIR`); so each object heatstack creates also carries the id of the
 * record it was made for and that record's state directory (`LABELS.stackId`, `LABELS.stateDir`). Of the objects
 * under the stack's name, the stack's own are:
 * - those without an id label: made before it existed (backward compatibility);
 * - those of its record's id;
 * - those labelled with its own state directory: an earlier record of the stack there (destroyed, leaving a retained
 *   volume for the next deploy; or lost);
 * - those whose record is no longer where their label says (its state file gone: destroyed, or lost), which are taken
 *   over as a lost record's objects always were.
 * The others belong to a stack of the same name recorded in another state directory: a deploy refuses to run beside
 * them (`refuseForeign`), and every other verb leaves them alone.
 */

/** The objects of a stack of the same name recorded elsewhere: its record's id and state directory. */
export interface ForeignStack extends StackOwner {
  /** How many of its objects were seen. */
  readonly objects: number;
}

/** What was seen under the stack's name, split by owner. */
export interface Ownership {
  /** Which objects the stack's sweeps may take (`ownedBy`): its id, the ids it takes over, its state directory. */
  readonly identity: StackIdentity;
  readonly own: ObservedObject[];
  readonly foreign: readonly ForeignStack[];
}

/** The state directory as objects are labelled with it: absolute, so that any process compares the same text. */
export function labelledStateDir(dir: string): string {
  return resolve(dir);
}

/**
 * Splits what was observed under `name` into the stack's own objects and those of stacks of the same name recorded in
 * other state directories. `id`: the stack's record id (undefined: it has no record). Only an object of another id
 * costs anything (its record's file is looked for, once per state directory): a stack's usual observation holds none.
 */
export async function sortByOwner(
  name: string,
  id: string | undefined,
  stateDir: string,
  observed: readonly ObservedObject[],
): Promise<Ownership> {
  const ids = new Set(id === undefined ? [] : [id]);
  const identity = { name, ids, stateDir: labelledStateDir(stateDir) };
  const foreign = await heldElsewhere(identity, observed);
  const foreignIds = new Set(foreign.map((f) => f.id));
  // The others of another id are a lost or destroyed record's, taken over: the stack's sweeps may take them too.
  for (const o of observed) if (o.owner !== undefined && !foreignIds.has(o.owner.id)) ids.add(o.owner.id);
  const own = observed.filter((o) => o.owner === undefined || !foreignIds.has(o.owner.id));
  return { identity, own, foreign };
}

/**
 * The stacks of `stack`'s name recorded in another state directory that hold some of `objects` (by the owner each
 * was made for): those not `stack`'s own whose record is still where their label says.
 */
export async function heldElsewhere(
  stack: StackIdentity,
  objects: readonly { readonly owner?: StackOwner }[],
): Promise<ForeignStack[]> {
  const counts = new Map<string, { owner: StackOwner; objects: number }>();
  for (const { owner } of objects) {
    if (owner === undefined || madeFor(stack, owner)) continue;
    const seen = counts.get(owner.id) ?? { owner, objects: 0 };
    seen.objects++;
    counts.set(owner.id, seen);
  }
  const foreign: ForeignStack[] = [];
  for (const { owner, objects: n } of counts.values())
    if (await recordExists(owner.stateDir, stack.name)) foreign.push({ ...owner, objects: n });
  return foreign;
}

/**
 * Whether `<stateDir>/<name>.json` is there. One that cannot be told (a directory this user may not read) counts as
 * there: taking a live stack's objects is the mistake the guard prevents. No state directory (an object whose label
 * lost it) cannot be looked up either.
 */
async function recordExists(stateDir: string, name: string): Promise<boolean> {
  if (stateDir === '') return true;
  try {
    await fs.access(join(stateDir, `${name}.json`));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** What a stack recorded elsewhere is, and how to act on it, for a message: `the stack blog recorded in … (stack id …)`. */
export function describeForeign(name: string, foreign: ForeignStack): string {
  const where = foreign.stateDir === '' ? 'another state directory' : `the state directory ${foreign.stateDir}`;
  return `the stack ${name} recorded in ${where} (stack id ${foreign.id})`;
}

/** A heatstack command run on a stack recorded elsewhere, in its own state directory: `verb` is `destroy`, `ps`. */
export function commandThere(verb: string, name: string, foreign: StackOwner): string {
  const env = foreign.stateDir === '' ? '' : `HEATSTACK_STATE_DIR=${shellWord(foreign.stateDir)} `;
  return `${env}heatstack ${verb} --stack ${shellWord(name)}`;
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A deploy finding objects of a stack of its name recorded in another state directory refuses before it touches
 * anything: creating beside them would share their network and names, and its sweeps and rollbacks could take them.
 */
export function refuseForeign(name: string, stateDir: string, foreign: readonly ForeignStack[]): void {
  const first = foreign[0];
  if (first === undefined) return;
  const count = foreign.reduce((n, f) => n + f.objects, 0);
  const more = foreign.length > 1 ? ` (and ${foreign.length - 1} other record(s) of that name)` : '';
  throw new HeatstackError(
    `stack ${name}: Docker holds ${count} object(s) of ${describeForeign(name, first)}${more}, ` +
      `not of the stack ${name} of this state directory (${labelledStateDir(stateDir)}); nothing was changed. ` +
      `Destroy that stack there (${commandThere('destroy', name, first)}), or choose another stack name`,
  );
}

/** What a destroy left of stacks of the same name recorded elsewhere, for its status reason; '' when none. */
export function foreignLeftNote(name: string, foreign: readonly ForeignStack[]): string {
  return foreign
    .map(
      (f) =>
        `; ${f.objects} object(s) under the name ${name} belong to ${describeForeign(name, f)} and were left: ` +
        `destroy it there (${commandThere('destroy', name, f)})`,
    )
    .join('');
}
