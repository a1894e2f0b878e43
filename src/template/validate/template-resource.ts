import type { ResourceDef } from '../model.js';
import { readNestedTemplate } from '../nested-template.js';
import type { Report } from './report.js';

/**
 * A template resource (`type: db.yaml`) as Heat 19 checks it (`template_resource.py`): the file must be a
 * template, and the resource's properties are its parameters — one it does not have is unknown, one without a
 * default must be given. Without the folder of the template being checked (`ValidateOptions.templateDir`), the
 * file cannot be found and nothing is checked.
 */
export function checkTemplateResource(
  name: string,
  res: ResourceDef,
  templateDir: string | undefined,
  report: Report,
): void {
  if (templateDir === undefined) return;
  const read = readNestedTemplate(res.type, templateDir);
  if ('error' in read) {
    report.error(report.paths.resource(name, 'type'), read.error);
    return;
  }
  const parameters = read.template.parameters;
  for (const key of Object.keys(res.properties))
    if (!Object.hasOwn(parameters, key))
      report.error(report.paths.resource(name, 'properties', key), `Unknown Property ${key}`);
  for (const [key, p] of Object.entries(parameters))
    if (p.default === undefined && !Object.hasOwn(res.properties, key))
      report.error(report.paths.resource(name, 'properties'), `Property ${key} not assigned`);
}
