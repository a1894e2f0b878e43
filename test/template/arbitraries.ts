/**
 * fast-check arbitraries for random `Template`s that each dialect can express exactly: every call is one the
 * template's version spells, with argument shapes Heat accepts, so `parse(emit(t))` must give `t` back.
 */

import fc from 'fast-check';
import { spellingFor } from '../../src/template/functions/index.js';
import {
  type Call,
  call,
  type Expr,
  type ExprMap,
  type OutputDef,
  type ParameterConstraint,
  type ParameterDef,
  type ResourceDef,
  type Scalar,
  type Template,
  type TemplateVersion,
} from '../../src/template/model.js';
import { featuresOf, HOT_VERSIONS } from '../../src/template/versions.js';

export const versionArb: fc.Arbitrary<TemplateVersion> = fc.oneof(
  fc.constantFrom<TemplateVersion>(
    { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' },
    { dialect: 'cfn', key: 'AWSTemplateFormatVersion', value: '2010-09-09' },
  ),
  fc
    .constantFrom(...HOT_VERSIONS)
    .chain((v) =>
      v.release
        ? fc.constantFrom<TemplateVersion>(
            { dialect: 'hot', value: v.date },
            { dialect: 'hot', value: v.date, alias: v.release },
          )
        : fc.constant<TemplateVersion>({ dialect: 'hot', value: v.date }),
    ),
);

/** Map keys that are never function names (a single-key map of a function name is a call, not data). */
const keyArb = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => `k${s}`),
  fc.constantFrom('yes', '80', 'on', 'a: b', 'x y', '1_000', '2012-12-12', 'Image', 'env', 'y', '~', '<<x'),
);

export const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    'y',
    'null',
    '~',
    '0x1F',
    '017',
    '1_000',
    '1:20',
    '.inf',
    '1e3',
    '2013-05-23',
    'a\nb\n',
    '',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
);

/** Plain data: scalars, lists and maps, no calls (parameter defaults, mappings). */
export const dataArb: fc.Arbitrary<Expr> = fc.letrec<{ data: Expr; list: Expr; map: Expr }>((tie) => ({
  data: fc.oneof({ depthSize: 'small' }, scalarArb, tie('list'), tie('map')),
  list: fc.array(tie('data'), { maxLength: 3 }),
  map: fc.dictionary(keyArb, tie('data'), { maxKeys: 3 }) as fc.Arbitrary<ExprMap>,
})).data;

interface Names {
  readonly version: TemplateVersion;
  readonly parameters: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly string[];
}

function isConditionRef(e: Expr): boolean {
  return e instanceof Object && 'fn' in e && (e as Call).fn === 'condition';
}

function hotAtLeast(v: TemplateVersion, date: string): boolean {
  return v.dialect === 'hot' && v.value >= date;
}

function can(v: TemplateVersion, fn: Call['fn']): boolean {
  return spellingFor(fn, v) !== undefined;
}

/** Values with calls of functions the version has, in value context. */
export function exprArb(names: Names, depth = 2): fc.Arbitrary<Expr> {
  const leaf = scalarArb as fc.Arbitrary<Expr>;
  if (depth <= 0) return leaf;
  const sub = exprArb(names, depth - 1);
  const options: fc.Arbitrary<Expr>[] = [
    leaf,
    leaf,
    fc.array(sub, { maxLength: 3 }),
    fc.dictionary(keyArb, sub, { maxKeys: 3 }) as fc.Arbitrary<Expr>,
  ];
  const calls = callArbs(names, sub);
  if (calls.length > 0) options.push(fc.oneof(...calls));
  return fc.oneof(...options);
}

function callArbs(names: Names, sub: fc.Arbitrary<Expr>): fc.Arbitrary<Expr>[] {
  const v = names.version;
  const hot = v.dialect === 'hot';
  const out: fc.Arbitrary<Expr>[] = [];
  const str = fc.string({ maxLength: 6 });
  const list = fc.array(sub, { maxLength: 3 });
  const map = fc.dictionary(keyArb, sub, { maxKeys: 2 }) as fc.Arbitrary<Expr>;
  const pseudo = hot ? 'OS::stack_name' : 'AWS::StackName';
  const params = [...names.parameters, pseudo];
  out.push(
    fc
      .tuple(fc.constantFrom(...params), hot ? fc.array(fc.oneof(str, fc.nat(3)), { maxLength: 2 }) : fc.constant([]))
      .map(([p, path]) => call('get_param', p, ...path)),
  );
  if (names.resources.length > 0) {
    const res = fc.constantFrom(...names.resources);
    out.push(res.map((r) => call('get_resource', r)));
    const path = hot ? fc.array(fc.oneof(str, fc.nat(3)), { maxLength: 2 }) : fc.constant([]);
    out.push(
      fc
        .tuple(res, fc.constantFrom('network_ip', 'NetworkIp', 'info'), path)
        .map(([r, a, p]) => call('get_attr', r, a, ...p)),
    );
    if (hotAtLeast(v, '2015-10-15')) out.push(res.map((r) => call('get_attr', r)));
  }
  const multiJoin = hotAtLeast(v, '2015-10-15');
  out.push(
    fc
      .tuple(str, fc.array(list, { minLength: 1, maxLength: multiJoin ? 2 : 1 }))
      .map(([d, lists]) => call('join', d, ...(lists as Expr[]))),
  );
  if (can(v, 'select')) out.push(fc.tuple(fc.nat(3), list).map(([i, l]) => call('select', i, l)));
  if (can(v, 'split')) {
    const index = hotAtLeast(v, '2015-10-15') ? fc.option(fc.nat(3), { nil: undefined }) : fc.constant(undefined);
    out.push(
      fc.tuple(str, sub, index).map(([d, s, i]) => (i === undefined ? call('split', d, s) : call('split', d, s, i))),
    );
  }
  for (const fn of ['replace', 'replace_strict', 'replace_vstrict'] as const) {
    if (can(v, fn)) out.push(fc.tuple(map, sub).map(([params, template]) => call(fn, params, template)));
  }
  for (const fn of ['base64', 'get_azs', 'get_file'] as const) if (can(v, fn)) out.push(sub.map((a) => call(fn, a)));
  if (can(v, 'find_in_map')) out.push(fc.tuple(str, sub, sub).map(([m, k, k2]) => call('find_in_map', m, k, k2)));
  if (can(v, 'member_list_to_map'))
    out.push(fc.tuple(str, str, list).map(([k, val, l]) => call('member_list_to_map', k, val, l)));
  if (can(v, 'resource_facade')) {
    out.push(fc.constantFrom('metadata', 'deletion_policy', 'update_policy').map((s) => call('resource_facade', s)));
  }
  if (can(v, 'digest')) out.push(fc.tuple(fc.constantFrom('sha256', 'md5'), sub).map(([a, x]) => call('digest', a, x)));
  if (can(v, 'repeat')) {
    const permutations = hotAtLeast(v, '2017-09-01')
      ? fc.option(fc.boolean(), { nil: undefined })
      : fc.constant(undefined);
    out.push(
      fc
        .tuple(fc.dictionary(keyArb, list, { maxKeys: 2 }), sub, permutations)
        .map(([forEach, template, p]) =>
          call(
            'repeat',
            p === undefined ? { for_each: forEach, template } : { for_each: forEach, template, permutations: p },
          ),
        ),
    );
  }
  for (const fn of ['map_merge', 'list_concat', 'list_concat_unique'] as const) {
    if (can(v, fn)) out.push(fc.array(sub, { maxLength: 2 }).map((l) => call(fn, l)));
  }
  if (can(v, 'map_replace')) {
    out.push(
      fc
        .tuple(map, fc.record({ keys: map, values: map }, { requiredKeys: [] }))
        .map(([m, r]) => call('map_replace', m, r as ExprMap)),
    );
  }
  if (can(v, 'contains')) out.push(fc.tuple(sub, list).map(([a, l]) => call('contains', a, l)));
  if (can(v, 'filter')) out.push(fc.tuple(list, list).map(([a, l]) => call('filter', a, l)));
  if (can(v, 'make_url')) {
    out.push(
      fc
        .record({ scheme: str, host: sub, path: sub }, { requiredKeys: ['host'] })
        .map((m) => call('make_url', m as ExprMap)),
    );
  }
  if (can(v, 'yaql')) out.push(fc.tuple(str, map).map(([e, d]) => call('yaql', { expression: e, data: d })));
  if (can(v, 'if') && names.conditions.length > 0) {
    const twoArgs = hotAtLeast(v, '2021-04-16');
    out.push(
      fc
        .tuple(conditionArb(names, 1), sub, sub, twoArgs ? fc.boolean() : fc.constant(false))
        .map(([c, a, b, short]) => (short ? call('if', c, a) : call('if', c, a, b))),
    );
  }
  return out;
}

/** Condition expressions: what the `conditions` section, `if` and resource conditions hold. */
export function conditionArb(names: Names, depth = 2): fc.Arbitrary<Expr> {
  const v = names.version;
  const refs: fc.Arbitrary<Expr>[] = [fc.boolean()];
  if (names.conditions.length > 0) refs.push(fc.constantFrom(...names.conditions).map((c) => call('condition', c)));
  const value = fc.oneof(
    scalarArb as fc.Arbitrary<Expr>,
    names.parameters.length > 0
      ? fc.constantFrom(...names.parameters).map((p) => call('get_param', p))
      : fc.constant('x'),
  );
  const equals = fc.tuple(value, value).map(([a, b]) => call('equals', a, b));
  if (depth <= 0) return fc.oneof(...refs, equals);
  const sub = conditionArb(names, depth - 1);
  const options: fc.Arbitrary<Expr>[] = [
    ...refs,
    equals,
    sub.map((c) => call('not', c)),
    fc.array(sub, { minLength: 2, maxLength: 3 }).map((cs) => call('and', ...cs)),
    fc.array(sub, { minLength: 2, maxLength: 3 }).map((cs) => call('or', ...cs)),
  ];
  if (v.dialect === 'hot' && v.value >= '2017-09-01')
    options.push(fc.tuple(value, fc.array(value, { maxLength: 2 })).map(([a, l]) => call('contains', a, l)));
  return fc.oneof(...options);
}

function constraintsArb(version: TemplateVersion): fc.Arbitrary<ParameterConstraint[]> {
  const num = fc.oneof(
    fc.integer({ min: -100, max: 100 }),
    fc.double({ min: -10, max: 10, noNaN: true }).filter((d) => !Object.is(d, -0)),
  );
  const description = fc.option(fc.string({ maxLength: 10 }), { nil: undefined });
  // Heat's `Length` takes integers only ("min/max length must be integral").
  const bounds = (kind: 'range' | 'length', needOne: boolean) =>
    fc
      .record(
        kind === 'length'
          ? { min: fc.integer({ min: -100, max: 100 }), max: fc.integer({ min: -100, max: 100 }) }
          : { min: num, max: num },
        { requiredKeys: [] },
      )
      .filter((b) => !needOne || b.min !== undefined || b.max !== undefined)
      .map((b) => ({ kind, ...b }) as ParameterConstraint);
  const values = fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 });
  if (version.dialect === 'cfn') {
    // CFN spreads constraints over keys of the parameter, in Heat's order, with one shared description.
    return fc
      .tuple(
        fc.option(bounds('range', true), { nil: undefined }),
        fc.option(bounds('length', true), { nil: undefined }),
        fc.option(
          values.map((v) => ({ kind: 'allowed_values', values: v }) as ParameterConstraint),
          { nil: undefined },
        ),
        fc.option(
          fc.string({ maxLength: 6 }).map((p) => ({ kind: 'allowed_pattern', pattern: p }) as ParameterConstraint),
          {
            nil: undefined,
          },
        ),
        description,
      )
      .map(([r, l, a, p, d]) =>
        [r, l, a, p]
          .filter((c): c is ParameterConstraint => c !== undefined)
          .map((c) => (d === undefined ? c : { ...c, description: d })),
      );
  }
  const kinds: fc.Arbitrary<ParameterConstraint>[] = [
    bounds('range', false),
    bounds('length', false),
    values.map((v) => ({ kind: 'allowed_values', values: v })),
    fc.string({ maxLength: 6 }).map((p) => ({ kind: 'allowed_pattern', pattern: p })),
    fc.constantFrom('nova.flavor', 'neutron.network').map((n) => ({ kind: 'custom_constraint', name: n })),
  ];
  if (featuresOf(version).moduloConstraint) {
    kinds.push(
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.nat(5)).map(([step, offset]) => ({ kind: 'modulo', step, offset })),
    );
  }
  return fc.array(
    fc.tuple(fc.oneof(...kinds), description).map(([c, d]) => (d === undefined ? c : { ...c, description: d })),
    { maxLength: 3 },
  );
}

function parameterArb(version: TemplateVersion): fc.Arbitrary<ParameterDef> {
  const hot = version.dialect === 'hot';
  const f = featuresOf(version);
  return fc
    .record(
      {
        type: fc.constantFrom('string', 'number', 'comma_delimited_list', 'json', 'boolean') as fc.Arbitrary<
          ParameterDef['type']
        >,
        default: dataArb.filter((d) => d !== null),
        description: fc.string({ maxLength: 20 }),
        label: fc.string({ maxLength: 8 }),
        hidden: fc.boolean(),
        immutable: hot ? fc.boolean() : fc.constant(undefined),
        tags: f.parameterTags ? fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }) : fc.constant(undefined),
        constraints: constraintsArb(version),
      },
      { requiredKeys: ['type', 'constraints'] },
    )
    .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as ParameterDef);
}

function resourceArb(names: Names): fc.Arbitrary<ResourceDef> {
  const v = names.version;
  const f = featuresOf(v);
  const policies = f.lowerCaseDeletionPolicies
    ? ['Delete', 'Retain', 'Snapshot', 'delete', 'retain']
    : ['Delete', 'Retain', 'Snapshot'];
  // A resource's condition names a condition as a bare string, or is a boolean or a condition expression.
  const condition = fc.oneof(
    names.conditions.length > 0 ? fc.constantFrom(...names.conditions) : fc.constant(true),
    fc.boolean(),
    conditionArb(names, 1).filter((c) => !isConditionRef(c)),
  );
  return fc
    .record(
      {
        type: fc.constantFrom('DockerInc::Docker::Container', 'OS::Heat::Docker', 'OS::Heat::None'),
        properties: fc.dictionary(keyArb, exprArb(names), { maxKeys: 3 }) as fc.Arbitrary<ExprMap>,
        dependsOn: names.resources.length > 0 ? fc.subarray([...names.resources]) : fc.constant([]),
        metadata: fc.dictionary(keyArb, exprArb(names, 1), { maxKeys: 2 }) as fc.Arbitrary<Expr>,
        deletionPolicy: fc.constantFrom(...policies),
        updatePolicy: fc.dictionary(keyArb, scalarArb, { maxKeys: 2 }) as fc.Arbitrary<Expr>,
        description: fc.string({ maxLength: 10 }),
        externalId: f.externalId ? fc.string({ maxLength: 8 }) : fc.constant(undefined),
        condition: f.resourceCondition ? condition : fc.constant(undefined),
      },
      { requiredKeys: ['type', 'properties', 'dependsOn'] },
    )
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, x]) => x !== undefined)) as unknown as ResourceDef);
}

function outputArb(names: Names): fc.Arbitrary<OutputDef> {
  const f = featuresOf(names.version);
  return fc
    .record(
      {
        value: exprArb(names),
        description: fc.string({ maxLength: 12 }),
        condition:
          f.outputCondition && names.conditions.length > 0
            ? fc.constantFrom(...names.conditions)
            : fc.constant(undefined),
      },
      { requiredKeys: ['value'] },
    )
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as unknown as OutputDef);
}

const nameArb = (prefix: string) =>
  fc
    .uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/), { maxLength: 4 })
    .map((ns) => ns.map((n) => `${prefix}${n}`));

/** A random template its own dialect and version can express exactly. */
export const templateArb: fc.Arbitrary<Template> = fc
  .tuple(versionArb, nameArb('P'), nameArb('R'), nameArb('C'))
  .chain(([version, parameters, resources, conditionNames]) => {
    const f = featuresOf(version);
    const conditions = f.conditions ? conditionNames : [];
    const names: Names = { version, parameters, resources, conditions };
    const entries = <T>(keys: readonly string[], arb: fc.Arbitrary<T>) =>
      fc
        .tuple(...keys.map(() => arb))
        .map((vals) => Object.fromEntries(keys.map((k, i) => [k, vals[i]])) as Record<string, T>);
    return fc.record(
      {
        version: fc.constant(version),
        description: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        parameterGroups: f.parameterGroups
          ? fc.array(
              fc.record(
                {
                  label: fc.string({ maxLength: 5 }),
                  description: fc.string({ maxLength: 5 }),
                  parameters: fc.subarray([...parameters]),
                },
                { requiredKeys: ['parameters'] },
              ),
              { maxLength: 2 },
            )
          : fc.constant([]),
        parameters: entries(parameters, parameterArb(version)),
        mappings: f.mappings
          ? fc.dictionary(
              fc.stringMatching(/^M[a-z]{0,4}$/),
              fc.dictionary(keyArb, dataArb, { maxKeys: 2 }) as fc.Arbitrary<ExprMap>,
              {
                maxKeys: 2,
              },
            )
          : fc.constant({}),
        // A condition is defined by a function or a boolean, never by another condition's bare name (Heat).
        conditions: entries(
          conditions,
          conditionArb(names).filter((c) => !isConditionRef(c)),
        ),
        resources: entries(resources, resourceArb(names)),
        outputs: fc.dictionary(fc.stringMatching(/^O[A-Za-z0-9]{0,5}$/), outputArb(names), { maxKeys: 3 }),
      },
      { requiredKeys: ['version', 'parameterGroups', 'parameters', 'mappings', 'conditions', 'resources', 'outputs'] },
    );
  })
  .map((t) => (t.description === undefined ? (({ description: _, ...rest }) => rest)(t) : t) as Template);
