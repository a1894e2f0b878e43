import { isCall, isExprMap, type Template } from '../model.js';
import { ATTACHMENT_TARGETS } from '../resource-types/container-attachments.js';
import { resourceType } from '../resource-types/index.js';
import type { Report } from './report.js';

/**
 * A container's `mounts` and `networks` name their volume and network by reference (`get_resource`): one naming a
 * resource of another type is refused, as a Heat custom constraint refuses a value (`Error validating value …`),
 * at the item's path. A reference to a resource that does not exist is `checkReferences`'s to report; a plain name
 * (a volume or network made outside the stack) is taken as it is.
 */
export function checkAttachmentReferences(template: Template, name: string, report: Report): void {
  const res = template.resources[name];
  const type = res === undefined ? undefined : resourceType(res.type);
  if (res === undefined || type === undefined) return;
  for (const [canonical, target] of Object.entries(ATTACHMENT_TARGETS)) {
    const spelled = type.name.properties[canonical];
    const items = spelled === undefined ? undefined : res.properties[spelled];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const ref = isExprMap(item) ? item[target.field] : undefined;
      if (!isCall(ref) || ref.fn !== 'get_resource' || typeof ref.args[0] !== 'string') return;
      const named = template.resources[ref.args[0]];
      if (named === undefined || named.type === target.type) return;
      report.error(
        report.paths.resource(name, 'properties', spelled as string, i, target.field),
        `Error validating value '${ref.args[0]}': ${ref.args[0]} is a ${named.type}, not a ${target.type}`,
      );
    });
  }
}
