/**
 * Text from a user, a template or a container, made safe to show on a terminal or write to a log. A name, a value
 * or a container's output may hold control characters: a newline forges a line of its own (a fake event, a fake
 * `Stack blog: CREATE_COMPLETE`), an escape sequence clears the screen or moves the cursor. Such text is printed
 * with its controls written out as JSON or `git` would show them — C0 controls, DEL and C1 controls (`\n`, `\r`,
 * `\t`, `\x1b`, `\x7f`, `\u009b`) and lone UTF-16 surrogates (`\ud800`) — and everything else as it is (a
 * backslash too: the escapes are for reading, not for parsing back; `--json` is the form to parse).
 *
 * `showText` is for what fits on one line (a name, a table cell); `showLines` keeps the lines of a text meant to
 * have several (a failure reason with a container's last output lines) and indents every line after the first, so
 * none can pass for a line of heatstack's own.
 */

/** C0 controls, DEL, C1 controls, and a UTF-16 surrogate without its pair. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters to write out
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** `text` on one line, every control character written out (`a\nb` → `a\\nb`, ESC → `\\x1b`). */
export function showText(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne);
}

/**
 * `text` with its line structure kept (a `\r\n` ends a line too): each line escaped as `showText` does, and every
 * line after the first indented by `indent`, so it reads as a continuation of the first.
 */
export function showLines(text: string, indent = '    '): string {
  return text
    .split(/\r?\n/)
    .map((line, i) => (i === 0 ? showText(line) : `${indent}${showText(line)}`))
    .join('\n');
}

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0x7f ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
