import fc from 'fast-check';
import { expect, test } from 'vitest';
import { emitTemplate, TemplateEmitError, versionCandidates } from '../../../src/template/emit/index.js';
import { resourceJsonBothWays } from '../../../src/template/emit/shape.js';
import { SPELLINGS } from '../../../src/template/functions/index.js';
import {
  Call,
  call,
  type Expr,
  type ExprMap,
  emptyTemplate,
  type FnName,
  type ResourceDef,
  type Template,
  type TemplateVersion,
} from '../../../src/template/model.js';
import { scalarArb, templateArb, versionArb } from '../arbitraries.js';

/** Every function of the catalogue, and the condition reference. */
const FUNCTIONS: readonly FnName[] = [...new Set<FnName>([...SPELLINGS.map((s) => s.fn), 'condition'])];

/** Map keys that are data, or that would read back as a call (which the writers must refuse). */
const anyKeyArb = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('Fn::Join', 'Fn::GetAtt', 'Ref', 'get_attr', 'list_join', 'str_replace', 'Fn::Foo', '__proto__'),
);

/**
 * Expressions a version may well not express: any function with any arguments (nested calls, pseudo parameter
 * names, wrong counts), maps whose one key is a function name, strings that need escaping.
 */
const wildExprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb as fc.Arbitrary<Expr>,
    fc.constantFrom<Expr>(
      'AWS::StackName',
      'OS::stack_name',
      'OS::project_id',
      'tab\there',
      'unit\u001fsep',
      'del\u007f',
      'lone \ud800',
      'ü€👋',
    ),
    fc.array(tie('expr'), { maxLength: 3 }),
    fc.dictionary(anyKeyArb, tie('expr'), { maxKeys: 2 }) as fc.Arbitrary<Expr>,
    fc
      .tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 }))
      .map(([fn, args]) => call(fn, ...args)),
  ),
})).expr;

const wildResourceArb: fc.Arbitrary<ResourceDef> = fc.record(
  {
    type: fc.constantFrom('OS::Heat::Docker', 'OS::Heat::None', 'tÿpe"'),
    properties: fc.dictionary(anyKeyArb, wildExprArb, { maxKeys: 3 }) as fc.Arbitrary<ExprMap>,
    dependsOn: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
    metadata: wildExprArb,
    deletionPolicy: fc.oneof(fc.constantFrom<Expr>('Retain', 'retain', 'delete', 'Snapshot'), wildExprArb),
    updatePolicy: wildExprArb,
    condition: wildExprArb,
    externalId: wildExprArb,
    description: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: ['type', 'properties', 'dependsOn'] },
);

const wildTemplateArb: fc.Arbitrary<Template> = fc
  .tuple(versionArb, fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), wildResourceArb, { maxKeys: 4 }))
  .map(([version, resources]) => ({ ...emptyTemplate(version.dialect), version, resources }));

/** The template's own version and every version `auto` would try in each dialect. */
function versionsFor(t: Template): TemplateVersion[] {
  return [
    t.version,
    ...versionCandidates(t, { dialect: 'cfn', version: 'auto' }),
    ...versionCandidates(t, { dialect: 'hot', version: 'auto' }),
  ];
}

/** Checks fast against careful for every resource in every version; counts what each way did. */
function compareWays(t: Template): { written: number; refused: number; resources: number } {
  let written = 0;
  let refused = 0;
  let resources = 0;
  for (const version of versionsFor(t)) {
    for (const { name, fast, careful } of resourceJsonBothWays(t, version)) {
      resources++;
      if (careful instanceof TemplateEmitError) {
        // A resource the careful way refuses is never written the fast way (the careful error is the one thrown).
        expect(fast, `${name} in ${JSON.stringify(version)}: ${careful.message}`).toBeUndefined();
        refused++;
      } else if (fast !== undefined) {
        expect(fast, `${name} in ${JSON.stringify(version)}`).toBe(careful);
        written++;
      }
    }
  }
  return { written, refused, resources };
}

test('a resource written the fast way has exactly the careful text (random templates a version can express)', () => {
  let written = 0;
  let resources = 0;
  fc.assert(
    fc.property(templateArb, (t) => {
      const counts = compareWays(t);
      written += counts.written;
      resources += counts.resources;
    }),
    { numRuns: 300 },
  );
  // THEN the fast way is what writes most resources (the property is not satisfied by declining everything)
  expect(written).toBeGreaterThan(resources / 2);
});

test('the fast way writes the careful text or declines, for any call in any version (errors included)', () => {
  let written = 0;
  let refused = 0;
  fc.assert(
    fc.property(wildTemplateArb, (t) => {
      const counts = compareWays(t);
      written += counts.written;
      refused += counts.refused;
    }),
    { numRuns: 500 },
  );
  // THEN both outcomes were seen many times
  expect(written).toBeGreaterThan(50);
  expect(refused).toBeGreaterThan(50);
});

test('a container referencing another is written the fast way, calls and all', () => {
  // GIVEN a resource as a stack gives them: joins of strings and attributes of another resource
  const template: Template = {
    ...emptyTemplate('cfn'),
    resources: {
      B: {
        type: 'OS::Heat::Docker',
        properties: {
          Image: 'busybox',
          Env: [call('join', '', ['PREV_IP=', call('get_attr', 'A', 'NetworkIp')]), call('get_resource', 'A')],
          Ports: [80, 1.5, true, null],
        },
        dependsOn: ['A'],
        deletionPolicy: 'retain',
      },
    },
  };
  for (const version of versionsFor(template)) {
    // WHEN
    const [b] = resourceJsonBothWays(template, version);
    // THEN
    expect(b?.fast).toBeDefined();
    expect(b?.fast).toBe(b?.careful);
  }
});

test('a map read back as a call still fails with its template path', () => {
  // GIVEN a property whose value is a one-key map named like a function
  const template: Template = {
    ...emptyTemplate('cfn'),
    resources: {
      Box: { type: 'OS::Heat::Docker', properties: { Env: [{ 'Fn::Join': ['a', ['b']] }] }, dependsOn: [] },
    },
  };
  // WHEN / THEN
  expect(() => emitTemplate(template, { dialect: 'cfn', format: 'json' })).toThrow(
    new TemplateEmitError(
      'Resources.Box.Properties.Env[0]: the map {Fn::Join: …} would be read back as a call of the function Fn::Join, ' +
        'not as data (writing HeatTemplateFormatVersion 2012-12-12)',
    ),
  );
});

test('a function the version lacks fails with the path of the call, after a resource written the fast way', () => {
  // GIVEN a first resource the fast way writes, then one calling a HOT-only function
  const template: Template = {
    ...emptyTemplate('cfn'),
    resources: {
      Fine: { type: 'OS::Heat::Docker', properties: { Image: call('get_attr', 'X', 'Y') }, dependsOn: [] },
      Box: {
        type: 'OS::Heat::Docker',
        properties: { Env: ['a', new Call('list_concat', [[['x']]])] },
        dependsOn: [],
      },
    },
  };
  // WHEN / THEN
  expect(() =>
    emitTemplate(template, {
      dialect: 'cfn',
      format: 'json',
      version: { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' },
    }),
  ).toThrow(/^Resources\.Box\.Properties\.Env\[1\]: the function list_concat cannot be expressed here/);
});

test('a call that fails inside a call written the fast way fails with its own template path', () => {
  // GIVEN a first resource the fast way writes, then a str_replace (shaped, not written as is) whose template
  // calls a function HOT 2013-05-23 lacks
  const template: Template = {
    ...emptyTemplate('hot'),
    resources: {
      Fine: { type: 'OS::Heat::Docker', properties: { Image: call('get_attr', 'X', 'Y') }, dependsOn: [] },
      Box: {
        type: 'OS::Heat::Docker',
        properties: { Cmd: [call('join', '', [call('replace', { a: 'b' }, call('list_concat', [['x']]))])] },
        dependsOn: [],
      },
    },
  };
  // WHEN / THEN the path names the failing call (by its canonical argument), from the resource on
  expect(() =>
    emitTemplate(template, { dialect: 'hot', format: 'json', version: { dialect: 'hot', value: '2013-05-23' } }),
  ).toThrow(
    new TemplateEmitError(
      'resources.Box.properties.Cmd[0].list_join[1][0].str_replace[1]: the function list_concat cannot be expressed ' +
        'here (HOT has it in 2017-09-01 … 2021-04-16) (writing heat_template_version 2013-05-23)',
    ),
  );
});
