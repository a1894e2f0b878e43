import fc from 'fast-check';
import { App, DockerContainer, Lazy, Stack, SynthError } from 'heatstack';
import { describe, expect, test } from 'vitest';
import { resourceDependencies, topologicalOrder } from '../../src/template/dependencies.js';

/** Whether a graph of `n` nodes with these edges (from → to) has a cycle, by plain depth-first search. */
function hasCycle(n: number, edges: readonly [number, number][]): boolean {
  const next = Array.from({ length: n }, () => [] as number[]);
  for (const [a, b] of edges) if (a !== b) next[a]!.push(b);
  const state = new Array<number>(n).fill(0);
  const visit = (v: number): boolean => {
    state[v] = 1;
    for (const w of next[v]!) if (state[w] === 1 || (state[w] === 0 && visit(w))) return true;
    state[v] = 2;
    return false;
  };
  return Array.from({ length: n }, (_, v) => v).some((v) => state[v] === 0 && visit(v));
}

describe('reference cycles', () => {
  test('synth finds a cycle exactly when the references and DependsOn make one, whatever the creation order', () => {
    const graphs = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        refs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }),
        explicit: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(graphs, ({ n, refs, explicit }) => {
        // GIVEN containers whose env refers (lazily, so forwards too) to others, and explicit dependencies
        const app = new App();
        const stack = new Stack(app, 'S');
        const containers: DockerContainer[] = [];
        for (let i = 0; i < n; i++) {
          const mine = refs.filter(([from, to]) => from === i && to !== i).map(([, to]) => to);
          containers.push(
            new DockerContainer(stack, `C${i}`, {
              image: 'x',
              env: mine.map((to) => Lazy.string({ produce: () => `IP=${containers[to]!.networkIp}` })),
            }),
          );
        }
        for (const [from, to] of explicit) if (from !== to) containers[from]!.addDependency(containers[to]!);
        const expected = hasCycle(n, [...refs, ...explicit]);
        // WHEN
        let error: unknown;
        let template: ReturnType<App['synth']>[number]['template'] | undefined;
        try {
          template = app.synth()[0]!.template;
        } catch (e) {
          error = e;
        }
        // THEN
        if (expected) {
          expect(error).toBeInstanceOf(SynthError);
          expect((error as SynthError).message).toMatch(/reference cycle: S\/C\d+ → .* → S\/C\d+/);
        } else {
          expect(error).toBeUndefined();
          // and the template model agrees: no cycle in the dependencies Heat would infer from it
          expect('order' in topologicalOrder(resourceDependencies(template!))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
