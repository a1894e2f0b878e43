import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SPELLINGS, type Spelling, type WriteContext, WriteError } from '../../../src/template/functions/index.js';
import { call, type Expr } from '../../../src/template/model.js';
import { HOT_VERSIONS } from '../../../src/template/versions.js';

/** A CFN template (no HOT date) and every HOT version. */
const CONTEXTS: readonly WriteContext[] = [{}, ...HOT_VERSIONS.map((v) => ({ hotDate: v.date }))];

/**
 * Arguments of every kind a `write` could look at: names it renames (pseudo parameters, facade sections), other
 * scalars, and lists, maps and calls (each a new object, so that only the argument itself is the same object).
 */
const argumentArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom<Expr>(
    'AWS::StackName',
    'OS::stack_name',
    'OS::project_id',
    'metadata',
    'Metadata',
    'deletion_policy',
    'x',
    '',
    0,
    1.5,
    true,
    null,
  ),
  fc.string({ maxLength: 4 }),
  fc.constant(null).map((): Expr => ['a']),
  fc.constant(null).map((): Expr => ({ k: 'v' })),
  fc.constant(null).map((): Expr => call('get_resource', 'R')),
);

function describe(spelling: Spelling, ctx: WriteContext): string {
  return `${spelling.name} (${spelling.fn}) in ${ctx.hotDate ?? 'CFN'}`;
}

test('a spelling said to write its arguments as they are gives exactly them, in every version', () => {
  let checked = 0;
  for (const spelling of SPELLINGS) {
    const write = spelling.write;
    for (const ctx of CONTEXTS) {
      const asIs = spelling.writesAsIs?.(ctx);
      if (asIs === undefined || write === undefined) continue;
      fc.assert(
        fc.property(fc.array(argumentArb, { maxLength: 6 }), (args) => {
          if (args.length < asIs.min || args.length > asIs.max) return;
          // WHEN
          const written = write(args, ctx);
          // THEN the list of the arguments (each the very same value), or the one argument itself
          if (asIs.form === 'first') {
            expect(args.length, describe(spelling, ctx)).toBe(1);
            expect(written, describe(spelling, ctx)).toBe(args[0]);
          } else {
            expect(Array.isArray(written), describe(spelling, ctx)).toBe(true);
            const list = written as readonly Expr[];
            expect(list.length, describe(spelling, ctx)).toBe(args.length);
            for (let i = 0; i < list.length; i++) expect(list[i], describe(spelling, ctx)).toBe(args[i]);
          }
          checked++;
        }),
        { numRuns: 60 },
      );
    }
  }
  expect(checked).toBeGreaterThan(1000);
});

test('a list written as is takes every count its `write` takes: one fewer, or one more, is refused', () => {
  // The counts are those `write` accepts, not fewer: a call with any other count is left to `write`, which fails.
  let refused = 0;
  for (const spelling of SPELLINGS) {
    const write = spelling.write;
    for (const ctx of CONTEXTS) {
      const asIs = spelling.writesAsIs?.(ctx);
      if (asIs?.form !== 'list' || write === undefined) continue;
      const counts = [asIs.min - 1, ...(Number.isFinite(asIs.max) ? [asIs.max + 1] : [])].filter((n) => n >= 0);
      for (const count of counts) {
        const args: Expr[] = Array.from({ length: count }, (_, i) => ({ [`a${i}`]: i }));
        expect(() => write(args, ctx), `${describe(spelling, ctx)} with ${count}`).toThrow(WriteError);
        refused++;
      }
    }
  }
  expect(refused).toBeGreaterThan(50);
});

test('the functions a stack writes most are written as they are', () => {
  // GIVEN the spellings of a container's references and joins
  const named = (name: string, fn: string) => SPELLINGS.find((s) => s.name === name && s.fn === fn);
  const cfn: WriteContext = {};
  const hot: WriteContext = { hotDate: '2021-04-16' };
  // THEN each says how it writes its arguments
  expect(named('Fn::GetAtt', 'get_attr')?.writesAsIs?.(cfn)).toEqual({ form: 'list', min: 2, max: 2 });
  expect(named('Fn::Join', 'join')?.writesAsIs?.(cfn)).toEqual({ form: 'list', min: 2, max: 2 });
  expect(named('Ref', 'get_resource')?.writesAsIs?.(cfn)).toEqual({ form: 'first', min: 1, max: 1 });
  expect(named('get_attr', 'get_attr')?.writesAsIs?.(hot)).toMatchObject({ form: 'list', min: 1 });
  expect(named('list_join', 'join')?.writesAsIs?.(hot)).toMatchObject({ form: 'list', min: 2 });
  expect(named('get_resource', 'get_resource')?.writesAsIs?.(hot)).toEqual({ form: 'first', min: 1, max: 1 });
  // AND get_param, which renames pseudo parameters, is not
  expect(named('get_param', 'get_param')?.writesAsIs).toBeUndefined();
  expect(named('Ref', 'get_param')?.writesAsIs).toBeUndefined();
});

test('a list a spelling writes is a copy: the call keeps its own arguments', () => {
  // GIVEN a join's arguments
  const args: Expr[] = ['', ['a', 'b']];
  const join = SPELLINGS.find((s) => s.name === 'Fn::Join');
  // WHEN it is written
  const written = join?.write?.(args, {});
  // THEN the list written is equal to the arguments but not the same array
  expect(written).toEqual(args);
  expect(written).not.toBe(args);
});
