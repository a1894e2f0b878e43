import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

/** The sections whose entries carry their comments over, by either dialect's spelling. */
const SECTIONS: Readonly<Record<string, Section>> = {
  Parameters: 'parameters',
  parameters: 'parameters',
  Resources: 'resources',
  resources: 'resources',
  Outputs: 'outputs',
  outputs: 'outputs',
};

type Section = 'parameters' | 'resources' | 'outputs';

/** `section/name` → the comment lines written on a parameter, resource or output (above it, or on its line). */
export type Comments = ReadonlyMap<string, readonly string[]>;

export function commentKey(section: Section, name: string): string {
  return `${section}/${name}`;
}

/**
 * The YAML comments that sit on a parameter, resource or output: the lines just above its name, and one on the
 * line of its name or its flow value. The `yaml` library holds the comment above a section's first entry on the
 * section's map, and one after a value on that value. JSON has none.
 */
export function templateComments(text: string): Comments {
  const out = new Map<string, string[]>();
  if (/^\s*\{/.test(text)) return out;
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    const section = isScalar(pair.key) ? SECTIONS[String(pair.key.value)] : undefined;
    if (section === undefined || !isMap(pair.value)) continue;
    const map = pair.value as YAMLMap;
    for (const [i, entry] of map.items.entries()) {
      if (!isScalar(entry.key)) continue;
      const value = entry.value as { commentBefore?: string | null; comment?: string | null } | null;
      const lines = [
        ...(i === 0 ? linesOf(map.commentBefore) : []),
        ...linesOf(entry.key.commentBefore),
        ...linesOf(entry.key.comment),
        ...linesOf(value?.commentBefore),
        ...linesOf(value?.comment),
      ];
      if (lines.length > 0) out.set(commentKey(section, String(entry.key.value)), lines);
    }
  }
  return out;
}

function linesOf(comment: string | null | undefined): string[] {
  if (comment === undefined || comment === null) return [];
  return comment.split('\n').map((l) => l.replace(/^ /, '').trimEnd());
}
