/**
 * Where PyYAML's layout rules are looser than YAML's, and the `yaml` library follows YAML: the text is laid out
 * again, value for value, so the library reads what PyYAML reads.
 *
 * - A next-line character (U+0085) is a line break to PyYAML (`reader.py`, `scanner.py` `scan_line_break` turns it
 *   into `\n`) — in plain, quoted and block scalars alike, and between tokens. It becomes `\n` (one character for
 *   one, so every offset stays valid).
 * - PyYAML takes a quoted scalar or a flow collection whose continuation lines start at any column, down to column
 *   0 (`a: "x\ny"` is `x y`; `a: [{b: 1,\nc: 2}]` a list); YAML wants them indented past their block. Those lines
 *   are indented one column past the line the scalar or collection starts on. Inside either, leading white space
 *   of a line is folded away (PyYAML's `scan_flow_scalar_breaks`, and flow context ignores it), so the value does
 *   not change. This is only tried on a text the library refused; the offsets map back with `toOriginal`.
 */

/** NEL → line feed. */
export function withLineBreaks(text: string): string {
  return text.includes('\u0085') ? text.replaceAll('\u0085', '\n') : text;
}

export interface Relaid {
  readonly text: string;
  /** An offset into `text` → the offset of the same character in the text given. */
  readonly toOriginal: (offset: number) => number;
}

/** Characters after which a quote or bracket begins a scalar or collection (or the line's start: `undefined`). */
const NODE_STARTS = new Set([':', '-', '?', ',', '[', '{']);

/** A document marker at column 0 ends a document even inside a quoted scalar, to PyYAML as to YAML. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r]|$)/;

class LayoutScanner {
  quote: '"' | "'" | undefined;
  flowDepth = 0;
  /** Indentation of the line a quoted scalar or flow collection opened on. */
  openedAt = 0;
  /** Inside a literal or folded block: the indentation of the line that opened it. */
  blockParent: number | undefined;

  get inside(): boolean {
    return this.quote !== undefined || this.flowDepth > 0;
  }

  /** Reads one line (from its indentation on), updating the state. */
  scan(line: string, indentation: number): void {
    let previous: string | undefined;
    for (let i = indentation; i < line.length; i++) {
      const ch = line[i] as string;
      if (this.quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') this.quote = undefined;
      } else if (this.quote === "'") {
        if (ch === "'" && line[i + 1] === "'") i++;
        else if (ch === "'") this.quote = undefined;
      } else if (ch === '#' && (i === indentation || line[i - 1] === ' ' || line[i - 1] === '\t')) {
        return;
      } else if (startsNode(previous) && (ch === '"' || ch === "'")) {
        if (!this.inside) this.openedAt = indentation;
        this.quote = ch;
      } else if ((ch === '[' || ch === '{') && (this.flowDepth > 0 || startsNode(previous))) {
        if (!this.inside) this.openedAt = indentation;
        this.flowDepth++;
      } else if ((ch === ']' || ch === '}') && this.flowDepth > 0) {
        this.flowDepth--;
      } else if ((ch === '|' || ch === '>') && this.flowDepth === 0 && startsNode(previous)) {
        this.blockParent = indentation;
        return;
      }
      if (ch !== ' ' && ch !== '\t') previous = ch;
    }
  }
}

function startsNode(previous: string | undefined): boolean {
  return previous === undefined || NODE_STARTS.has(previous);
}

/**
 * The text with the continuation lines of quoted scalars and flow collections indented past their opening line,
 * or `undefined` when no line needs it.
 */
export function indentContinuations(text: string): Relaid | undefined {
  const lines = text.split('\n');
  const scanner = new LayoutScanner();
  /** Offsets in the new text where spaces were inserted, and how many. */
  const insertions: { at: number; count: number }[] = [];
  let shift = 0;
  let offset = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    const indentation = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (scanner.blockParent !== undefined && (blank || indentation > scanner.blockParent)) {
      offset += line.length + 1;
      continue;
    }
    scanner.blockParent = undefined;
    if (scanner.inside && !blank && indentation <= scanner.openedAt && !DOCUMENT_MARKER.test(line)) {
      const count = scanner.openedAt + 1 - indentation;
      insertions.push({ at: offset + shift, count });
      lines[n] = ' '.repeat(count) + line;
      shift += count;
    }
    scanner.scan(line, indentation);
    offset += line.length + 1;
  }
  if (insertions.length === 0) return undefined;
  return { text: lines.join('\n'), toOriginal: (at) => toOriginalOffset(insertions, at) };
}

function toOriginalOffset(insertions: readonly { at: number; count: number }[], at: number): number {
  let removed = 0;
  for (const insertion of insertions) {
    if (insertion.at > at) break;
    // An offset inside the inserted spaces belongs to the line's first original character.
    removed += Math.min(insertion.count, at - insertion.at);
    if (at - insertion.at < insertion.count) break;
  }
  return at - removed;
}
