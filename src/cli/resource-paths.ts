import { constructPathOf } from '../template/construct-path.js';
import type { Template } from '../template/model.js';

/**
 * Construct paths beside logical ids. A nested construct's logical id carries a hash (`SiteDatabaseAE06730E`); its
 * path (`Site/Database`) says what it is. The path comes from the resource's `heatstack:path` metadata, which
 * deploying an app writes and a template may carry (see `src/template/construct-path.ts`).
 */

/** The resource's construct path in the template, if it carries one. */
export function resourcePath(template: Template | undefined, logicalId: string | undefined): string | undefined {
  if (template === undefined || logicalId === undefined) return undefined;
  return Object.hasOwn(template.resources, logicalId) ? constructPathOf(template.resources[logicalId]) : undefined;
}

/**
 * The part of a path worth showing beside the id: the path below the stack (its first component), unless that is
 * the id itself (`Blog` created directly in its stack), which would say nothing more.
 */
export function pathBeside(logicalId: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const below = path.includes('/') ? path.slice(path.indexOf('/') + 1) : path;
  return below === '' || below === logicalId ? undefined : below;
}

/** `SiteDatabaseAE06730E (Site/Database)`, or the id alone when the path adds nothing or is unknown. */
export function labelWithPath(logicalId: string, path: string | undefined): string {
  const beside = pathBeside(logicalId, path);
  return beside === undefined ? logicalId : `${logicalId} (${beside})`;
}

/** `labelWithPath` for a resource of a template (the record's, or the one being deployed). */
export function resourceLabel(template: Template | undefined, logicalId: string): string {
  return labelWithPath(logicalId, resourcePath(template, logicalId));
}
