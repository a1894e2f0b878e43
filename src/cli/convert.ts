import { HeatstackError } from '../errors.js';

export async function run(_args: string[]): Promise<number> {
  throw new HeatstackError('`heatstack convert` is not available yet');
}
