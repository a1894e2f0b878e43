import { call, type Expr } from '../template/model.js';
import { Intrinsic } from './resolvable.js';
import { Token } from './token.js';

/** A pseudo parameter: a value Heat gives every stack (`get_param: OS::stack_name` / `Ref: AWS::StackName`). */
class PseudoParameter extends Intrinsic {
  readonly displayHint: string;
  constructor(private readonly name: string) {
    super();
    this.displayHint = name;
  }
  resolve(): Expr {
    return call('get_param', this.name);
  }
  override toString(): string {
    return Token.asString(this);
  }
}

/**
 * The values Heat gives every stack, as tokens, written in each dialect's spelling: the stack's name as deployed
 * (`--stack NAME`, which may differ from the `Stack`'s id), its id, the project's id (HOT only) and the region
 * (CFN's `AWS::Region`).
 */
export class Pseudo {
  /** The stack's name (`OS::stack_name` / `AWS::StackName`). */
  static get stackName(): string {
    return Token.asString(new PseudoParameter('OS::stack_name'));
  }
  /** The stack's id (`OS::stack_id` / `AWS::StackId`). */
  static get stackId(): string {
    return Token.asString(new PseudoParameter('OS::stack_id'));
  }
  /** The project's id (`OS::project_id`; HOT only: a CFN template cannot express it). */
  static get projectId(): string {
    return Token.asString(new PseudoParameter('OS::project_id'));
  }
  /** The region (`AWS::Region` / `OS::region`). */
  static get region(): string {
    return Token.asString(new PseudoParameter('AWS::Region'));
  }

  private constructor() {}
}
