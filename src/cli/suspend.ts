import { HeatstackError } from '../errors.js';

export async function run(_args: string[]): Promise<number> {
  throw new HeatstackError('`heatstack suspend` is not available yet');
}
