import type { ResourceRef, Scope } from './expressions.js';

/** What the generator knows of the elements declared so far, and the effects code can have on the file. */
export interface Lookups {
  parameter: Scope['parameter'];
  resource(name: string): ResourceRef | undefined;
  condition(name: string): string | undefined;
  mapping(name: string): string | undefined;
  /** The variable is referred to: it is bound (`const x = new …`). */
  refer(variable: string): void;
  use: Scope['use'];
  raw: Scope['raw'];
}

/**
 * A scope whose effects — variables referred to, names imported, raw places reported — wait for `commit`: a
 * resource is first tried as a typed construct, and what a discarded try used must leave no import, no binding
 * and no report behind.
 */
export function bufferedScope(base: Lookups): { readonly scope: Scope; commit(): void } {
  const effects: (() => void)[] = [];
  const referred = <T extends { readonly variable: string } | string | undefined>(x: T): T => {
    if (x !== undefined) {
      const variable = typeof x === 'string' ? x : x.variable;
      effects.push(() => base.refer(variable));
    }
    return x;
  };
  const scope: Scope = {
    parameter: (name) => referred(base.parameter(name)),
    resource: (name) => referred(base.resource(name)),
    condition: (name) => referred(base.condition(name)),
    mapping: (name) => referred(base.mapping(name)),
    use: (name) => effects.push(() => base.use(name)),
    raw: (path, fn) => effects.push(() => base.raw(path, fn)),
  };
  return {
    scope,
    commit: () => {
      for (const effect of effects.splice(0)) effect();
    },
  };
}

/** Runs `f` in a buffered scope and commits what it did when it gives a result. */
export function attempt<T>(base: Lookups, f: (scope: Scope) => T | undefined): T | undefined {
  const { scope, commit } = bufferedScope(base);
  const result = f(scope);
  if (result !== undefined) commit();
  return result;
}
