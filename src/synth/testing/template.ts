import type { Stack } from '../../constructs/stack.js';
import { shapeFor } from '../../template/emit/index.js';
import type { Dialect } from '../../template/model.js';
import { synthesizeStack } from '../synthesizer.js';
import { Match, type Mismatch, matchValue, show } from './match.js';

export interface TemplateOptions {
  /** The dialect to synthesize and assert in; patterns use its spelling (`Properties` / `properties`). @default 'cfn' */
  readonly dialect?: Dialect;
}

type Json = Record<string, unknown>;

const SECTIONS = {
  cfn: { resources: 'Resources', outputs: 'Outputs', parameters: 'Parameters', type: 'Type', properties: 'Properties' },
  hot: { resources: 'resources', outputs: 'outputs', parameters: 'parameters', type: 'type', properties: 'properties' },
} as const;

/**
 * A synthesized stack's template, as the plain data of the template file, with assertions whose failures show the
 * closest candidate and where it differs. Like the AWS CDK's `Template` from `aws-cdk-lib/assertions`.
 */
export class Template {
  /** Synthesizes the stack (throws a `SynthError` if it has problems) for assertions. */
  static fromStack(stack: Stack, options: TemplateOptions = {}): Template {
    const dialect = options.dialect ?? 'cfn';
    return new Template(shapeFor(synthesizeStack(stack, dialect), { dialect, version: 'auto' }) as Json, dialect);
  }

  /** Assertions on a template already in plain data form (a parsed template file). */
  static fromJSON(template: Readonly<Record<string, unknown>>, options: TemplateOptions = {}): Template {
    return new Template(template as Json, options.dialect ?? ('heat_template_version' in template ? 'hot' : 'cfn'));
  }

  private constructor(
    private readonly json: Json,
    private readonly dialect: Dialect,
  ) {}

  /** The template as plain data, ready for `toMatchSnapshot()`. */
  toJSON(): Json {
    return this.json;
  }

  /** The template has exactly `count` resources of this type. */
  resourceCountIs(type: string, count: number): void {
    const found = Object.keys(this.resourcesOfType(type)).length;
    if (found !== count) throw new Error(`Expected ${count} resources of type ${type} but found ${found}`);
  }

  /** Some resource of this type has properties matching `props` (loosely: other keys may exist). */
  hasResourceProperties(type: string, props: unknown): void {
    const s = SECTIONS[this.dialect];
    this.expectSome(
      `resources with type ${type}`,
      this.resourcesOfType(type),
      (r) => r[s.properties] ?? {},
      props,
      this.noResource(type),
    );
  }

  /** Some resource of this type matches `props` as a whole entry (`Type`, `Properties`, `DependsOn`…). */
  hasResource(type: string, props: unknown): void {
    this.expectSome(`resources with type ${type}`, this.resourcesOfType(type), (r) => r, props, this.noResource(type));
  }

  /** The resources of this type whose properties match `props`, by logical id. */
  findResources(type: string, props: unknown = {}): Record<string, Json> {
    const s = SECTIONS[this.dialect];
    const all = this.resourcesOfType(type);
    return Object.fromEntries(
      Object.entries(all).filter(([, r]) => matchOf(props, r[s.properties] ?? {}).length === 0),
    );
  }

  /** The output `name` (or any output, with `'*'`) matches `props`: `{ Value: …, Description: … }` in cfn. */
  hasOutput(name: string, props: unknown): void {
    this.expectSome('outputs', this.section('outputs', name), (o) => o, props, this.noEntry('outputs', name));
  }

  /** The parameter `name` (or any parameter, with `'*'`) matches `props`: `{ Type: 'String', NoEcho: true }` in cfn. */
  hasParameter(name: string, props: unknown): void {
    this.expectSome('parameters', this.section('parameters', name), (p) => p, props, this.noEntry('parameters', name));
  }

  private noResource(type: string): () => string {
    return () => {
      const s = SECTIONS[this.dialect];
      const types = [
        ...new Set(Object.values((this.json[s.resources] ?? {}) as Record<string, Json>).map((r) => r[s.type])),
      ];
      return `Template has no resource of type ${type} (it has ${types.length ? types.join(', ') : 'no resources'})`;
    };
  }

  private noEntry(which: 'outputs' | 'parameters', name: string): () => string {
    return () => {
      const names = Object.keys((this.json[SECTIONS[this.dialect][which]] ?? {}) as Json);
      const what = name === '*' ? which : `${which.slice(0, -1)} named ${name}`;
      return `Template has no ${what} (it has ${names.length ? names.join(', ') : `no ${which}`})`;
    };
  }

  private resourcesOfType(type: string): Record<string, Json> {
    const s = SECTIONS[this.dialect];
    const all = (this.json[s.resources] ?? {}) as Record<string, Json>;
    return Object.fromEntries(Object.entries(all).filter(([, r]) => r[s.type] === type));
  }

  private section(which: 'outputs' | 'parameters', name: string): Record<string, Json> {
    const all = (this.json[SECTIONS[this.dialect][which]] ?? {}) as Record<string, Json>;
    if (name === '*') return all;
    return name in all ? { [name]: all[name]! } : {};
  }

  /** Throws unless one candidate matches; the message shows the closest one and each difference. */
  private expectSome(
    what: string,
    candidates: Record<string, Json>,
    view: (c: Json) => unknown,
    pattern: unknown,
    whenNone: () => string,
  ): void {
    const entries = Object.entries(candidates);
    if (entries.length === 0) throw new Error(whenNone());
    let closest: { id: string; mismatches: Mismatch[] } | undefined;
    for (const [id, c] of entries) {
      const mismatches = matchOf(pattern, view(c));
      if (mismatches.length === 0) return;
      if (closest === undefined || mismatches.length < closest.mismatches.length) closest = { id, mismatches };
    }
    const c = closest!;
    throw new Error(
      [
        `Template has ${entries.length} ${what}, but none match ${show(pattern)}.`,
        `The closest is ${c.id}:`,
        ...c.mismatches.map((m) => `  at ${m.path || '/'}: ${m.message}`),
        `  (${c.id} is ${show(view(candidates[c.id]!))})`,
      ].join('\n'),
    );
  }
}

function matchOf(pattern: unknown, actual: unknown): Mismatch[] {
  return matchValue(
    pattern instanceof Object && !Array.isArray(pattern) ? Match.objectLike(pattern as Json) : pattern,
    actual,
    '',
    true,
  );
}
