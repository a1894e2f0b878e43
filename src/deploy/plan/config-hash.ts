import { createHash } from 'node:crypto';
import type { Template } from '../../template/model.js';
import { type HiddenValues, type ResourceMeaning, resourceMeaning, stableJson } from './meaning.js';

export { type HiddenValues, stableJson };

/**
 * The configuration hash of a resource: the hash of its meaning (`meaning.ts`) — the type, and the properties with
 * parameters resolved, canonical names, Heat's conversions and defaults — so the same stack written in either
 * dialect or format, or synthesized from its app, has the same hash. It never looks at what the backend reports
 * (inspected state is normalised by the backend and would differ on every run: a perma-diff).
 * What a resource reads from other resources is covered by the planner instead: a resource that refers to a
 * replaced one is replaced too.
 *
 * The hash is a label anyone with access to the daemon can read: a hidden parameter's value enters it only as an
 * HMAC keyed with the stack's secret salt (kept in its state file), so a weak password cannot be guessed offline
 * from the label, while the same value still gives the same hash for the same stack.
 */
export function configHash(
  template: Template,
  resource: string,
  parameters: Readonly<Record<string, unknown>>,
  secrets?: HiddenValues,
): string {
  return meaningHash(resourceMeaning(template, resource, parameters, secrets));
}

export function meaningHash(meaning: ResourceMeaning): string {
  return createHash('sha256')
    .update(stableJson({ type: meaning.type, properties: meaning.properties }))
    .digest('hex')
    .slice(0, 32);
}
