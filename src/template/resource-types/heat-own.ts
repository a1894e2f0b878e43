import type { AttributeSchema, ResourceTypeName } from './schema.js';
import type { DeployBinding } from './type-module.js';

/**
 * What Heat's own types that the engine runs (`heat-*.ts` beside this file) share: Heat's one spelling of their
 * properties and attributes, and the binding to the handler in `deploy/heat/handler.ts`, which makes no backend
 * object (the record is their ground truth, as Heat's database is for these types).
 */

/** A Heat type's name: every property and attribute spelled as its canonical name, in either dialect. */
export function heatTypeName(
  name: string,
  properties: readonly string[],
  attributes: readonly string[],
): ResourceTypeName {
  const identity = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));
  return { name, properties: identity(properties), attributes: identity(attributes) };
}

/** Runs in the engine: no backend object, nothing to locate, nothing a replacement would need (it is created first). */
export const ENGINE_RUN: DeployBinding = {
  engineRun: true,
  locatorOf: () => ({}),
  holds: () => undefined,
  load: () => import('../../deploy/heat/handler.js'),
};

/** The attribute every Heat resource has: its whole representation (which heatstack gives as null). */
export const SHOW: AttributeSchema = { description: 'Detailed information about resource.', type: 'map' };
