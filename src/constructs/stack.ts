import type { IConstruct } from 'constructs';
import { HeatstackError } from '../errors.js';
import { requireKnown } from '../tokens/resolve.js';
import type { StackElement } from './element.js';
import { Construct } from './private/constructs-lib.js';

const STACK = Symbol.for('heatstack.Stack');
const APP = Symbol.for('heatstack.App');
/** Where `@parameter`/`@output` (decorators.ts) leave the function that creates a class's declared members. */
const MEMBERS = Symbol.for('heatstack.declaredMembers');

export interface StackProps {
  /** The template's description. @default - none */
  readonly description?: string;
}

/**
 * One Heat template, and one stack when deployed. Its resources, parameters and outputs are the constructs created
 * inside it, at any depth.
 */
export class Stack extends Construct {
  static isStack(x: unknown): x is Stack {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[STACK] === true;
  }

  /** The stack a construct belongs to: its nearest ancestor that is a Stack. */
  static of(construct: IConstruct): Stack {
    const scope = construct.node.scope;
    if (Stack.isStack(scope)) return scope;
    for (let c: IConstruct | undefined = construct; c !== undefined; c = c.node.scope) {
      if (Stack.isStack(c)) return c;
    }
    throw new HeatstackError(
      `${construct.node.path || construct.node.id} is not inside a Stack: create it in a Stack or in a construct inside one`,
    );
  }

  /** The stack's name: its id. */
  readonly stackName: string;
  readonly description?: string;
  /** @internal The elements of the template, in the order they were created. */
  readonly _elements: StackElement[] = [];

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    if (!(scope as unknown as Record<symbol, unknown>)[APP]) {
      throw new HeatstackError(`Stack '${id}' must be created directly in an App (its scope is '${scope.node.path}')`);
    }
    if (!/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(id)) {
      throw new HeatstackError(
        `Stack '${id}': a stack name starts with a letter and has only letters, digits, '_', '.' and '-', as Heat requires`,
      );
    }
    super(scope, id);
    this.stackName = id;
    requireKnown(props.description, `${id}: the description`);
    this.description = props.description;
    (this as unknown as Record<symbol, ((stack: Stack) => void) | undefined>)[MEMBERS]?.(this);
  }
}
Object.defineProperty(Stack.prototype, STACK, { value: true });
