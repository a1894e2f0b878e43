import type { FnContext } from '../functions/spellings.js';
import type { Expr, ResourceDef } from '../model.js';
import { deletionPolicyFor, hasEntries, type Shaper } from './shaper.js';

/**
 * What a writer of a resource's entry does with each of its keys (the plain data of `plain.ts`, the careful JSON
 * lines of `json-lines.ts`, the fast JSON bytes of `fast-json.ts`), in the order `writeResourceKeys` gives them.
 */
export interface ResourceKeyWriter {
  /** The type, a single dependency, the description: a string written as it is. */
  keyText(key: string, value: string): void;
  /** Several dependencies: names written as they are. */
  keyNames(key: string, value: readonly string[]): void;
  /** An expression, read in a value's or a condition's context. */
  keyExpr(key: string, value: Expr, context: FnContext): void;
  /** The version has no such key (`problem` says why): fails, or leaves the resource to a writer that fails. */
  keyUnavailable(key: string, problem: string): void;
}

/** A resource's keys in file order, each handed to `w`: the one place that order, and when a key is written, is coded. */
export function writeResourceKeys(r: ResourceDef, s: Shaper, w: ResourceKeyWriter): void {
  const n = s.names;
  w.keyText(n.type, r.type);
  if (hasEntries(r.properties)) w.keyExpr(n.properties, r.properties, 'value');
  if (r.metadata !== undefined) w.keyExpr(n.metadata, r.metadata, 'value');
  if (r.dependsOn.length === 1) w.keyText(n.dependsOn, r.dependsOn[0] as string);
  else if (r.dependsOn.length > 1) w.keyNames(n.dependsOn, r.dependsOn);
  if (r.deletionPolicy !== undefined) w.keyExpr(n.deletionPolicy, deletionPolicyFor(r.deletionPolicy, s), 'value');
  if (r.updatePolicy !== undefined) w.keyExpr(n.updatePolicy, r.updatePolicy, 'value');
  if (r.description !== undefined) w.keyText(n.description, r.description);
  if (r.externalId !== undefined) {
    if (!s.features.externalId) w.keyUnavailable(n.externalId, 'external_id needs HOT 2016-10-14 or newer');
    w.keyExpr(n.externalId, r.externalId, 'value');
  }
  if (r.condition !== undefined) {
    if (!s.features.resourceCondition) w.keyUnavailable(n.condition, 'resource conditions are not available');
    w.keyExpr(n.condition, r.condition, 'condition');
  }
}
