import type { ParameterDef, ParameterGroup as ParameterGroupDef } from '../template/model.js';
import { requireKnown } from '../tokens/resolve.js';
import type { SynthProblem } from './errors.js';
import { Parameter } from './parameter.js';
import { Construct } from './private/constructs-lib.js';
import { CreationSite } from './private/creation-site.js';
import { Stack } from './stack.js';

/**
 * HOT's `parameter_groups`: how a form (Heat's dashboard, `heatstack ui`) lays a stack's parameters out. Heat
 * checks each grouped parameter exists and is in one group only (`heat/engine/parameter_groups.py`); synth does
 * the same. CFN has no such section: a CFN synth of a stack with a group is an error.
 */

export interface ParameterGroupProps {
  /** The group's title. @default - none */
  readonly label?: string;
  /** What the group is for. @default - none */
  readonly description?: string;
  /**
   * Its parameters, in order: `Parameter` constructs, or logical ids (for a decorated member, `'DbPassword'`).
   */
  readonly parameters: readonly (Parameter | string)[];
}

/** A labelled group of the stack's parameters, in the order they are shown. */
export class ParameterGroup extends Construct {
  /** @internal Where it was created, for messages. */
  readonly _creation: CreationSite;

  constructor(
    scope: Construct,
    id: string,
    readonly props: ParameterGroupProps,
  ) {
    super(scope, id);
    requireKnown(props.label, `${this.node.path}: the label`);
    requireKnown(props.description, `${this.node.path}: the description`);
    for (const p of props.parameters) if (typeof p === 'string') requireKnown(p, `${this.node.path}: a parameter`);
    this._creation = new CreationSite(new.target);
    const stack = Stack.of(this);
    const groups = GROUPS.get(stack) ?? [];
    groups.push(this);
    GROUPS.set(stack, groups);
  }
}

// The groups of each stack, in creation order; kept here so a stack without groups pays nothing.
const GROUPS = new WeakMap<Stack, ParameterGroup[]>();

/**
 * The stack's groups as the template's `parameter_groups`. A name that is no parameter of the stack, or a
 * parameter in two groups, is a problem (Heat's `ParameterGroups.validate`), added to `problems`.
 */
export function parameterGroupsOf(
  stack: Stack,
  parameters: Readonly<Record<string, ParameterDef>>,
  problems: SynthProblem[],
): ParameterGroupDef[] {
  const seen = new Map<string, string>();
  return (GROUPS.get(stack) ?? []).map((group) => {
    const { label, description } = group.props;
    const names = group.props.parameters.map((p) => (p instanceof Parameter ? p.logicalId : p));
    const report = (message: string) =>
      problems.push({ path: group.node.path, source: group._creation.toString(), message });
    for (const name of names) {
      if (!Object.hasOwn(parameters, name)) report(`the grouped parameter '${name}' is no parameter of the stack`);
      const other = seen.get(name);
      if (other !== undefined) report(`the parameter '${name}' is in another group too (${other})`);
      seen.set(name, group.node.path);
    }
    return {
      ...(label !== undefined && { label }),
      ...(description !== undefined && { description }),
      parameters: names,
    };
  });
}
