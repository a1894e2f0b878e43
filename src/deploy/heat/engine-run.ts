import { resourceType } from '../../template/resource-types/index.js';
import type { ObservedObject } from '../plan/planner.js';
import type { StackRecord } from '../state/record.js';

/**
 * The resources of types the engine runs itself (`DeployBinding.engineRun`: Heat's RandomString, Value, None,
 * ResourceGroup, Stack), which no backend holds an object for: their record is their ground truth, so each one the
 * record holds counts as observed, as a container the daemon reports does. (With no record, there is nothing of
 * them to find: a lost record loses a RandomString's value, as a lost database does Heat's.)
 */
export function engineRunObjects(record: StackRecord | undefined): ObservedObject[] {
  const objects: ObservedObject[] = [];
  for (const [name, rec] of Object.entries(record?.resources ?? {})) {
    if (rec.physicalId === undefined || !isEngineRun(rec.type)) continue;
    objects.push({
      logicalId: name,
      physicalId: rec.physicalId,
      configHash: rec.configHash,
      deployId: rec.deployId,
      type: rec.type,
      locator: rec.locator,
    });
  }
  return objects;
}

/** Whether the engine runs the type (no backend object). */
export function isEngineRun(typeName: string): boolean {
  return resourceType(typeName)?.module.deploy?.engineRun === true;
}
