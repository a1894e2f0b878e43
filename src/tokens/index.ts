export { TokenError } from './errors.js';
export { Fn } from './fn.js';
export { Lazy, type LazyOptions, type LazyProducer } from './lazy.js';
export { Pseudo } from './pseudo.js';
export { Intrinsic, type IResolvable, isResolvable, Resolvable, type ResolveContext } from './resolvable.js';
export { requireKnown, resolveValue } from './resolve.js';
export { Token } from './token.js';
