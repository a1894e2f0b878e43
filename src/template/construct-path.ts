import { isListOrMap } from './exact-number.js';
import { type Expr, type ExprMap, isCall, type ResourceDef } from './model.js';

/**
 * A resource's construct path (`Blog/Site/Database`) travels in its metadata under this key, as the AWS CDK's
 * `aws:cdk:path` does: the deploy engine reads it from the template it records, so `ps`, `diff` and the events can
 * show `SiteDatabaseAE06730E` beside the path it came from. Heat ignores metadata it does not know, and metadata does
 * not count in a resource's configuration hash, so adding or removing it never replaces a container.
 */
export const PATH_METADATA_KEY = 'heatstack:path';

/** The construct path a resource's metadata carries, if any. */
export function constructPathOf(def: Pick<ResourceDef, 'metadata'> | undefined): string | undefined {
  const metadata = def?.metadata;
  if (!isPlainMap(metadata)) return undefined;
  const path = metadata[PATH_METADATA_KEY];
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** The resource with its construct path in its metadata (beside any metadata it has; a computed one is left alone). */
export function withConstructPath(def: ResourceDef, path: string): ResourceDef {
  if (def.metadata === undefined) return { ...def, metadata: { [PATH_METADATA_KEY]: path } };
  if (!isPlainMap(def.metadata)) return def;
  return { ...def, metadata: { ...def.metadata, [PATH_METADATA_KEY]: path } };
}

function isPlainMap(value: Expr | undefined): value is ExprMap {
  return isListOrMap(value) && !Array.isArray(value) && !isCall(value);
}
