import { randomInt } from 'node:crypto';
import { HeatstackError } from '../../errors.js';

/**
 * The string an `OS::Heat::RandomString` holds, generated as Heat 19's `common/password_gen.py` does: first each
 * class's and sequence's minimum count of its own characters, then the rest of `length` from the union of them all,
 * then the whole shuffled. Every draw comes from the operating system's cryptographic generator (Heat's
 * `random.SystemRandom`).
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/** Heat's named character classes (`password_gen._char_class_members`). */
const CLASS_MEMBERS: Readonly<Record<string, string>> = {
  lettersdigits: LETTERS + DIGITS,
  letters: LETTERS,
  lowercase: LETTERS.slice(0, 26),
  uppercase: LETTERS.slice(26),
  digits: DIGITS,
  hexdigits: `${DIGITS}ABCDEF`,
  octdigits: '01234567',
};

interface CharClass {
  /** The distinct characters it draws from. */
  readonly chars: readonly string[];
  readonly min: number;
}

/** The normalized properties a RandomString is generated from (defaults applied). */
export interface RandomStringProperties {
  readonly length: number;
  readonly character_classes?: readonly { readonly class: string; readonly min: number }[] | null;
  readonly character_sequences?: readonly { readonly sequence: string; readonly min: number }[] | null;
  /** Hidden since Heat 5: one character class of min 1 (Heat's translation rule). */
  readonly sequence?: unknown;
}

/** A new random string; a user error (naming the resource) when the minimums exceed the length, as Heat's `validate`. */
export function generateRandomString(properties: RandomStringProperties, where: string): string {
  const classes = charClasses(properties, where);
  const least = classes.reduce((sum, c) => sum + c.min, 0);
  if (least > properties.length)
    throw new HeatstackError(
      `${where}: Length property cannot be smaller than combined character class and character sequence minimums`,
    );
  const picked: string[] = [];
  const all = new Set<string>();
  for (const c of classes) {
    for (const ch of c.chars) all.add(ch);
    for (let i = 0; i < c.min; i++) picked.push(pick(c.chars));
  }
  const combined = [...all];
  if (combined.length === 0) throw new HeatstackError(`${where}: no characters to draw the random string from`);
  while (picked.length < properties.length) picked.push(pick(combined));
  return shuffled(picked).join('');
}

function charClasses(p: RandomStringProperties, where: string): CharClass[] {
  const sequences = (p.character_sequences ?? []).map((s) => ({ chars: distinct(s.sequence), min: s.min }));
  const named = [...(p.character_classes ?? [])];
  if (typeof p.sequence === 'string' && p.sequence !== '') named.push({ class: p.sequence, min: 1 });
  const classes = named.map((c) => {
    const members = CLASS_MEMBERS[c.class];
    if (members === undefined) throw new HeatstackError(`${where}: unknown character class '${c.class}'`);
    return { chars: distinct(members), min: c.min };
  });
  return [...sequences, ...classes];
}

/** The distinct characters of a text (code points: a sequence may hold any Unicode character). */
function distinct(text: string): string[] {
  return [...new Set(Array.from(text))];
}

function pick(chars: readonly string[]): string {
  return chars[randomInt(chars.length)] as string;
}

/** Fisher–Yates with the cryptographic generator (Heat's `random.sample` of the whole buffer). */
function shuffled(items: string[]): string[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as string, items[i] as string];
  }
  return items;
}
