import { TokenError } from '../tokens/errors.js';
import { Intrinsic, type ResolveContext } from '../tokens/resolvable.js';
import { _checkReference, Resource } from './resource.js';

/**
 * A container's name on its stack's network (`DockerContainer.dnsName`): a string known at synth — the logical id,
 * lower-cased, which every container of the stack resolves to it — that also records the dependency. A resource whose
 * properties use it depends on the container (`depends_on`) without reading anything from it: a replace of the
 * container (a new id, a new address) does not replace the reader, which reaches the new container by the same name.
 */
export class DnsNameReference extends Intrinsic {
  readonly displayHint: string;
  constructor(private readonly target: Resource) {
    super();
    this.displayHint = `${target.node.id}.dnsName`;
  }
  resolve(ctx: ResolveContext): string {
    _checkReference(this.target, 'its name on the stack network', ctx);
    if (ctx.section === 'outputs' || ctx.section === 'resources') {
      if (ctx.referrer instanceof Resource) ctx.referrer.addDependency(this.target);
      return this.target.logicalId.toLowerCase();
    }
    throw new TokenError(`${ctx.referrerPath}: a name on the stack network is for resources and outputs only`);
  }
}
