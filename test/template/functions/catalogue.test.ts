import { describe, expect, test } from 'vitest';
import { hotVersionsWith, lookupFunction, SPELLINGS, spellingFor } from '../../../src/template/functions/index.js';
import { call, type FnName, type TemplateVersion } from '../../../src/template/model.js';
import { HOT_VERSIONS } from '../../../src/template/versions.js';

/**
 * Heat's own function tables (`heat/engine/hot/template.py`, `heat/engine/cfn/template.py`), version by version:
 * the names each version parses as functions, which of them are `Removed`, and its condition functions.
 */
const REMOVED_2014 = [
  'Fn::GetAZs',
  'Fn::Join',
  'Fn::Split',
  'Fn::Replace',
  'Fn::Base64',
  'Fn::MemberListToMap',
  'Fn::ResourceFacade',
  'Ref',
];
const BASE_2014 = ['get_attr', 'get_file', 'get_param', 'get_resource', 'list_join', 'resource_facade', 'str_replace'];
const HEAT_HOT: Record<string, { functions: string[]; removed: string[]; conditions: string[] }> = {
  '2013-05-23': {
    functions: [
      'Fn::GetAZs',
      'get_param',
      'get_resource',
      'Ref',
      'get_attr',
      'Fn::Select',
      'Fn::Join',
      'list_join',
      'Fn::Split',
      'str_replace',
      'Fn::Replace',
      'Fn::Base64',
      'Fn::MemberListToMap',
      'resource_facade',
      'Fn::ResourceFacade',
      'get_file',
    ],
    removed: [],
    conditions: [],
  },
  '2014-10-16': { functions: [...BASE_2014, 'Fn::Select'], removed: REMOVED_2014, conditions: [] },
  '2015-04-30': { functions: [...BASE_2014, 'Fn::Select', 'repeat', 'digest'], removed: REMOVED_2014, conditions: [] },
  '2015-10-15': {
    functions: [...BASE_2014, 'repeat', 'digest', 'str_split'],
    removed: [...REMOVED_2014, 'Fn::Select'],
    conditions: [],
  },
  '2016-04-08': {
    functions: [...BASE_2014, 'repeat', 'digest', 'str_split', 'map_merge'],
    removed: [...REMOVED_2014, 'Fn::Select'],
    conditions: [],
  },
  '2016-10-14': {
    functions: [...BASE_2014, 'repeat', 'digest', 'str_split', 'map_merge', 'yaql', 'map_replace', 'if'],
    removed: [...REMOVED_2014, 'Fn::Select'],
    conditions: ['get_param', 'equals', 'not', 'and', 'or'],
  },
  '2017-02-24': {
    functions: [
      ...BASE_2014,
      'repeat',
      'digest',
      'str_split',
      'map_merge',
      'yaql',
      'map_replace',
      'if',
      'filter',
      'str_replace_strict',
    ],
    removed: [...REMOVED_2014, 'Fn::Select'],
    conditions: ['get_param', 'equals', 'not', 'and', 'or'],
  },
};
const PIKE_ON = {
  functions: [
    ...BASE_2014,
    'repeat',
    'digest',
    'str_split',
    'map_merge',
    'yaql',
    'map_replace',
    'if',
    'filter',
    'str_replace_strict',
    'make_url',
    'list_concat',
    'str_replace_vstrict',
    'list_concat_unique',
    'contains',
  ],
  removed: [...REMOVED_2014, 'Fn::Select'],
  conditions: ['get_param', 'equals', 'not', 'and', 'or', 'yaql', 'contains'],
};
for (const d of ['2017-09-01', '2018-03-02', '2018-08-31', '2021-04-16']) HEAT_HOT[d] = PIKE_ON;

const HEAT_CFN = {
  HeatTemplateFormatVersion: {
    functions: [
      'Fn::FindInMap',
      'Fn::GetAZs',
      'Ref',
      'Fn::GetAtt',
      'Fn::Select',
      'Fn::Join',
      'Fn::Split',
      'Fn::Replace',
      'Fn::Base64',
      'Fn::MemberListToMap',
      'Fn::ResourceFacade',
    ],
    conditions: [] as string[],
  },
  AWSTemplateFormatVersion: {
    functions: [
      'Fn::FindInMap',
      'Fn::GetAZs',
      'Ref',
      'Fn::GetAtt',
      'Fn::Select',
      'Fn::Join',
      'Fn::Split',
      'Fn::Replace',
      'Fn::Base64',
      'Fn::MemberListToMap',
      'Fn::ResourceFacade',
      'Fn::If',
    ],
    conditions: ['Fn::Equals', 'Ref', 'Fn::FindInMap', 'Fn::Not', 'Fn::And', 'Fn::Or'],
  },
} as const;

const ALL_NAMES = [...new Set(SPELLINGS.map((s) => s.name))];

function kinds(version: TemplateVersion, context: 'value' | 'condition') {
  const out = { functions: [] as string[], errors: [] as string[] };
  for (const name of ALL_NAMES) {
    const found = lookupFunction(name, version, context);
    if (found?.kind === 'function') out.functions.push(name);
    else if (found?.kind === 'error') out.errors.push(name);
  }
  return out;
}

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

describe('the function catalogue agrees with Heat’s tables', () => {
  test.each(HOT_VERSIONS.map((v) => [v.date]))('HOT %s: the functions of values', (date) => {
    const heat = HEAT_HOT[date] as (typeof HEAT_HOT)[string];
    const mine = kinds({ dialect: 'hot', value: date }, 'value');
    expect(sorted(mine.functions)).toEqual(sorted(heat.functions));
    // Every Removed name is an error; so are functions of newer versions (heatstack's rule).
    for (const name of heat.removed) expect(mine.errors).toContain(name);
  });

  test.each(HOT_VERSIONS.filter((v) => v.date >= '2016-10-14').map((v) => [v.date]))(
    'HOT %s: the functions of conditions',
    (date) => {
      const heat = HEAT_HOT[date] as (typeof HEAT_HOT)[string];
      const mine = kinds({ dialect: 'hot', value: date }, 'condition');
      expect(sorted(mine.functions)).toEqual(sorted(heat.conditions));
      // Heat: every other function of the version is Invalid in a condition, every Removed one is Removed.
      for (const name of [...heat.functions, ...heat.removed]) {
        if (!heat.conditions.includes(name)) expect(mine.errors).toContain(name);
      }
    },
  );

  test.each(Object.keys(HEAT_CFN).map((k) => [k]))('CFN %s: the functions of values and of conditions', (key) => {
    const heat = HEAT_CFN[key as keyof typeof HEAT_CFN];
    const version = {
      dialect: 'cfn',
      key,
      value: key === 'AWSTemplateFormatVersion' ? '2010-09-09' : '2012-12-12',
    } as TemplateVersion;
    expect(sorted(kinds(version, 'value').functions)).toEqual(sorted(heat.functions));
    // HeatTemplateFormatVersion has no conditions at all (no section, no Fn::If), so no condition context.
    if (key === 'AWSTemplateFormatVersion') {
      expect(sorted(kinds(version, 'condition').functions)).toEqual(sorted(heat.conditions));
    }
  });
});

describe('spellings for writing', () => {
  test('each canonical function is written in the dialect’s own spelling when the version has one', () => {
    const hot: TemplateVersion = { dialect: 'hot', value: '2021-04-16' };
    const cfn: TemplateVersion = { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' };
    expect(spellingFor('join', hot)?.name).toBe('list_join');
    expect(spellingFor('join', cfn)?.name).toBe('Fn::Join');
    expect(spellingFor('get_param', cfn)?.name).toBe('Ref');
    expect(spellingFor('get_resource', cfn)?.name).toBe('Ref');
    expect(spellingFor('split', { dialect: 'hot', value: '2013-05-23' })?.name).toBe('Fn::Split');
    expect(spellingFor('select', hot)).toBeUndefined();
    expect(spellingFor('list_concat', cfn)).toBeUndefined();
  });

  test('the HOT versions able to spell a function', () => {
    expect(hotVersionsWith('select')).toEqual(['2013-05-23', '2014-10-16', '2015-04-30']);
    expect(hotVersionsWith('split')[0]).toBe('2013-05-23');
    expect(hotVersionsWith('split')).not.toContain('2014-10-16');
    expect(hotVersionsWith('contains')[0]).toBe('2017-09-01');
  });

  test('canonical arguments convert to each spelling’s raw shape and back', () => {
    const hot: TemplateVersion = { dialect: 'hot', value: '2021-04-16' };
    const cases: [FnName, unknown[], unknown][] = [
      ['replace', [{ a: 'b' }, 'a!'], { template: 'a!', params: { a: 'b' } }],
      ['get_param', ['p', 'k', 0], ['p', 'k', 0]],
      ['get_param', ['p'], 'p'],
      ['not', [call('condition', 'c')], call('condition', 'c')],
      ['map_merge', [[{ a: 1 }]], [{ a: 1 }]],
    ];
    for (const [fn, args, raw] of cases) {
      const s = spellingFor(fn, hot);
      expect(s?.write?.(args as never, { hotDate: hot.value })).toEqual(raw);
    }
  });
});
