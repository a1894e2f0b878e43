import { dirname } from 'node:path';
import type { ResourceDef, Template } from '../../template/model.js';
import { isTemplateFileType } from '../../template/nested-template.js';
import type { PlanInput } from '../engine/inputs.js';
import type { StackRecord } from '../state/record.js';

/**
 * What a deploy hands to expansion (`index.ts`), and the test of whether a template needs it at all: most templates
 * hold no composite, Value or RandomString, and a deploy of one loads none of the expansion code (`docs/convergence.md`).
 */

/** Heat's composite types: a group, a nested stack, a template resource. */
export function isComposite(def: ResourceDef): boolean {
  return def.type === 'OS::Heat::ResourceGroup' || def.type === 'OS::Heat::Stack' || isTemplateFileType(def.type);
}

/** Whether expansion would change the template: it holds a composite, or a Value or RandomString whose reads it rewrites. */
export function needsExpansion(template: Template): boolean {
  return Object.values(template.resources).some(
    (def) => isComposite(def) || def.type === 'OS::Heat::Value' || def.type === 'OS::Heat::RandomString',
  );
}

/** A deploy's (or preview's) input with its template expanded against the stack's record. */
export async function expandedInput<T extends PlanInput>(input: T, previous: StackRecord | undefined): Promise<T> {
  if (!needsExpansion(input.template)) return input;
  const { expandTemplate } = await import('./index.js');
  const baseDir = input.source === undefined ? process.cwd() : dirname(input.source);
  const template = expandTemplate(input.template, { parameters: input.parameters, previous, baseDir });
  return template === input.template ? input : { ...input, template };
}
