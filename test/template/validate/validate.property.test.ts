import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HeatstackError } from '../../../src/errors.js';
import { evaluate } from '../../../src/template/evaluate/index.js';
import {
  Call,
  type Expr,
  type FnName,
  type ParameterConstraint,
  type ParameterDef,
  type ResourceDef,
  type Template,
} from '../../../src/template/model.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { checkResourceProperties, normalizeProperties } from '../../../src/template/validate/properties.js';

const FNS: FnName[] = [
  'get_param',
  'get_resource',
  'get_attr',
  'join',
  'select',
  'split',
  'replace',
  'replace_strict',
  'replace_vstrict',
  'base64',
  'find_in_map',
  'get_azs',
  'member_list_to_map',
  'resource_facade',
  'get_file',
  'digest',
  'repeat',
  'map_merge',
  'map_replace',
  'list_concat',
  'list_concat_unique',
  'contains',
  'filter',
  'make_url',
  'yaql',
  'equals',
  'if',
  'not',
  'and',
  'or',
  'condition',
];
const NAMES = ['Blog', 'Database', 'web', 'db', 'x', 'Image', 'image', 'env', 'NetworkIp', 'network_ip', 'p', 'c'];
const TYPES = ['OS::Heat::Docker', 'DockerInc::Docker::Container', 'OS::Nova::Server', ''];
const PROPS = [
  'Image',
  'Env',
  'Memory',
  'image',
  'env',
  'memory',
  'restart_policy',
  'devices',
  'cap_add',
  'Tty',
  'cmd',
];

const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 }));
const scalar: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom<Expr>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    '',
    'rw',
    '/dev/sda',
    'on-failure',
    'NET_ADMIN',
    'a,b',
    '{"a":1}',
  ),
  name,
  fc.integer(),
  fc.double(),
);

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('expr'), { maxLength: 4 }),
    fc.dictionary(name, tie('expr'), { maxKeys: 4 }),
    fc
      .tuple(fc.constantFrom(...FNS), fc.array(fc.oneof(name, tie('expr')), { maxLength: 4 }))
      .map(([fn, args]) => new Call(fn, args)),
  ),
}));

const constraint: fc.Arbitrary<ParameterConstraint> = fc.oneof(
  fc.record({ kind: fc.constant('allowed_values' as const), values: fc.array(fc.oneof(fc.string(), fc.integer())) }),
  fc.record({ kind: fc.constant('allowed_pattern' as const), pattern: fc.oneof(fc.string(), fc.constant('[a-z]+')) }),
  fc.record({
    kind: fc.constant('length' as const),
    min: fc.option(fc.integer(), { nil: undefined }),
    max: fc.option(fc.double(), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('range' as const),
    min: fc.option(fc.double(), { nil: undefined }),
    max: fc.option(fc.integer(), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('modulo' as const),
    step: fc.integer({ min: -3, max: 3 }),
    offset: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({ kind: fc.constant('custom_constraint' as const), name: fc.string() }),
);

const parameter: fc.Arbitrary<ParameterDef> = fc.record(
  {
    type: fc.constantFrom('string', 'number', 'comma_delimited_list', 'json', 'boolean'),
    default: expr,
    hidden: fc.boolean(),
    constraints: fc.array(constraint, { maxLength: 3 }),
  },
  { requiredKeys: ['type', 'constraints'] },
);

const resource: fc.Arbitrary<ResourceDef> = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
    properties: fc.dictionary(fc.oneof(fc.constantFrom(...PROPS), name), expr, { maxKeys: 5 }),
    dependsOn: fc.array(name, { maxLength: 3 }),
    metadata: expr,
    condition: expr,
  },
  { requiredKeys: ['type', 'properties', 'dependsOn'] },
);

const template: fc.Arbitrary<Template> = fc.record({
  version: fc.oneof(
    fc.constant({ dialect: 'cfn' as const, key: 'HeatTemplateFormatVersion' as const, value: '2012-12-12' }),
    fc
      .constantFrom('2013-05-23', '2015-10-15', '2016-10-14', '2021-04-16')
      .map((value) => ({ dialect: 'hot' as const, value })),
  ),
  parameterGroups: fc.array(fc.record({ parameters: fc.array(name, { maxLength: 3 }) }), { maxLength: 2 }),
  parameters: fc.dictionary(name, parameter, { maxKeys: 4 }),
  mappings: fc.dictionary(name, fc.dictionary(name, expr, { maxKeys: 3 }), { maxKeys: 2 }),
  conditions: fc.dictionary(name, expr, { maxKeys: 3 }),
  resources: fc.dictionary(name, resource, { maxKeys: 5 }),
  outputs: fc.dictionary(name, fc.record({ value: expr, condition: fc.option(expr, { nil: undefined }) }), {
    maxKeys: 3,
  }),
});

function context(t: Template) {
  return {
    template: t,
    parameters: { p: 'v', x: [1, 'a'], Blog: { a: 1 } },
    resourceId: (n: string) => `id-${n}`,
    attribute: (r: string, a: string) => (a.length % 2 === 0 ? `${r}.${a}` : { [a]: [r] }),
  };
}

/** Only typed errors may come out: a TypeError or RangeError would be a crash. */
function onlyHeatstackErrors(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof HeatstackError)) throw e;
  }
}

describe('property-based: nothing crashes', () => {
  test('validateTemplate gives only diagnostics for any template', () => {
    fc.assert(
      fc.property(template, fc.dictionary(name, fc.string(), { maxKeys: 3 }), (t, given) => {
        for (const options of [{}, { parameters: given }, { parameters: given, requireParameterValues: true }]) {
          const ds = validateTemplate(t, { ...options, positionOf: () => undefined });
          for (const d of ds) {
            expect(typeof d.path).toBe('string');
            expect(d.message.length).toBeGreaterThan(0);
            expect(['error', 'warning']).toContain(d.severity);
          }
        }
      }),
      // Three validations per case: 4,500 in all.
      { numRuns: 1500 },
    );
  });

  test('evaluate resolves or throws a HeatstackError, for any expression', () => {
    fc.assert(
      fc.property(template, expr, (t, e) => {
        onlyHeatstackErrors(() => evaluate(e, context(t)));
      }),
      { numRuns: 5000 },
    );
  });

  test('property checks and normalisation never crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES),
        fc.dictionary(fc.oneof(fc.constantFrom(...PROPS), name), expr),
        (type, props) => {
          checkResourceProperties(type, props);
          onlyHeatstackErrors(() => normalizeProperties(type, props));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('resolveParameters gives values or one ParameterError', () => {
    fc.assert(
      fc.property(template, fc.dictionary(name, fc.string(), { maxKeys: 3 }), (t, given) => {
        onlyHeatstackErrors(() => resolveParameters(t, given, { stackName: 's', stackId: 'i' }));
      }),
      { numRuns: 2000 },
    );
  });
});
