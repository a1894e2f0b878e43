import type { ParameterType } from '../template/model.js';
import { Lazy } from '../tokens/lazy.js';
import type { ResolveContext } from '../tokens/resolvable.js';
import type { ElementDefinition, ReportProblem } from './element.js';
import { Output, type OutputProps } from './output.js';
import { Parameter, type ParameterProps } from './parameter.js';
import { CreationSite } from './private/creation-site.js';
import { AMBIGUOUS_TYPE } from './private/decorator-marks.js';
import { pascalName } from './private/type-names.js';
import type { Stack } from './stack.js';

/**
 * Parameters and outputs declared as members of a stack class, with TypeScript's legacy decorators
 * (`experimentalDecorators`) and the type metadata they carry (`emitDecoratorMetadata`, read through
 * reflect-metadata):
 *
 *   @parameter({ hidden: true, minLength: 8 }) dbPassword!: string;   // a string parameter `DbPassword`
 *   @output({ description: 'Blog URL' }) get blogUrl() { return `http://${this.blog.networkIp}/`; }
 *
 * Standard (TC39) decorators are not supported: TypeScript gives them no type metadata, so a member's type could
 * not be told. The app loader compiles a file that uses these decorators with the TypeScript compiler
 * (`src/synth/loader/decorator-metadata.ts`); the transpilers that load every other file write no metadata.
 *
 * The members become constructs as the stack is created (`Stack`'s constructor calls `MEMBERS`): parameters
 * first, in the order declared, then outputs, whose getters are read at synth, once the stack is built.
 */

/** The key on a stack class's prototype under which its declared members are created. */
export const MEMBERS = Symbol.for('heatstack.declaredMembers');

export interface ParameterMemberProps extends ParameterProps {
  /** The logical id. @default - the member's name in PascalCase */
  readonly id?: string;
}

export interface OutputMemberProps extends Omit<OutputProps, 'value'> {
  /** The logical id. @default - the member's name in PascalCase */
  readonly id?: string;
}

/** What every declared member has: its name, its class's name, and where its decorator is, for messages. */
interface DeclaredMember {
  readonly key: string;
  readonly className: string;
  readonly site: CreationSite;
}

type Declared =
  | (DeclaredMember & {
      readonly kind: 'parameter';
      readonly props: ParameterMemberProps;
      /** The class's prototype, where the member's metadata is. */
      readonly target: object;
    })
  | (DeclaredMember & { readonly kind: 'output'; readonly props: OutputMemberProps; readonly get: () => unknown });

const DECLARED = Symbol.for('heatstack.declared');

/** A stack parameter: the field reads as its value (a string, number or list token, or the value itself). */
export function parameter(props: ParameterMemberProps = {}): MemberDecorator {
  // The decorator's own line (`@parameter(…)`): the frame that calls this factory is the user's class.
  const site = new CreationSite(parameter);
  return (target, key) => {
    const name = memberName(target, key, '@parameter');
    const member = { key: name, className: classNameOf(target), site };
    declare(target as object, { ...member, kind: 'parameter', props, target: target as object });
  };
}

/**
 * A legacy member decorator, typed loosely enough that a project compiled with standard decorators type-checks too:
 * there, the call is an error at run time saying to set `experimentalDecorators`.
 */
export type MemberDecorator = (target: unknown, key: unknown, descriptor?: unknown) => void;

/** A stack output: the getter's value, read at synth. */
export function output(props: OutputMemberProps = {}): MemberDecorator {
  const site = new CreationSite(output);
  return (target, key, descriptor) => {
    const name = memberName(target, key, '@output');
    const get = (descriptor as PropertyDescriptor | undefined)?.get;
    const className = classNameOf(target);
    if (get === undefined) {
      throw new TypeError(`@output on ${className}.${name} (at ${site}): put it on a getter (\`get ${name}() { … }\`)`);
    }
    declare(target as object, { key: name, className, site, kind: 'output', props, get });
  };
}

/** The name of the class a member decorator is applied to (`target` is its prototype, or the class if static). */
function classNameOf(target: unknown): string {
  const cls = typeof target === 'function' ? target : (target as { constructor?: { name?: string } }).constructor;
  return cls?.name || 'an anonymous class';
}

function memberName(target: unknown, key: unknown, decorator: string): string {
  // A standard decorator is called with (value, context): `key` is then a context object.
  if (typeof key === 'object' || typeof target !== 'object' || target === null) {
    throw new TypeError(
      `${decorator} is a legacy decorator: set "experimentalDecorators": true (heatstack compiles the app file so)`,
    );
  }
  if (typeof key !== 'string') throw new TypeError(`${decorator} needs a member with a name, not a symbol`);
  return key;
}

function declare(target: object, member: Declared): void {
  const proto = target as Record<symbol, Declared[] | ((stack: Stack) => void) | undefined>;
  const own = Object.hasOwn(proto, DECLARED) ? (proto[DECLARED] as Declared[]) : [];
  Object.defineProperty(proto, DECLARED, { value: [...own, member], configurable: true });
  Object.defineProperty(proto, MEMBERS, { value: createMembers, configurable: true });
}

/** Creates the constructs of every member declared on the stack's class and its base classes. */
function createMembers(stack: Stack): void {
  const chain: Declared[][] = [];
  for (let p = Object.getPrototypeOf(stack); p !== null; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, DECLARED)) chain.unshift(p[DECLARED] as Declared[]);
  }
  const members = chain.flat();
  for (const m of members) if (m.kind === 'parameter') createParameter(stack, m);
  for (const m of members) if (m.kind === 'output') createOutput(stack, m);
}

function createParameter(stack: Stack, m: Extract<Declared, { kind: 'parameter' }>): void {
  const { id, ...props } = m.props;
  // Read as the stack is created: the app compiler marks ambiguous members just after their class.
  const reflect = Reflect as unknown as { getMetadata?: (k: string, t: object, p: string) => unknown };
  const ambiguous = reflect.getMetadata?.(AMBIGUOUS_TYPE, m.target, m.key) === true;
  const type =
    props.type ?? (ambiguous ? undefined : heatTypeOf(reflect.getMetadata?.('design:type', m.target, m.key)));
  const why = ambiguous ? 'a union, or no type' : 'no decorator metadata: the file was not compiled with it';
  const problem =
    type === undefined
      ? `the parameter member ${m.className}.${m.key} has a type heatstack cannot tell (${why}): give it \`type\` in @parameter({ type: … }), or declare it string, number, boolean, string[] or an object`
      : undefined;
  const p = new MemberParameter(stack, id ?? pascalName(m.key), { ...props, type: type ?? 'string' }, problem);
  // Made by the stack's constructor: the place to name is the member's decorator.
  p._creation = m.site;
  const value =
    p.type === 'string'
      ? () => p.valueAsString
      : p.type === 'number'
        ? () => p.valueAsNumber
        : p.type === 'comma_delimited_list'
          ? () => p.valueAsList
          : () => p.value;
  Object.defineProperty(stack, m.key, { get: value, enumerable: true, configurable: true });
}

function createOutput(stack: Stack, m: Extract<Declared, { kind: 'output' }>): void {
  const { id, ...props } = m.props;
  const logicalId = id ?? pascalName(m.key);
  // A construct id holds no `/` (the constructs library's path separator); Heat's output names may (`port/mac`).
  const output = new Output(stack, logicalId.replaceAll('/', '-'), {
    ...props,
    value: Lazy.any({ produce: () => m.get.call(stack) }),
  });
  output._creation = m.site;
  if (output.node.id !== logicalId) output.overrideLogicalId(logicalId);
}

/** `design:type` → the Heat parameter type: String, Number, Boolean, Array (a list), Object (json). */
function heatTypeOf(designType: unknown): ParameterType | undefined {
  if (designType === String) return 'string';
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  if (designType === Array) return 'comma_delimited_list';
  if (designType === Object) return 'json';
  return undefined;
}

/** A parameter whose type could not be told: a synth problem naming the member. */
class MemberParameter extends Parameter {
  constructor(
    scope: Stack,
    id: string,
    props: ParameterProps,
    private readonly problem: string | undefined,
  ) {
    super(scope, id, props);
  }

  /** @internal */
  override _synthesize(ctx: ResolveContext, report: ReportProblem): ElementDefinition {
    if (this.problem !== undefined) report(this.problem);
    return super._synthesize(ctx, report);
  }
}
