import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  conditionHolds,
  type EvaluationContext,
  EvaluationError,
  evaluate,
} from '../../../src/template/evaluate/index.js';
import { call, type Expr, emptyTemplate, type Template } from '../../../src/template/model.js';

const DOCKER = 'DockerInc::Docker::Container';

function hot(version = '2021-04-16', extra: Partial<Template> = {}): Template {
  return {
    ...emptyTemplate('hot'),
    version: { dialect: 'hot', value: version },
    resources: {
      db: { type: DOCKER, properties: { image: 'mysql' }, dependsOn: [] },
      web: { type: DOCKER, properties: { image: 'nginx' }, dependsOn: [] },
    },
    ...extra,
  };
}

function cfn(extra: Partial<Template> = {}): Template {
  return {
    ...emptyTemplate('cfn'),
    resources: { Database: { type: 'OS::Heat::Docker', properties: { Image: 'mysql' }, dependsOn: [] } },
    ...extra,
  };
}

const ATTRIBUTES: Record<string, Record<string, unknown>> = {
  db: {
    network_ip: '172.17.0.2',
    network_tcp_ports: '3306',
    network_info: { Ports: { '3306/tcp': [{ HostPort: '33060' }] }, Aliases: ['a', 'b'] },
    logs_head: null,
  },
  Database: { NetworkIp: '172.17.0.2' },
};

function context(template: Template, parameters: Record<string, unknown> = {}): EvaluationContext {
  return {
    template,
    parameters,
    resourceId: (name) => `id-of-${name}`,
    attribute: (resource, attribute) => ATTRIBUTES[resource]?.[attribute] ?? null,
  };
}

function run(expr: Expr, template: Template = hot(), parameters: Record<string, unknown> = {}): unknown {
  return evaluate(expr, context(template, parameters));
}

describe('references', () => {
  test('get_param gives the typed value, and follows a path into maps and lists', () => {
    const params = { n: 5, cfg: { servers: ['a', 'b'], port: 80 } };
    expect(run(call('get_param', 'n'), hot(), params)).toBe(5);
    expect(run(call('get_param', 'cfg', 'servers', 1), hot(), params)).toBe('b');
    expect(run(call('get_param', 'cfg', 'servers', '0'), hot(), params)).toBe('a');
  });

  test('a get_param path that does not fit the value gives an empty string', () => {
    const params = { cfg: { servers: ['a'] } };
    expect(run(call('get_param', 'cfg', 'missing', 'x'), hot(), params)).toBe('');
    expect(run(call('get_param', 'cfg', 'servers', 5), hot(), params)).toBe('');
    expect(run(call('get_param', 'cfg', 'servers', 'first'), hot(), params)).toBe('');
  });

  test('a get_param argument a function computes is the whole argument: a name, or a list of a name and a path', () => {
    const params = { cfg: { servers: ['a', 'b'] } };
    expect(run(call('get_param', call('split', ',', 'cfg,servers,1')), hot(), params)).toBe('b');
    expect(run(call('get_param', call('join', '', ['c', 'fg'])), hot(), params)).toEqual(params.cfg);
    expect(() => run(call('get_param', call('map_merge', [{ a: 1 }])), hot(), params)).toThrow(
      'Argument to "get_param" must be string or list',
    );
    expect(() => run(call('get_param', call('split', ',', '')), hot(), params)).toThrow('The Parameter () was not');
    expect(() => run(call('get_param', call('join', '', [])), hot(), params)).toThrow('must have arguments');
  });

  test('a missing parameter is an error naming it', () => {
    expect(() => run(call('get_param', 'nope'))).toThrow('get_param: The Parameter (nope) was not provided.');
  });

  test('get_resource gives the physical id', () => {
    expect(run(call('get_resource', 'db'))).toBe('id-of-db');
    expect(() => run(call('get_resource', 'ghost'))).toThrow(EvaluationError);
  });

  test('get_attr reads the attribute and follows paths into maps and lists', () => {
    expect(run(call('get_attr', 'db', 'network_ip'))).toBe('172.17.0.2');
    expect(run(call('get_attr', 'db', 'network_info', 'Ports', '3306/tcp', 0, 'HostPort'))).toBe('33060');
    expect(run(call('get_attr', 'db', 'network_info', 'Aliases', -1))).toBe('b');
  });

  test('a get_attr path that does not fit gives null (a string index into a list does not count)', () => {
    expect(run(call('get_attr', 'db', 'network_info', 'Nope', 'x'))).toBeNull();
    expect(run(call('get_attr', 'db', 'network_info', 'Aliases', '0'))).toBeNull();
    expect(run(call('get_attr', 'db', 'logs_head', 'x'))).toBeNull();
  });

  test('get_attr of a resource alone gives every attribute as the type spells them', () => {
    const all = run(call('get_attr', 'db')) as Record<string, unknown>;
    expect(all.network_ip).toBe('172.17.0.2');
    expect(Object.keys(all)).toContain('logs_tail');
  });
});

describe('joins', () => {
  test('Fn::Join joins strings; null items are empty', () => {
    const t = cfn();
    expect(run(call('join', '=', ['DB_HOSTNAME', call('get_attr', 'Database', 'NetworkIp')]), t)).toBe(
      'DB_HOSTNAME=172.17.0.2',
    );
    expect(run(call('join', ',', ['a', null, 'b']), t)).toBe('a,,b');
  });

  test('joining a number is an error in Heat (items must be strings)', () => {
    expect(() => run(call('join', ':', ['host', 80]), cfn())).toThrow('Fn::Join: Items to join must be strings not 80');
    expect(() => run(call('join', ':', ['host', 80]))).toThrow(
      'list_join: Items to join must be string, map or list not 80',
    );
  });

  test('from HOT 2015-10-15 maps and lists join as sorted JSON, and several lists join together', () => {
    expect(run(call('join', ' ', ['a', { b: 1, a: [true, null] }], ['c']))).toBe('a {"a": [true, null], "b": 1} c');
  });

  test('before HOT 2015-10-15 a map in a join is an error', () => {
    expect(() => run(call('join', ' ', [{ a: 1 }]), hot('2015-04-30'))).toThrow(/Items to join must be strings/);
  });

  test('from HOT 2015-10-15 an empty argument is skipped, even an empty string; before, a string is an error', () => {
    expect(run(call('join', ',', ['a'], '', [], null, ['b']))).toBe('a,b');
    expect(() => run(call('join', ',', ''), hot('2015-04-30'))).toThrow(
      'list_join: "list_join" must operate on a list',
    );
  });

  test('the delimiter must be a string', () => {
    expect(() => run(call('join', 1, ['a']))).toThrow('list_join: "list_join" delimiter must be a string');
  });
});

describe('Fn::Select', () => {
  test('selects by index, negative from the end', () => {
    expect(run(call('select', 1, ['a', 'b', 'c']), cfn())).toBe('b');
    expect(run(call('select', '2', ['a', 'b', 'c']), cfn())).toBe('c');
    expect(run(call('select', -1, ['a', 'b', 'c']), cfn())).toBe('c');
    expect(run(call('select', 1.9, ['a', 'b', 'c']), cfn())).toBe('b');
  });

  test('out of range gives an empty string', () => {
    expect(run(call('select', 7, ['a']), cfn())).toBe('');
  });

  test('selects a map by key; a missing key gives an empty string', () => {
    expect(run(call('select', 'k', { k: 'v' }), cfn())).toBe('v');
    expect(run(call('select', 'x', { k: 'v' }), cfn())).toBe('');
  });

  test('a string is read as JSON; an empty string or null stays empty', () => {
    expect(run(call('select', 0, '["x","y"]'), cfn())).toBe('x');
    expect(run(call('select', 0, ''), cfn())).toBe('');
    expect(run(call('select', 0, null), cfn())).toBe('');
    expect(() => run(call('select', 0, 'not json'), cfn())).toThrow(EvaluationError);
  });

  test('a non-integer index into a list is an error', () => {
    expect(() => run(call('select', 'one', ['a']), cfn())).toThrow(
      'Fn::Select: Index to "Fn::Select" must be an integer',
    );
  });
});

describe('splits', () => {
  test('Fn::Split gives a list', () => {
    expect(run(call('split', ',', 'a,b,,c'), cfn())).toEqual(['a', 'b', '', 'c']);
  });

  test('str_split with an index picks one item; out of range is an error', () => {
    expect(run(call('split', ':', '10.0.0.1:80', 1))).toBe('80');
    expect(run(call('split', ':', 'a:b', -1))).toBe('b');
    expect(() => run(call('split', ':', 'a:b', 2))).toThrow(
      'str_split: Incorrect index to "str_split" should be between 0 and 1',
    );
  });

  test('a resolved attribute is split like any string; null stays null in HOT', () => {
    expect(run(call('split', '.', call('get_attr', 'db', 'network_ip'), 3))).toBe('2');
    expect(run(call('split', '.', call('get_attr', 'db', 'logs_head')))).toBeNull();
  });

  test('Fn::Split of null is an error (CFN, and HOT 2013-05-23 which reads it)', () => {
    expect(() => run(call('split', ',', null), cfn())).toThrow(/String to split must be string/);
    expect(() => run(call('split', ',', null), hot('2013-05-23'))).toThrow(/String to split must be string/);
  });

  test('splitting a non-string or by an empty delimiter is an error', () => {
    expect(() => run(call('split', ',', ['a']))).toThrow(/String to split must be string/);
    expect(() => run(call('split', '', 'abc'))).toThrow('str_split: empty separator');
  });
});

describe('str_replace', () => {
  test('longer keys are replaced first, and inserted text is not replaced again', () => {
    expect(run(call('replace', { $var: 'X', $var1: 'Y', X: 'never' }, '$var1 $var'))).toBe('Y X');
  });

  test('keys of equal length are applied in code point order', () => {
    // 'ab' (smaller) is applied before 'bc': 'abc' → 'A' + 'c'
    expect(run(call('replace', { bc: 'B', ab: 'A' }, 'abc'))).toBe('Ac');
  });

  test('numbers, booleans and null are inserted as Python prints them', () => {
    expect(run(call('replace', { $p: 8080, $b: true, $n: null }, '$p $b [$n]'))).toBe('8080 True []');
  });

  test('maps and lists are JSON from HOT 2015-10-15, an error before and in CFN', () => {
    expect(run(call('replace', { $m: { b: 2, a: 1 } }, 'cfg=$m'))).toBe('cfg={"a": 1, "b": 2}');
    expect(() => run(call('replace', { $m: [1] }, '$m'), hot('2015-04-30'))).toThrow(
      /params must be strings or numbers/,
    );
    expect(() => run(call('replace', { $m: [1] }, '$m'), cfn())).toThrow(/Fn::Replace/);
  });

  test('str_replace_strict fails on params not in the template; vstrict on empty values', () => {
    expect(() => run(call('replace_strict', { $a: 'x', $zz: 'y' }, '$a'))).toThrow(
      'str_replace_strict: The following params were not found in the template: $zz',
    );
    expect(() => run(call('replace_vstrict', { $a: '' }, '$a'))).toThrow(
      /has an undefined or empty value for param \$a/,
    );
  });

  test('the template must be a string', () => {
    expect(() => run(call('replace', {}, ['x']))).toThrow('str_replace: "str_replace" template must be a string');
  });
});

describe('maps and lists', () => {
  test('map_merge: later maps win, null counts as empty', () => {
    expect(run(call('map_merge', [{ a: 1, b: 1 }, null, { b: 2 }]))).toEqual({ a: 1, b: 2 });
    expect(() => run(call('map_merge', [{ a: 1 }, ['x']]))).toThrow(/Items to merge must be maps/);
  });

  test('map_replace renames keys and replaces values; collisions are errors', () => {
    expect(run(call('map_replace', { k1: 'v1', k2: 'v2' }, { keys: { k1: 'K1' }, values: { v2: 'V2' } }))).toEqual({
      K1: 'v1',
      k2: 'V2',
    });
    expect(() => run(call('map_replace', { a: 1, b: 2 }, { keys: { a: 'b' } }))).toThrow(
      'map_replace: key replacement b collides with a key in the input map',
    );
  });

  test('list_concat and list_concat_unique', () => {
    expect(run(call('list_concat', [['a', 'b'], null, ['b']]))).toEqual(['a', 'b', 'b']);
    expect(
      run(
        call('list_concat_unique', [
          ['a', { x: 1 }],
          ['a', { x: 1 }, 'c'],
        ]),
      ),
    ).toEqual(['a', { x: 1 }, 'c']);
    expect(() => run(call('list_concat', [['a'], 'b']))).toThrow(/Items to concat must be lists/);
  });

  test('contains looks into lists (by equality) and strings (substring)', () => {
    expect(run(call('contains', 'b', ['a', 'b']))).toBe(true);
    expect(run(call('contains', 1, [true]))).toBe(true);
    expect(run(call('contains', 'ell', 'hello'))).toBe(true);
    expect(() => run(call('contains', 'a', { a: 1 }))).toThrow(/should be a sequence/);
    expect(() => run(call('contains', 1, 'a1'))).toThrow(/requires string as left operand/);
  });

  test('filter removes values; empty input passes through', () => {
    expect(run(call('filter', ['b', null], ['a', 'b', null, 'c']))).toEqual(['a', 'c']);
    expect(run(call('filter', ['b'], []))).toEqual([]);
    expect(run(call('filter', null, ['a']))).toEqual(['a']);
  });

  test('repeat makes every combination of the for_each lists, replacing in keys and values', () => {
    const spec = {
      for_each: { '%port%': ['80', '443'], '%proto%': ['tcp'] },
      template: { '%port%/%proto%': 'p%port%' },
    };
    expect(run(call('repeat', spec))).toEqual([{ '80/tcp': 'p80' }, { '443/tcp': 'p443' }]);
  });

  test('repeat without permutations zips lists of equal length', () => {
    const spec = { for_each: { '<a>': ['1', '2'], '<b>': ['x', 'y'] }, template: '<a><b>', permutations: false };
    expect(run(call('repeat', spec))).toEqual(['1x', '2y']);
    const uneven = { for_each: { '<a>': ['1'], '<b>': ['x', 'y'] }, template: '<a><b>', permutations: false };
    expect(() => run(call('repeat', uneven))).toThrow(/length of for_each values should be equal/);
  });

  test('an empty for_each is an error; maps need HOT 2016-10-14', () => {
    expect(() => run(call('repeat', { for_each: {}, template: 'x' }))).toThrow(/at least one placeholder/);
    expect(() => run(call('repeat', { for_each: { '%k%': { a: 1 } }, template: '%k%' }), hot('2015-10-15'))).toThrow(
      'repeat: The values of the "for_each" argument to "repeat" must be lists',
    );
  });

  test('repeat over a map iterates its keys', () => {
    expect(run(call('repeat', { for_each: { '%k%': { a: 1, b: 2 } }, template: 'key-%k%' }))).toEqual([
      'key-a',
      'key-b',
    ]);
  });
});

describe('other functions', () => {
  test('digest hashes the value', () => {
    expect(run(call('digest', 'sha256', 'hello'))).toBe(createHash('sha256').update('hello').digest('hex'));
    expect(() => run(call('digest', 'nope', 'x'))).toThrow(/Algorithm must be one of/);
  });

  test('Fn::Base64 returns its string unchanged, as Heat does', () => {
    expect(run(call('base64', '#!/bin/sh'), cfn())).toBe('#!/bin/sh');
  });

  test('Fn::FindInMap looks up mappings; a missing key is an error', () => {
    const t = cfn({ mappings: { Images: { mysql: { Tag: '5.7' } } } });
    expect(run(call('find_in_map', 'Images', 'mysql', 'Tag'), t)).toBe('5.7');
    expect(() => run(call('find_in_map', 'Images', 'pg', 'Tag'), t)).toThrow(
      'Fn::FindInMap: mapping "Images" has no key "pg"',
    );
  });

  test('Fn::GetAZs gives Heat’s single zone', () => {
    expect(run(call('get_azs', ''), cfn())).toEqual(['nova']);
  });

  test('Fn::MemberListToMap', () => {
    const list = ['.member.0.Name=key', '.member.0.Value=door', '.member.1.Name=colour', '.member.1.Value=red'];
    expect(run(call('member_list_to_map', 'Name', 'Value', list), cfn())).toEqual({ key: 'door', colour: 'red' });
  });

  test('make_url builds an escaped URL', () => {
    const url = run(
      call('make_url', {
        scheme: 'http',
        username: 'us er',
        password: 'p@ss',
        host: '::1',
        port: 8080,
        path: '/a b/c',
        query: { q: 'x y', path: 'a/b' },
        fragment: 'frag ment',
      }),
    );
    expect(url).toBe('http://us%20er:p%40ss@[::1]:8080/a%20b/c?q=x+y&path=a/b#frag%20ment');
    expect(run(call('make_url', { scheme: 'https', host: 'example.com', path: 'x' }))).toBe('https://example.com/x');
    expect(() => run(call('make_url', { host: 'h', port: 70000 }))).toThrow(/must be in range 1-65535/);
  });

  test('yaql, get_file and Fn::ResourceFacade give clear errors', () => {
    expect(() => run(call('yaql', { expression: '$.data', data: {} }))).toThrow(
      'yaql: YAQL expressions are not supported',
    );
    expect(() => run(call('get_file', 'script.sh'))).toThrow(/get_file: cannot read "script.sh"/);
    expect(() => run(call('resource_facade', 'Metadata'), cfn())).toThrow(/Fn::ResourceFacade/);
  });

  test('get_file reads through the context when it can', () => {
    const ctx = { ...context(hot()), readFile: (url: string) => `contents of ${url}` };
    expect(evaluate(call('get_file', 'a.sh'), ctx)).toBe('contents of a.sh');
  });
});

describe('conditions and if', () => {
  const template = hot('2021-04-16', {
    conditions: {
      prod: call('equals', call('get_param', 'env'), 'prod'),
      notProd: call('not', call('condition', 'prod')),
      both: call('and', call('condition', 'prod'), true),
      loop: call('condition', 'loop'),
    },
  });

  test('if picks a branch by a named condition; the other branch is never evaluated', () => {
    const expr = call('if', call('condition', 'prod'), 'big', call('get_param', 'missing'));
    expect(run(expr, template, { env: 'prod' })).toBe('big');
  });

  test('if takes a condition expression', () => {
    expect(run(call('if', call('equals', 1, 1), 'yes', 'no'), template)).toBe('yes');
  });

  test('a false 2-argument if leaves the list item or map key out (HOT 2021-04-16)', () => {
    const expr = { keep: 1, drop: call('if', false, 'x') } as Expr;
    expect(run(expr, template)).toEqual({ keep: 1 });
    expect(run(['a', call('if', false, 'b')], template)).toEqual(['a']);
    expect(run(call('if', false, 'b'), template)).toBeUndefined();
  });

  test('conditionHolds resolves names, expressions and booleans', () => {
    expect(conditionHolds(template, 'prod', { env: 'prod' })).toBe(true);
    expect(conditionHolds(template, 'notProd', { env: 'prod' })).toBe(false);
    expect(conditionHolds(template, 'both', { env: 'dev' })).toBe(false);
    expect(conditionHolds(template, call('or', call('condition', 'prod'), true), { env: 'dev' })).toBe(true);
    expect(conditionHolds(template, true, {})).toBe(true);
  });

  test('equals compares deeply, and numbers as Python does', () => {
    expect(run(call('equals', { a: [1, 2] }, { a: [1, 2] }))).toBe(true);
    expect(run(call('equals', 1, 1.0))).toBe(true);
    expect(run(call('equals', '1', 1))).toBe(false);
  });

  test('a circular or unknown condition is an error', () => {
    expect(() => conditionHolds(template, 'loop', {})).toThrow('Circular definition for condition "loop"');
    expect(() => conditionHolds(template, 'ghost', {})).toThrow('Invalid condition "ghost"');
  });
});

describe('robustness', () => {
  test('a deeply nested expression does not overflow the call stack', () => {
    let expr: Expr = 'x';
    for (let i = 0; i < 100_000; i++) expr = call('join', '', [expr]);
    expect(run(expr)).toBe('x');
  });
});

describe('the examples of Heat’s HOT specification', () => {
  test('list_join', () => {
    expect(run(call('join', ', ', ['one', 'two', 'and three']))).toBe('one, two, and three');
    expect(run(call('join', ', ', ['one', 'two'], ['three', 'four']))).toBe('one, two, three, four');
  });

  test('repeat over two comma-delimited parameters makes every combination', () => {
    const params = { ports: ['80', '443', '8080'], protocols: ['tcp', 'udp'] };
    const rules = call('repeat', {
      for_each: { '<%port%>': call('get_param', 'ports'), '<%protocol%>': call('get_param', 'protocols') },
      template: { protocol: '<%protocol%>', port_range_min: '<%port%>' },
    });
    expect(run(rules, hot(), params)).toEqual([
      { protocol: 'tcp', port_range_min: '80' },
      { protocol: 'udp', port_range_min: '80' },
      { protocol: 'tcp', port_range_min: '443' },
      { protocol: 'udp', port_range_min: '443' },
      { protocol: 'tcp', port_range_min: '8080' },
      { protocol: 'udp', port_range_min: '8080' },
    ]);
  });

  test('repeat with permutations: false', () => {
    const params = { subnets: ['sub1', 'sub2'], networks: ['net1', 'net2'] };
    const networks = call('repeat', {
      for_each: { '<%sub%>': call('get_param', 'subnets'), '<%net%>': call('get_param', 'networks') },
      template: { subnet: '<%sub%>', network: '<%net%>' },
      permutations: false,
    });
    expect(run(networks, hot(), params)).toEqual([
      { subnet: 'sub1', network: 'net1' },
      { subnet: 'sub2', network: 'net2' },
    ]);
  });

  test('str_replace of a script', () => {
    const script = call(
      'replace',
      { $db_rootpassword: call('get_param', 'DBRootPassword') },
      'mysqladmin -u root password $db_rootpassword\n',
    );
    expect(run(script, hot(), { DBRootPassword: 's3cret' })).toBe('mysqladmin -u root password s3cret\n');
  });

  test('str_split', () => {
    expect(run(call('split', ',', 'string,to,split'))).toEqual(['string', 'to', 'split']);
    expect(run(call('split', ',', 'string,to,split', 0))).toBe('string');
  });

  test('map_replace', () => {
    expect(run(call('map_replace', { k1: 'v1', k2: 'v2' }, { keys: { k1: 'K1' }, values: { v2: 'V2' } }))).toEqual({
      K1: 'v1',
      k2: 'V2',
    });
  });

  test('make_url', () => {
    const url = call('make_url', {
      scheme: 'http',
      host: call('get_attr', 'db', 'network_ip'),
      port: 8080,
      path: '/hello',
      query: { recipient: 'world' },
      fragment: 'greeting',
    });
    expect(run(url)).toBe('http://172.17.0.2:8080/hello?recipient=world#greeting');
  });

  test('list_concat and list_concat_unique', () => {
    expect(
      run(
        call('list_concat', [
          ['v1', 'v2'],
          ['v3', 'v4'],
        ]),
      ),
    ).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(
      run(
        call('list_concat_unique', [
          ['v1', 'v2'],
          ['v2', 'v3'],
        ]),
      ),
    ).toEqual(['v1', 'v2', 'v3']);
  });
});

test('a call of a function heatstack does not know is an EvaluationError, not a crash', () => {
  const bogus = call('get_param', 'x');
  Object.assign(bogus, { fn: 'Fn::Bogus' });
  expect(() => run(bogus)).toThrow('Fn::Bogus: not a function heatstack knows');
});

test('a 10,000-long chain of named conditions resolves without deep recursion', () => {
  const conditions: Record<string, Expr> = { c0: call('equals', call('get_param', 'env'), 'prod') };
  for (let i = 1; i < 10_000; i++) conditions[`c${i}`] = call('not', call('condition', `c${i - 1}`));
  const template = hot('2021-04-16', { conditions });
  expect(conditionHolds(template, 'c9999', { env: 'prod' })).toBe(false);
  expect(conditionHolds(template, 'c9998', { env: 'prod' })).toBe(true);
});
