import { HeatstackError } from '../errors.js';

export async function run(_args: string[]): Promise<number> {
  throw new HeatstackError('`heatstack deploy` is not available yet');
}
