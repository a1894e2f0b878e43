/**
 * Heat's limits on what it reads (`heat/common/config.py`): `max_template_size`, the most bytes a template may
 * have (checked before parsing, `template_format.validate_template_limit`), and `max_resources_per_stack` (checked
 * when a stack is validated, `engine/service.py`; -1 is no limit). heatstack keeps Heat's defaults, so what it
 * reads Heat would read too; a synthesized stack of more resources (the benchmarks' 10,000) is read with the
 * limits raised through the environment.
 */

import { UsageError } from '../../errors.js';

export interface TemplateLimits {
  /** The most bytes a template file may have. */
  readonly maxTemplateSize: number;
  /** The most resources a template may define; -1 for no limit. */
  readonly maxResourcesPerStack: number;
}

export const HEAT_LIMITS: TemplateLimits = { maxTemplateSize: 524_288, maxResourcesPerStack: 1000 };

export const LIMIT_VARIABLES = {
  maxTemplateSize: 'HEATSTACK_MAX_TEMPLATE_SIZE',
  maxResourcesPerStack: 'HEATSTACK_MAX_RESOURCES_PER_STACK',
} as const;

/** Heat's limits, each replaced by its environment variable when that is set. */
export function limitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): TemplateLimits {
  return {
    maxTemplateSize: limitFrom(env, 'maxTemplateSize', 1),
    maxResourcesPerStack: limitFrom(env, 'maxResourcesPerStack', -1),
  };
}

function limitFrom(env: NodeJS.ProcessEnv, key: keyof TemplateLimits, least: number): number {
  const name = LIMIT_VARIABLES[key];
  const text = env[name];
  if (text === undefined || text === '') return HEAT_LIMITS[key];
  const value = Number(text);
  if (!/^-?[0-9]+$/.test(text.trim()) || value < least || (value < 1 && value !== -1)) {
    throw new UsageError(
      `${name} must be a whole number of at least ${least === -1 ? '1 (or -1: no limit)' : '1'}, not "${text}"`,
    );
  }
  return value;
}

/** Heat's message (`RequestLimitExceeded`), and how to raise the limit. */
export function templateSizeMessage(size: number, limit: number): string {
  return (
    `Request limit exceeded: Template size (${size} bytes) exceeds maximum allowed size (${limit} bytes). ` +
    `Heat's max_template_size; set ${LIMIT_VARIABLES.maxTemplateSize} to read a larger template`
  );
}

export function resourceCountMessage(count: number, limit: number): string {
  return (
    `Request limit exceeded: Maximum resources per stack exceeded (${count} resources, at most ${limit}). ` +
    `Heat's max_resources_per_stack; set ${LIMIT_VARIABLES.maxResourcesPerStack} to read more`
  );
}
