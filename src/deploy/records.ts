import { HeatstackError } from '../errors.js';
import type { StackRecord } from './state/record.js';
import { StateStore } from './state/store.js';

/** A recorded stack, or an error saying there is none and where heatstack looked. */
export async function loadRecordOrFail(stackName: string, store: StateStore = new StateStore()): Promise<StackRecord> {
  const record = await store.load(stackName);
  if (record === undefined)
    throw new HeatstackError(
      `no stack named '${stackName}' in ${store.dir} (see \`heatstack ls\`; HEATSTACK_STATE_DIR chooses the directory)`,
    );
  return record;
}
