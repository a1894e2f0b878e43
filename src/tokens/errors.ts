import { HeatstackError } from '../errors.js';

/**
 * A token used where it cannot stand: from another stack, mangled by string operations, a list token inside a
 * string. The message names the construct that used it and the one it came from.
 */
export class TokenError extends HeatstackError {
  override name = 'TokenError';
}
