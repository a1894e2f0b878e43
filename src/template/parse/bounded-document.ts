/**
 * The general YAML reader's document, read in time linear in the text whatever the text holds. The `yaml` library
 * reports every problem it meets, each as an `Error`: a run of 100,000 `"` (50,000 empty quoted scalars in a row)
 * is 100,000 errors, and capturing a stack trace for each took seconds (the fuzzer's slowest inputs, issue 17).
 * PyYAML stops at its first error; heatstack reports the first few: errors are made without stack traces (never
 * printed: the reader keeps only their messages), the stray tokens after the document stop being read after a
 * few, and at most `MAX_SYNTAX_ERRORS` are kept.
 */

import type { Document, DocumentOptions, LineCounter, ParseOptions, SchemaOptions } from 'yaml';
import { yamlLibrary as yaml } from './yaml-library.js';

/** More errors than this only repeat the first ones' cause (one stray quote makes an error of every later one). */
export const MAX_SYNTAX_ERRORS = 20;

type Options = DocumentOptions & ParseOptions & SchemaOptions;

/** What `yaml.parseDocument` returns for the text (the first document; a second is a `MULTIPLE_DOCS` error). */
export function parseBoundedDocument(text: string, options: Options, lineCounter: LineCounter): Document.Parsed {
  const parser = new (yaml().Parser)(lineCounter.addNewLine);
  const composer = new (yaml().Composer)(options);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    let doc: Document.Parsed | undefined;
    let strayTokens = 0;
    const take = (docs: Iterable<Document.Parsed>): boolean => {
      for (const next of docs) {
        if (doc === undefined) doc = next;
        else return secondDocument(doc, next);
      }
      return false;
    };
    for (const token of parser.parse(text)) {
      if (token.type === 'error' && ++strayTokens > MAX_SYNTAX_ERRORS) break;
      if (take(composer.next(token))) return capped(doc as Document.Parsed);
    }
    take(composer.end(true, text.length));
    return capped(doc as Document.Parsed);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Marks the first document as followed by another, as `yaml.parseDocument` does; true: stop reading. */
function secondDocument(first: Document.Parsed, second: Document.Parsed): true {
  const range = second.range.slice(0, 2) as [number, number];
  first.errors.push(new (yaml().YAMLParseError)(range, 'MULTIPLE_DOCS', 'Source contains multiple documents'));
  return true;
}

function capped(doc: Document.Parsed): Document.Parsed {
  if (doc.errors.length > MAX_SYNTAX_ERRORS) doc.errors.length = MAX_SYNTAX_ERRORS;
  return doc;
}
