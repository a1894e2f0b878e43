import type { ResourceDef, Template, TemplateVersion } from '../model.js';
import { HOT_VERSION_KEY } from '../versions.js';
import { FastJson } from './fast-json.js';
import type { JsonBytes } from './json-bytes.js';
import { exprToPlain, literalToPlain, shapeOutput, shapeParameter, shapeResource } from './plain.js';
import { fail, hasEntries, type MutableMap, Shaper, setKey } from './shaper.js';
import type { Plain, PlainMap } from './yaml-writer.js';

export { resourceJsonBothWays } from './fast-json.js';
export { TemplateEmitError } from './shaper.js';

/**
 * Template → the plain data of a template file in one dialect and version, section by section: `shapeTemplate` whole,
 * `shapeTemplateSections` one section (and one resource) at a time for the writers, the resources as JSON text
 * through `fast-json.ts`. The pieces: `shaper.ts` (state, errors), `plain.ts` (values), `json-lines.ts` and
 * `fast-json.ts` (JSON text).
 */

function eachEntry<V>(
  s: Shaper,
  section: string,
  entries: Readonly<Record<string, V>>,
  f: (v: V, s: Shaper) => Plain,
): PlainMap {
  const out: MutableMap = {};
  for (const [name, value] of lazyEntries(s, section, entries, f)) setKey(out, name, value);
  return out;
}

/** A section's entries, each shaped only when the iteration reaches it (with the template path set meanwhile). */
function* lazyEntries<V>(
  s: Shaper,
  section: string,
  entries: Readonly<Record<string, V>>,
  f: (v: V, s: Shaper) => Plain,
): Generator<readonly [string, Plain]> {
  s.path.push(section);
  for (const name in entries) {
    s.path.push(name);
    const value = f(entries[name] as V, s);
    s.path.pop();
    yield [name, value];
  }
  s.path.pop();
}

/**
 * The resources of `cursor`, as JSON text at `depth` into `out`: each entry `"name": {…}` after its separator (`{`
 * and a line break for the first, `,` and a line break for the others); each step of the iteration writes entries
 * until `out` holds `chunkBytes` bytes (or the last one). No step when there are none.
 */
function* lazyJsonEntries(
  s: Shaper,
  section: string,
  cursor: ResourceCursor,
  out: JsonBytes,
  depth: number,
  chunkBytes: number,
): Generator<void> {
  const fast = new FastJson(s, out);
  s.path.push(section);
  for (let done = false; !done; ) {
    const before = fast.written;
    done = fast.resources(cursor, depth, chunkBytes);
    if (fast.written > before) yield;
  }
  s.path.pop();
}

/** `lazyEntries` of the resources of `cursor`. */
function* cursorEntries(
  s: Shaper,
  section: string,
  cursor: ResourceCursor,
  f: (r: ResourceDef, s: Shaper) => Plain,
): Generator<readonly [string, Plain]> {
  s.path.push(section);
  while (cursor.next()) {
    const name = cursor.name;
    s.path.push(name);
    const value = f(cursor.def, s);
    s.path.pop();
    yield [name, value];
  }
  s.path.pop();
}

/**
 * A template's resources, handed out one at a time: `next()` moves to the next one (false when there are no
 * more), whose name and definition are then `name` and `def`. A template's record is read this way
 * (`recordCursor`); so is a stack synthesized straight into a file, whose resources are each synthesized when
 * the cursor reaches them and dropped once written (`src/synth/stream.ts`).
 */
export interface ResourceCursor {
  next(): boolean;
  readonly name: string;
  readonly def: ResourceDef;
}

/** The resources of a template's record, in order. */
export function recordCursor(resources: Readonly<Record<string, ResourceDef>>): ResourceCursor {
  return new RecordCursor(resources);
}

class RecordCursor implements ResourceCursor {
  // Own keys are all a template's maps have (and one call gets them all, where a loop pushing each would run slowly
  // before the JIT has compiled it).
  private readonly names: string[];
  private index = -1;
  name = '';
  def!: ResourceDef;

  constructor(private readonly resources: Readonly<Record<string, ResourceDef>>) {
    this.names = Object.keys(resources);
  }

  next(): boolean {
    if (++this.index >= this.names.length) return false;
    this.name = this.names[this.index] as string;
    this.def = this.resources[this.name] as ResourceDef;
    return true;
  }
}

/**
 * A top-level entry of a template file: a value, or (the resources) a section whose entries are shaped one at a
 * time as they are iterated, so that a writer can write each resource and drop it before shaping the next.
 */
export type TemplateSection =
  | { readonly key: string; readonly value: Plain }
  | {
      readonly key: string;
      readonly entries: Iterable<readonly [string, Plain]>;
      /**
       * The same entries as JSON text at `depth`, each with its separator, written into `out`: an iteration step
       * writes entries until `out` holds `chunkBytes` bytes, or the last one (iterate either this or `entries`,
       * once).
       */
      jsonEntries(out: JsonBytes, depth: number, chunkBytes: number): Iterable<void>;
    };

/** The template as the plain data of a file in `version`'s dialect. Throws `TemplateEmitError`. */
export function shapeTemplate(t: Template, version: TemplateVersion): PlainMap {
  const out: MutableMap = {};
  for (const section of shapeTemplateSections(t, version)) {
    setKey(out, section.key, 'value' in section ? section.value : entriesToMap(section.entries));
  }
  return out;
}

function entriesToMap(entries: Iterable<readonly [string, Plain]>): PlainMap {
  const out: MutableMap = {};
  for (const [name, value] of entries) setKey(out, name, value);
  return out;
}

/**
 * The template's top-level entries in file order, each shaped when the iteration reaches it (consume each
 * section's entries before the next section): problems are found, and thrown as `TemplateEmitError`, in the same
 * order as `shapeTemplate` finds them. The resources are those `resources` hands out (by default the template's
 * record; a stack synthesized straight into a file gives a cursor that synthesizes each as it is reached).
 */
export function* shapeTemplateSections(
  t: Template,
  version: TemplateVersion,
  resources: () => ResourceCursor = () => recordCursor(t.resources),
): Generator<TemplateSection> {
  const s = new Shaper(version);
  const n = s.names;
  if (version.dialect === 'cfn') yield { key: version.key, value: version.value };
  else yield { key: HOT_VERSION_KEY, value: version.alias ?? version.value };
  if (t.description !== undefined) yield { key: n.description, value: t.description };
  if (t.parameterGroups.length > 0) {
    if (!s.features.parameterGroups) s.at(n.parameterGroups, () => fail(s, 'CFN templates have no parameter groups'));
    const groups = t.parameterGroups.map((g) => {
      const group: MutableMap = {};
      if (g.label !== undefined) group.label = g.label;
      if (g.description !== undefined) group.description = g.description;
      group.parameters = [...g.parameters];
      return group;
    });
    yield { key: n.parameterGroups, value: groups };
  }
  if (hasEntries(t.parameters))
    yield { key: n.parameters, value: eachEntry(s, n.parameters, t.parameters, shapeParameter) };
  if (hasEntries(t.mappings)) {
    if (!s.features.mappings) s.at(n.mappings, () => fail(s, 'HOT templates have no mappings'));
    yield { key: n.mappings, value: eachEntry(s, n.mappings, t.mappings, (m, sh) => literalToPlain(m, sh)) };
  }
  if (hasEntries(t.conditions)) {
    if (!s.features.conditions) s.at(n.conditions, () => fail(s, 'conditions are not available'));
    const conditions = eachEntry(s, n.conditions, t.conditions, (c, sh) => exprToPlain(c, sh, 'condition'));
    yield { key: n.conditions, value: conditions };
  }
  yield {
    key: n.resources,
    get entries() {
      return cursorEntries(s, n.resources, resources(), shapeResource);
    },
    jsonEntries: (out, depth, chunkBytes) => lazyJsonEntries(s, n.resources, resources(), out, depth, chunkBytes),
  };
  if (hasEntries(t.outputs)) yield { key: n.outputs, value: eachEntry(s, n.outputs, t.outputs, shapeOutput) };
}
