import { HeatstackError } from '../errors.js';

/** A template cannot become code: a reference cycle, or a template with errors. */
export class ImportError extends HeatstackError {
  override name = 'ImportError';
}

/**
 * The order to declare things in so that each comes after what it refers to: the template's own order wherever
 * that allows (a name is moved up only to come before what needs it), depth first and without recursion, so a
 * 10,000-long chain is fine. A cycle is an `ImportError` naming it (`reference cycle: A → B → A`).
 */
export function declarationOrder(
  names: readonly string[],
  dependsOn: (name: string) => readonly string[],
  what: string,
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of names) {
    if (state.has(root)) continue;
    const stack: { name: string; deps: readonly string[]; next: number }[] = [];
    const enter = (name: string): void => {
      state.set(name, 'visiting');
      stack.push({ name, deps: dependsOn(name), next: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.deps.length) {
        stack.pop();
        state.set(top.name, 'done');
        order.push(top.name);
        continue;
      }
      const dep = top.deps[top.next++]!;
      const s = state.get(dep);
      if (s === 'done') continue;
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.findIndex((f) => f.name === dep)).map((f) => f.name), dep];
        throw new ImportError(`${what} reference cycle: ${cycle.join(' → ')}`);
      }
      enter(dep);
    }
  }
  return order;
}
