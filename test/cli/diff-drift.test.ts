import { describe, expect, test } from 'vitest';
import { diffJson, formatDiff } from '../../src/cli/diff.js';
import type { Plan } from '../../src/deploy/plan/plan.js';

/** How `diff` shows a container found not running outside heatstack, which a deploy starts again. */

const plan: Plan = {
  operations: [
    {
      id: 'repair web',
      kind: 'repair',
      resource: 'web',
      physicalId: 'c1',
      cause: 'exited (137) outside heatstack',
      after: [],
    },
  ],
  kept: [{ resource: 'db', physicalId: 'c2', cause: 'unchanged' }],
};

describe('diff of a repair', () => {
  test('a `!` line names the resource and its observed state, and the summary counts it', () => {
    expect(formatDiff(plan).split('\n')).toEqual([
      '! repair web: exited (137) outside heatstack',
      '= keep db: unchanged',
      '',
      '0 to create, 0 to replace, 1 to repair, 0 to delete, 1 unchanged',
    ]);
  });

  test('--json counts repairs and lists the operation', () => {
    const json = diffJson('s', { action: 'UPDATE', plan });
    expect(json.summary).toEqual({ create: 0, replace: 0, repair: 1, delete: 0, unchanged: 1 });
    expect(json.operations).toEqual([
      { id: 'repair web', kind: 'repair', resource: 'web', cause: 'exited (137) outside heatstack', after: [] },
    ]);
  });
});
