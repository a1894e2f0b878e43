import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { call, ExactNumber, type Template } from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { HOT_VERSIONS } from '../../../src/template/versions.js';

const SEED = readFileSync(new URL('../../fixtures/seed/wordpress_mysql.yml', import.meta.url), 'utf8');

function errors(text: string) {
  return parseTemplate(text).diagnostics.filter((d) => d.severity === 'error');
}

function messages(text: string, severity: 'error' | 'warning' = 'error') {
  return parseTemplate(text)
    .diagnostics.filter((d) => d.severity === severity)
    .map((d) => `${d.path}: ${d.message}`);
}

function hot(version: string, body: string): string {
  return `heat_template_version: ${version}\n${body}`;
}

describe('parseTemplate: the seed template', () => {
  test('the seed reads without a problem into the model, with functions as calls', () => {
    // GIVEN the plugin's own example  WHEN parsed
    const result = parseTemplate(SEED);
    // THEN
    expect(result.diagnostics).toEqual([]);
    const t = result.template as Template;
    expect(t.version).toEqual({ dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' });
    expect(t.resources.Database).toEqual({
      type: 'OS::Heat::Docker',
      properties: { Image: 'samalba/mysql' },
      dependsOn: [],
    });
    expect(t.resources.Blog?.properties.Env).toEqual([
      call('join', '=', ['DB_HOSTNAME', call('get_attr', 'Database', 'NetworkIp')]),
      call('join', '=', ['DB_PORT', call('get_attr', 'Database', 'NetworkTcpPorts')]),
      call('join', '=', ['DB_PASSWORD', call('get_attr', 'Database', 'LogsHead')]),
    ]);
    expect(t.outputs.BlogURL?.description).toBe('Blog URL');
  });

  test('positionOf gives the line and column of a template path', () => {
    const result = parseTemplate(SEED);
    expect(result.positionOf('Resources.Blog.Properties.Env[1]')).toEqual({ line: 15, column: 19 });
    expect(result.positionOf('Resources.Database')).toEqual({ line: 18, column: 5 });
    expect(result.positionOf('Resources.Blog.Properties.Env[1].Fn::Join[1][1]')).toEqual({ line: 15, column: 50 });
  });
});

describe('parseTemplate: reading YAML as PyYAML (and so Heat) does', () => {
  test('yes/no/on/off are booleans, hex, octal, underscores and sexagesimal are integers, 1e3 is a string', () => {
    const t = parseTemplate(
      hot(
        '2021-04-16',
        'outputs:\n  o:\n    value: [yes, No, on, OFF, y, 0x1F, 017, 1_000, 1:20, 1e3, 1.0e+3, .inf, ~, 2013-05-23, "yes"]\n',
      ),
    ).template as Template;
    expect(t.outputs.o?.value).toEqual([
      true,
      false,
      true,
      false,
      'y',
      31,
      15,
      1000,
      80,
      '1e3',
      ExactNumber.float(1000), // the float 1000.0: its text is Python's, not the integer's
      Number.POSITIVE_INFINITY,
      null,
      '2013-05-23',
      'yes',
    ]);
  });

  test('an unquoted HOT version date is read as the string Heat reads', () => {
    expect(parseTemplate('heat_template_version: 2013-05-23\n').template?.version).toEqual({
      dialect: 'hot',
      value: '2013-05-23',
    });
  });

  test('JSON is read as JSON, and positions point into it', () => {
    const text = '{\n  "HeatTemplateFormatVersion": "2012-12-12",\n  "Resources": {\n    "A": {"Type": 1}\n  }\n}\n';
    const result = parseTemplate(text);
    expect(result.format).toBe('json');
    expect(result.diagnostics).toEqual([
      {
        path: 'Resources.A.Type',
        message: 'Resource A Type type must be string',
        severity: 'error',
        position: { line: 4, column: 11 },
      },
    ]);
  });

  test('merge keys and anchors work as in PyYAML', () => {
    const text = hot(
      '2021-04-16',
      'outputs:\n  a: &base {value: 1, description: d}\n  b:\n    <<: *base\n    value: 2\n',
    );
    const t = parseTemplate(text).template as Template;
    expect(t.outputs).toEqual({ a: { value: 1, description: 'd' }, b: { value: 2, description: 'd' } });
  });

  test('a YAML syntax error is a diagnostic with its position, not an exception', () => {
    const result = parseTemplate('heat_template_version: 2021-04-16\nresources:\n  a: [1, 2\n');
    expect(result.template).toBeUndefined();
    expect(result.diagnostics[0]?.message).toMatch(/^Error parsing template/);
    expect(result.diagnostics[0]?.position?.line).toBeGreaterThanOrEqual(3);
  });

  test('a duplicate key is a warning (Heat keeps the last one)', () => {
    expect(messages(hot('2021-04-16', 'outputs:\n  o: {value: 1}\n  o: {value: 2}\n'), 'warning')).toEqual([
      'outputs.o: Duplicate key "o": Heat keeps only the last one',
    ]);
  });

  test('a tag PyYAML cannot construct (CloudFormation short form) is an error', () => {
    expect(messages(hot('2021-04-16', 'outputs:\n  o: {value: !Ref x}\n'))).toEqual([
      "outputs.o.value: Error parsing template: could not determine a constructor for the tag '!Ref'",
    ]);
  });
});

describe('parseTemplate: versions', () => {
  test.each(HOT_VERSIONS.flatMap((v) => (v.release ? [[v.release, v.date]] : [[v.date, v.date]])))(
    'heat_template_version %s is HOT %s',
    (written, date) => {
      const t = parseTemplate(`heat_template_version: ${written}\n`).template as Template;
      expect(t.version.value).toBe(date);
      if (written !== date) expect(t.version).toEqual({ dialect: 'hot', value: date, alias: written });
    },
  );

  test('AWSTemplateFormatVersion 2010-09-09 is CFN', () => {
    expect(parseTemplate("AWSTemplateFormatVersion: '2010-09-09'\n").template?.version).toEqual({
      dialect: 'cfn',
      key: 'AWSTemplateFormatVersion',
      value: '2010-09-09',
    });
  });

  test('an unknown version, a missing version and two versions are errors', () => {
    expect(messages('heat_template_version: 2019-01-01\n')[0]).toMatch(/should be one of: .*2013-05-23.*wallaby/);
    expect(messages("HeatTemplateFormatVersion: '2010-09-09'\n")[0]).toMatch(/should be: 2012-12-12/);
    expect(messages('resources: {}\n')[0]).toMatch(/Template format version not found/);
    expect(messages("heat_template_version: '2013-05-23'\nHeatTemplateFormatVersion: '2012-12-12'\n")[0]).toMatch(
      /Ambiguous versions/,
    );
  });
});

describe('parseTemplate: sections', () => {
  test('conditions exist from HOT 2016-10-14 and with AWSTemplateFormatVersion only', () => {
    expect(errors(hot('2016-10-14', 'conditions: {c: true}\n'))).toEqual([]);
    expect(messages(hot('2016-04-08', 'conditions: {c: true}\n'))).toEqual([
      'conditions: The template section is invalid: conditions (conditions need heat_template_version 2016-10-14 or newer; this is heat_template_version 2016-04-08)',
    ]);
    expect(messages("HeatTemplateFormatVersion: '2012-12-12'\nConditions: {c: true}\n")[0]).toMatch(
      /AWSTemplateFormatVersion/,
    );
  });

  test('a section in the other dialect’s spelling is named with a hint', () => {
    expect(messages(hot('2021-04-16', 'Resources: {}\n'))).toEqual([
      'Resources: The template section is invalid: Resources (did you mean "resources"?)',
    ]);
  });
});

describe('parseTemplate: functions', () => {
  test('Ref is get_resource for a resource and get_param otherwise', () => {
    const t = parseTemplate(
      "HeatTemplateFormatVersion: '2012-12-12'\nParameters: {P: {Type: String}}\nResources:\n  A: {Type: T, Properties: {a: {Ref: P}, b: {Ref: B}}}\n  B: {Type: T}\n",
    ).template as Template;
    expect(t.resources.A?.properties).toEqual({ a: call('get_param', 'P'), b: call('get_resource', 'B') });
  });

  test('a function removed from a HOT version is an error (Heat: not supported in this version of HOT)', () => {
    expect(messages(hot('2014-10-16', 'outputs: {o: {value: {"Fn::Join": ["", [a]]}}}\n'))).toEqual([
      'outputs.o.value.Fn::Join: The function Fn::Join is not supported in this version of HOT (heat_template_version 2014-10-16)',
    ]);
    expect(errors(hot('2013-05-23', 'outputs: {o: {value: {"Fn::Join": ["", [a]]}}}\n'))).toEqual([]);
    expect(messages(hot('2015-10-15', 'outputs: {o: {value: {"Fn::Select": [0, [a]]}}}\n'))[0]).toMatch(
      /Fn::Select is not supported/,
    );
  });

  test('a function from a newer HOT version is a plain map to Heat: a warning naming the version it needs', () => {
    const older = hot('2015-04-30', 'outputs: {o: {value: {str_split: [",", "a,b"]}}}\n');
    expect(errors(older)).toEqual([]);
    expect(messages(older, 'warning')).toEqual([
      'outputs.o.value.str_split: The function str_split is not available in heat_template_version 2015-04-30: it needs heat_template_version 2015-10-15 or newer (Heat reads it here as a plain map)',
    ]);
    const parsed = parseTemplate(older).template;
    expect(parsed?.outputs.o?.value).toEqual({ str_split: [',', 'a,b'] });
    expect(errors(hot('2015-10-15', 'outputs: {o: {value: {str_split: [",", "a,b"]}}}\n'))).toEqual([]);
  });

  test('wrong argument shapes are errors with Heat’s message', () => {
    expect(messages(hot('2013-05-23', 'outputs: {o: {value: {get_attr: [a]}}}\n'))).toEqual([
      'outputs.o.value.get_attr: Arguments to "get_attr" must be of the form [resource_name, attribute, (path), ...]',
    ]);
    expect(errors(hot('2015-10-15', 'outputs: {o: {value: {get_attr: [a]}}}\n'))).toEqual([]);
    expect(messages(hot('2021-04-16', 'outputs: {o: {value: {str_replace: {template: x}}}}\n'))[0]).toMatch(
      /str_replace/,
    );
    expect(
      messages("HeatTemplateFormatVersion: '2012-12-12'\nOutputs: {o: {Value: {'Fn::GetAtt': [a, b, c]}}}\n"),
    ).toEqual(['Outputs.o.Value.Fn::GetAtt: Arguments to "Fn::GetAtt" must be of the form [resource_name, attribute]']);
  });

  test('a value function inside a condition is invalid; condition functions outside are plain data (a warning)', () => {
    expect(messages(hot('2016-10-14', 'conditions: {c: {equals: [{get_attr: [a, b]}, 1]}}\n'))).toEqual([
      'conditions.c.equals[0].get_attr: The function "get_attr" is invalid in this context',
    ]);
    expect(messages(hot('2016-10-14', 'outputs: {o: {value: {equals: [1, 1]}}}\n'), 'warning')).toEqual([
      'outputs.o.value.equals: "equals" can only be used in a condition; Heat reads it here as a plain map',
    ]);
  });

  test('condition names in if, not, and, or become condition references', () => {
    const t = parseTemplate(
      hot('2016-10-14', 'conditions:\n  a: true\n  b: {not: a}\noutputs: {o: {value: {if: [b, 1, 2]}}}\n'),
    ).template as Template;
    expect(t.conditions.b).toEqual(call('not', call('condition', 'a')));
    expect(t.outputs.o?.value).toEqual(call('if', call('condition', 'b'), 1, 2));
  });

  test('a CFN function in HOT is plain data, with a warning', () => {
    expect(messages(hot('2021-04-16', 'outputs: {o: {value: {"Fn::GetAtt": [a, b]}}}\n'), 'warning')).toEqual([
      'outputs.o.value.Fn::GetAtt: "Fn::GetAtt" is a CFN function, not a HOT one; Heat reads it here as a plain map',
    ]);
  });
});

describe('parseTemplate: parameters, resources and outputs', () => {
  test('CFN parameters carry their constraints, in Heat’s order, with the constraint description', () => {
    const t = parseTemplate(
      "HeatTemplateFormatVersion: '2012-12-12'\nParameters:\n  P:\n    Type: String\n    NoEcho: 'true'\n    AllowedPattern: '[a-z]+'\n    MinLength: '2'\n    ConstraintDescription: lower case\n",
    ).template as Template;
    expect(t.parameters.P).toEqual({
      type: 'string',
      hidden: true,
      constraints: [
        { kind: 'length', min: 2, description: 'lower case' },
        { kind: 'allowed_pattern', pattern: '[a-z]+', description: 'lower case' },
      ],
    });
  });

  test('HOT parameters carry a constraints list, each with its description', () => {
    const t = parseTemplate(
      hot(
        '2018-03-02',
        'parameters:\n  p:\n    type: number\n    hidden: true\n    immutable: false\n    tags: [a]\n    constraints:\n      - range: {min: 1, max: 9}\n        description: small\n      - modulo: {step: 2, offset: 1}\n',
      ),
    ).template as Template;
    expect(t.parameters.p).toEqual({
      type: 'number',
      hidden: true,
      immutable: false,
      tags: ['a'],
      constraints: [
        { kind: 'range', min: 1, max: 9, description: 'small' },
        { kind: 'modulo', step: 2, offset: 1 },
      ],
    });
  });

  test('parameter mistakes: missing type, unknown type, unknown key, a key of a newer version', () => {
    expect(
      messages(
        hot(
          '2016-10-14',
          'parameters:\n  a: {}\n  b: {type: String}\n  c: {type: string, Default: 1}\n  d: {type: string, tags: [x]}\n',
        ),
      ),
    ).toEqual([
      'parameters.a: Missing parameter type for parameter: a',
      'parameters.b.type: Invalid type (String): one of string, number, comma_delimited_list, json, boolean',
      "parameters.c.Default: Invalid key 'Default' for parameter (c)",
      "parameters.d.tags: Invalid key 'tags' for parameter (d) (parameter tags need heat_template_version 2018-03-02 or newer)",
    ]);
  });

  test('resource mistakes: missing type, an unknown key (an error in HOT, a warning in CFN), a bad deletion policy', () => {
    expect(
      messages(
        hot(
          '2021-04-16',
          'resources:\n  a: {properties: {}}\n  b: {type: T, Properties: {}}\n  c: {type: T, deletion_policy: Keep}\n',
        ),
      ),
    ).toEqual([
      'resources.a: Resource a is missing "type"',
      'resources.b.Properties: "Properties" is not a valid keyword inside a resource definition',
      'resources.c.deletion_policy: Invalid deletion policy "Keep": one of Delete, Retain, Snapshot, delete, retain, snapshot',
    ]);
    expect(
      messages("HeatTemplateFormatVersion: '2012-12-12'\nResources:\n  a: {Type: T, Foo: 1}\n", 'warning'),
    ).toEqual(['Resources.a.Foo: "Foo" is not a resource key Heat knows; it is ignored']);
  });

  test('depends_on takes a name or a list of names', () => {
    const t = parseTemplate(
      hot('2021-04-16', 'resources:\n  a: {type: T, depends_on: b}\n  b: {type: T, depends_on: [a]}\n'),
    ).template as Template;
    expect([t.resources.a?.dependsOn, t.resources.b?.dependsOn]).toEqual([['b'], ['a']]);
    expect(messages(hot('2021-04-16', 'resources:\n  a: {type: T, depends_on: [1]}\n'))).toEqual([
      'resources.a.depends_on: Resource a depends_on must be a list of strings',
    ]);
  });

  test('an output needs a value', () => {
    expect(messages(hot('2021-04-16', 'outputs:\n  o: {description: x}\n'))).toEqual([
      'outputs.o: Each output definition must contain a value key.',
    ]);
  });

  test('every diagnostic carries the line and column of its path', () => {
    const result = parseTemplate(hot('2021-04-16', 'resources:\n  a:\n    type: T\n    bogus: 1\n'));
    expect(result.diagnostics[0]?.position).toEqual({ line: 5, column: 5 });
  });
});

describe('parseTemplate: Heat’s smaller rules', () => {
  test('a resource name may not contain "/"', () => {
    expect(messages(hot('2021-04-16', 'resources:\n  a/b: {type: T}\n'))).toEqual([
      'resources.a/b: Resource name may not contain "/"',
    ]);
  });

  test('parameter groups: parameters are required and a list; other keys are ignored (a warning)', () => {
    const text = hot(
      '2021-04-16',
      'parameters: {p: {type: string}}\nparameter_groups:\n  - {label: g}\n  - {parameters: p}\n  - {parameters: [p], extra: 1}\n',
    );
    expect(messages(text)).toEqual([
      'parameter_groups[0]: The parameters must be provided for each parameter group.',
      'parameter_groups[1].parameters: The parameters of parameter group should be a list.',
    ]);
    expect(messages(text, 'warning')).toEqual([
      'parameter_groups[2].extra: "extra" is not a parameter group key Heat knows; it is ignored',
    ]);
  });
});
