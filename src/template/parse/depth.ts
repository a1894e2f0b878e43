import { isExactNumber } from '../exact-number.js';
import type { RawValue } from './raw.js';

/**
 * How deeply maps and lists may nest in a template. Heat itself recurses over a template's values (Python's
 * limit is 1000 frames, several per level), so no template Heat accepts comes near this; heatstack enforces it
 * while parsing so nothing downstream (validate, evaluate, emit) ever sees deeper input.
 */
export const MAX_NESTING = 500;

export function tooDeepMessage(): string {
  return `nesting deeper than ${MAX_NESTING} levels is not supported`;
}

/**
 * In one pass: the path of the first value nested deeper than `MAX_NESTING` levels (if any), and how many values
 * the template holds once YAML aliases are expanded. Iterative, and linear even when aliases share values
 * (each shared value is measured once).
 */
export function measure(root: RawValue): { tooDeep?: TooDeep; size: number } {
  if (root === null || typeof root !== 'object') return { size: 1 };
  const sizes = new Map<object, number>();
  const heights = heightsOf(root, sizes);
  const size = sizes.get(root) ?? 1;
  if ((heights.get(root) ?? 0) <= MAX_NESTING) return { size };
  return { tooDeep: tooDeepPath(root, heights), size };
}

function tooDeepPath(root: object, heights: ReadonlyMap<object, number>): TooDeep {
  let path = '';
  let outer = '';
  let node = root;
  for (let level = 1; level <= MAX_NESTING; level++) {
    const need = (heights.get(node) as number) - 1;
    const next = childrenOf(node).find(([, child]) => heightOf(heights, child) === need) as [string | number, object];
    path = typeof next[0] === 'number' ? `${path}[${next[0]}]` : path === '' ? next[0] : `${path}.${next[0]}`;
    if (level <= OUTER_LEVELS) outer = path;
    node = next[1];
  }
  return { path, outer };
}

export interface TooDeep {
  /** The path of the first value too deep. */
  readonly path: string;
  /** The value holding it, a few levels from the top (`resources.web.properties.env`): a path short enough to show. */
  readonly outer: string;
}

/** Section, name, key, property: where a template's own structure ends and values begin. */
const OUTER_LEVELS = 4;

/** Maps and lists count one level each; scalars none. */
function heightsOf(root: RawValue, sizes?: Map<object, number>): Map<object, number> {
  const heights = new Map<object, number>();
  if (!isNode(root)) return heights;
  const stack: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: object; expanded: boolean };
    if (heights.has(top.node)) {
      stack.pop();
      continue;
    }
    const children = childrenOf(top.node);
    if (!top.expanded) {
      top.expanded = true;
      for (const [, child] of children) {
        if (isNode(child) && !heights.has(child)) {
          stack.push({ node: child, expanded: false });
        }
      }
      continue;
    }
    stack.pop();
    let max = 0;
    let size = 1;
    for (const [, child] of children) {
      max = Math.max(max, heightOf(heights, child));
      size += isNode(child) ? (sizes?.get(child) ?? 0) : 1;
    }
    heights.set(top.node, max + 1);
    sizes?.set(top.node, size);
  }
  return heights;
}

/**
 * The most values a template may expand to through YAML aliases (each alias shares its anchor's value, but every
 * walker visits it once per use): more than any real template has — a 10,000-resource one has well under a million.
 */
export const MAX_VALUES = 5_000_000;

function heightOf(heights: ReadonlyMap<object, number>, value: unknown): number {
  return isNode(value) ? (heights.get(value) ?? 0) : 0;
}

/** A list or map: an `ExactNumber` is a scalar. */
function isNode(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !isExactNumber(value);
}

function childrenOf(node: object): [string | number, unknown][] {
  if (Array.isArray(node)) return node.map((v, i) => [i, v]);
  return Object.entries(node);
}

/**
 * Where, in the text, brackets (`{`, `[`, outside quoted strings and comments) first open deeper than
 * `MAX_NESTING` levels: exact for JSON and YAML flow collections. Undefined when they never do. YAML is checked
 * before the YAML library sees it: that library recurses, and V8 may abort the process (not throw) when a
 * regular expression is compiled with the stack nearly exhausted.
 */
export function tooDeepOffset(text: string, json: boolean): number | undefined {
  return scanFlow(text, json).tooDeepAt;
}

/**
 * Where the text opens a quoted string or flow collection (`[`, `{`) it never closes: the quote, else the
 * outermost bracket — the token a "missing ]" or "missing quote" error is about, which the YAML library places
 * at the end of the text.
 */
export function unclosedOffset(text: string): number | undefined {
  return scanFlow(text, false).unclosedAt;
}

function scanFlow(text: string, json: boolean): { tooDeepAt?: number; unclosedAt?: number } {
  let depth = 0;
  let outermost = 0;
  let quote = '';
  let quoteAt = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' && (json || startsValue(text, i, depth))) || (c === "'" && !json && startsValue(text, i, depth))) {
      quote = c;
      quoteAt = i;
    } else if (!json && c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '{' || c === '[') && (json || startsValue(text, i, depth))) {
      if (depth === 0) outermost = i;
      depth++;
      if (depth > MAX_NESTING) return { tooDeepAt: i };
    } else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  if (quote !== '') return { unclosedAt: quoteAt };
  return depth > 0 ? { unclosedAt: outermost } : {};
}

/** In YAML block context a bracket or quote is plain text unless a value starts there (`echo [x` is a string). */
function startsValue(text: string, at: number, flowDepth: number): boolean {
  if (flowDepth > 0) return true;
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || ':-?\n'.includes(text[i] as string);
}
