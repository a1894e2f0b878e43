import type { Construct } from 'constructs';
import { HEAT_RANDOM_STRING_TYPE } from '../template/resource-types/heat-random-string.js';
import type { ResourceOptions } from './resource.js';
import { TypedResource } from './typed-resource.js';

/** A named class of characters and how many of them the string holds at least. */
export interface CharacterClass {
  readonly class: 'lettersdigits' | 'letters' | 'lowercase' | 'uppercase' | 'digits' | 'hexdigits' | 'octdigits';
  /** @default 1 */
  readonly min?: number;
}

/** Characters of your own (`'!@#%'`) and how many of them the string holds at least. */
export interface CharacterSequence {
  readonly sequence: string;
  /** @default 1 */
  readonly min?: number;
}

/** The properties of an `OS::Heat::RandomString`. A change to any of them replaces it with a new string. */
export interface RandomStringProps {
  /** Its length, 1 to 512. @default 32 */
  readonly length?: number;
  /** The classes it draws from. @default [{ class: 'lettersdigits', min: 1 }] */
  readonly characterClasses?: readonly CharacterClass[];
  /** Sequences of characters it draws from too. @default - none */
  readonly characterSequences?: readonly CharacterSequence[];
  /** Change it to have a new string generated (its value is not used). @default - none */
  readonly salt?: string;
}

/**
 * A random string generated at deploy (a password), as Heat's `OS::Heat::RandomString`: generated once, kept in the
 * stack's record and never printed in events, plans or diffs; the same on every later deploy until a property
 * (`salt`, for one) changes.
 */
export class RandomString extends TypedResource<RandomStringProps> {
  constructor(scope: Construct, id: string, props: RandomStringProps = {}, options?: ResourceOptions) {
    super(scope, id, HEAT_RANDOM_STRING_TYPE, props, options);
  }

  /** The generated string (its `value` attribute; `get_resource` gives it too). A token. */
  get value(): string {
    return this.attribute('value');
  }
}
