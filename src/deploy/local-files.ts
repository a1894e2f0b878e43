import { dirname, resolve } from 'node:path';
import type { ExprMap, Template } from '../template/model.js';
import { resourceType } from '../template/resource-types/index.js';

/**
 * Before a deploy (or its preview) plans anything, each resource whose type reads local files
 * (`DeployBinding.readLocalFiles`: an image's build context) reads them, relative to the deployed file's folder — as
 * Heat's client reads the files a template names relative to the template before the engine sees it. What was read
 * enters the resource's properties, so its configuration hash, and so the plan, follows the files.
 */
export async function readLocalFiles(template: Template, file: string): Promise<Template> {
  const baseDir = dirname(resolve(file));
  let resources: Record<string, Template['resources'][string]> | undefined;
  for (const [name, def] of Object.entries(template.resources)) {
    const read = resourceType(def.type)?.module.deploy?.readLocalFiles;
    if (read === undefined) continue;
    const properties: ExprMap = await read(def.properties, baseDir, `Resources.${name}.Properties`);
    resources ??= { ...template.resources };
    resources[name] = { ...def, properties };
  }
  return resources === undefined ? template : { ...template, resources };
}
