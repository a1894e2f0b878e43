import { findReferences } from './dependencies.js';
import { plainJson, pyJsonDumps, type WrittenTexts } from './evaluate/python.js';
import { isExactNumber } from './exact-number.js';
import { type Expr, isCall, type Template } from './model.js';
import { isLargeValue } from './validate/shown-value.js';

/**
 * Hidden parameter values (`hidden: true`, `NoEcho`) kept out of every message and printed value: what to look for,
 * and how to mask it. A value reaches a message in many forms — as given, as Python or JSON prints it, as an item
 * of a list, or cut into pieces by a careless template (`str_split: [':', 'admin:hunter22']` gives `admin` and
 * `hunter22`). The texts to mask are therefore:
 *
 * - the value as given and as Python and JSON print it, and each string or number inside it;
 * - each *piece* of those: the runs of letters and digits between other characters (`admin`, `hunter22`);
 * - each string that a function computes from hidden values alone (`derivedHiddenTexts`: a `str_split` at a letter,
 *   a `str_replace`, a `Fn::Select`), and its pieces.
 *
 * A list or map of more than 10,000 values (an alias bomb) is not printed whole: a message quotes it cut
 * (`validate/shown-value.ts`), so its strings and numbers are what is masked; a text longer than 100,000 characters
 * is masked whole, not cut into pieces.
 *
 * Only texts of at least `MIN_HIDDEN_TEXT_LENGTH` characters are masked: masking a one-letter value `a` would turn
 * `Invalid default` into `Inv******lid def******ult` and hide nothing (a value that short is no secret). Every
 * occurrence of a text is masked, inside a longer word too (`PW=hunter22`), the longest texts first, so no part of a
 * longer one survives.
 */

export const HIDDEN_MASK = '******';

/** Shorter texts are never masked: they would garble every message and protect nothing. */
export const MIN_HIDDEN_TEXT_LENGTH = 4;

/** The longest text whose pieces are masked too (a longer one is masked whole: cutting megabytes into millions of
 * pieces took seconds). */
const PIECES_OF_TEXTS_UP_TO = 100_000;

/**
 * Every text under which `value` (a hidden parameter's value, given or typed) could appear in a message; with
 * `pieces: false`, without the runs of letters and digits cut out of each text.
 */
export function secretTexts(value: unknown, { pieces = true } = {}): string[] {
  const texts = new Set<string>();
  // A list or map shared many times (YAML aliases) is looked at once: its texts are the same each time.
  const seen = new Set<object>();
  const printed = { json: new Map(), pyJson: new Map() } satisfies SharedPrints;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v === 'boolean') continue;
    if (typeof v === 'string' || typeof v === 'number' || isExactNumber(v)) {
      add(texts, String(v), pieces);
      continue;
    }
    if (typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    // A large list or map reaches a message only cut (`shownPyStr`): its strings and numbers are masked (below),
    // and printing an alias bomb's every part whole took seconds.
    if (!isLargeValue(v)) for (const text of printedForms(v, printed)) add(texts, text, pieces);
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object') for (const [k, item] of Object.entries(v)) stack.push(k, item);
  }
  return [...texts];
}

/** `message` with each of `secrets` (of `MIN_HIDDEN_TEXT_LENGTH` characters or more) shown as `******`. */
export function redactTexts(message: string, secrets: readonly string[]): string {
  let out = message;
  const longestFirst = secrets.filter((s) => s.length >= MIN_HIDDEN_TEXT_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(HIDDEN_MASK);
  return out;
}

/**
 * `message` with each of `texts` masked where the message quotes it (`"x"`, `'x'`), whatever its length: a message
 * about the value itself (`Value "ab" is invalid for data type "number"`) shows it so, and nothing else is touched.
 */
export function maskQuoted(message: string, texts: readonly string[]): string {
  let out = message;
  for (const text of texts) {
    if (text === '') continue;
    for (const q of ['"', "'"]) out = out.split(`${q}${text}${q}`).join(`${q}${HIDDEN_MASK}${q}`);
  }
  return out;
}

/** `value` with `redactTexts` applied to every string in it (an output's value: a string, a list, a map). */
export function redactStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactTexts(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, secrets));
  if (isExactNumber(value)) return redactTexts(value.text, secrets) !== value.text ? HIDDEN_MASK : value;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) out[redactTexts(k, secrets)] = redactStrings(item, secrets);
    return out;
  }
  // A number or boolean is masked whole when it is itself a hidden text.
  return typeof value === 'number' && redactTexts(String(value), secrets) !== String(value) ? HIDDEN_MASK : value;
}

/**
 * The texts of what the template's functions compute from hidden parameters alone: each function call (in a
 * resource's properties or an output's value) that reads a hidden parameter and nothing of a resource is evaluated
 * with `evaluate`, and its result's texts kept (not cut into pieces: those would be the template's own words, such
 * as `HALF` of `HALF=cc33dd44`). A text that holds another — one of the `given` texts (the values' own) or another
 * computed one — is left out, since masking that one covers it: `PW=hunter22` reads `PW=******`, not `******`. A
 * call that fails to evaluate gives nothing (its error is masked like any message).
 */
export function derivedHiddenTexts(
  template: Template,
  hidden: ReadonlySet<string>,
  evaluate: (expr: Expr) => unknown,
  given: readonly string[] = [],
): string[] {
  if (hidden.size === 0) return [];
  const roots: Expr[] = [
    ...Object.values(template.resources).map((r) => r.properties),
    ...Object.values(template.outputs).map((o) => o.value),
  ];
  const texts = new Set<string>();
  for (const call of callsOn(roots, hidden)) {
    try {
      for (const text of secretTexts(evaluate(call), { pieces: false })) texts.add(text);
    } catch {
      // Nothing computed, nothing to mask.
    }
  }
  const computed = [...texts].filter((text) => !given.includes(text));
  const all = [...given, ...computed];
  return computed.filter((text) => !all.some((other) => other !== text && text.includes(other)));
}

/** The function calls under `roots` that read one of `hidden` and no resource (iterative: no depth limit). */
function callsOn(roots: readonly Expr[], hidden: ReadonlySet<string>): Expr[] {
  const calls: Expr[] = [];
  const stack: Expr[] = [...roots];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e === null || typeof e !== 'object') continue;
    if (isCall(e)) {
      const refs = findReferences(e);
      if (refs.resources.size === 0 && [...refs.parameters].some((p) => hidden.has(p))) calls.push(e);
      stack.push(...e.args);
    } else if (Array.isArray(e)) {
      stack.push(...e);
    } else {
      stack.push(...Object.values(e));
    }
  }
  return calls;
}

function add(texts: Set<string>, text: string, pieces: boolean): void {
  if (text.length < MIN_HIDDEN_TEXT_LENGTH) return;
  texts.add(text);
  if (pieces && text.length <= PIECES_OF_TEXTS_UP_TO)
    for (const piece of text.split(/[^\p{L}\p{N}]+/u)) if (piece.length >= MIN_HIDDEN_TEXT_LENGTH) texts.add(piece);
}

/** The texts of the lists and maps printed so far, by printer: a part of a value already printed is not again. */
interface SharedPrints {
  readonly json: WrittenTexts;
  readonly pyJson: WrittenTexts;
}

/** A list or map as `JSON.stringify` and as Python's `json.dumps` (which `pyStr` also gives) print it. */
function printedForms(v: object, printed: SharedPrints): string[] {
  const forms: string[] = [];
  for (const print of [() => plainJson(v, printed.json), () => pyJsonDumps(v, printed.pyJson)]) {
    try {
      forms.push(print());
    } catch {
      // A value one printer cannot print never reaches a message through that printer either.
    }
  }
  return forms;
}

/**
 * The resources that are given a hidden value: their properties read a hidden parameter, or an attribute or the id
 * of a resource that is. Any of their attributes may carry the value (a container's logs, its `info`'s environment).
 */
export function resourcesGivenHidden(template: Template, hidden: ReadonlySet<string>): Set<string> {
  const given = new Set<string>();
  const reads = new Map<string, ReturnType<typeof findReferences>>();
  for (const [name, res] of Object.entries(template.resources)) reads.set(name, findReferences(res.properties));
  // To a fixed point: each pass adds the readers of what the last one found (at most one pass per resource).
  for (let changed = hidden.size > 0; changed; ) {
    changed = false;
    for (const [name, refs] of reads) {
      if (given.has(name)) continue;
      const readsHidden =
        [...refs.parameters].some((p) => hidden.has(p)) || [...refs.resources].some((r) => given.has(r));
      if (readsHidden) {
        given.add(name);
        changed = true;
      }
    }
  }
  return given;
}
