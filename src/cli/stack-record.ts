import type { StackRecord } from '../deploy/state/record.js';
import { StateStore } from '../deploy/state/store.js';
import { HeatstackError } from '../errors.js';
import { closest } from '../template/validate/coerce.js';

/** A recorded stack, or an error saying there is none, where heatstack looked, and the nearest recorded name. */
export async function loadRecordOrFail(stackName: string, store: StateStore = new StateStore()): Promise<StackRecord> {
  const record = await store.load(stackName);
  if (record === undefined) throw new HeatstackError(await noStackMessage(stackName, store));
  return record;
}

/** The recorded stack name nearest to `stackName` (a typo's), if one is near. */
export async function nearStackName(stackName: string, store: StateStore): Promise<string | undefined> {
  return closest(
    stackName,
    (await store.scan()).map((f) => f.name),
  );
}

/** `no stack named 'blg' in DIR (did you mean 'blog'?) …`. */
export async function noStackMessage(stackName: string, store: StateStore): Promise<string> {
  const near = await nearStackName(stackName, store);
  const suggestion = near === undefined ? '' : ` (did you mean '${near}'?)`;
  return `no stack named '${stackName}' in ${store.dir}${suggestion} (see \`heatstack ls\`; HEATSTACK_STATE_DIR chooses the directory)`;
}
