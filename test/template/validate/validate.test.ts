import { describe, expect, test } from 'vitest';
import { call, type Expr, emptyTemplate, type ResourceDef, type Template } from '../../../src/template/model.js';
import { validateTemplate } from '../../../src/template/validate/index.js';

const res = (type: string, properties: ResourceDef['properties'], extra: Partial<ResourceDef> = {}): ResourceDef => ({
  type,
  properties,
  dependsOn: [],
  ...extra,
});

/** The seed's template, as the model holds it. */
function seed(): Template {
  const att = (r: string, a: string) => call('get_attr', r, a);
  return {
    ...emptyTemplate('cfn'),
    resources: {
      Blog: res('OS::Heat::Docker', {
        Image: 'samalba/wordpress',
        Env: [
          call('join', '=', ['DB_HOSTNAME', att('Database', 'NetworkIp')]),
          call('join', '=', ['DB_PORT', att('Database', 'NetworkTcpPorts')]),
          call('join', '=', ['DB_PASSWORD', att('Database', 'LogsHead')]),
        ],
      }),
      Database: res('OS::Heat::Docker', { Image: 'samalba/mysql' }),
    },
    outputs: {
      BlogURL: {
        value: call('join', '', ['http://', att('Blog', 'NetworkIp'), ':', att('Blog', 'NetworkTcpPorts'), '/']),
        description: 'Blog URL',
      },
    },
  };
}

function hot(extra: Partial<Template>): Template {
  return { ...emptyTemplate('hot'), ...extra };
}

const errors = (t: Template, options = {}) =>
  validateTemplate(t, options)
    .filter((d) => d.severity === 'error')
    .map((d) => ({ path: d.path, message: d.message }));

describe('validateTemplate', () => {
  test('the seed template is valid', () => {
    expect(validateTemplate(seed())).toEqual([]);
  });

  test('an unknown attribute is reported in the type’s own spelling, with a suggestion', () => {
    const t = seed();
    const blog = t.resources.Blog as ResourceDef;
    const env = blog.properties.Env as readonly Expr[];
    const broken: Template = {
      ...t,
      resources: {
        ...t.resources,
        Blog: { ...blog, properties: { ...blog.properties, Env: [env[0], call('get_attr', 'Database', 'NetworkIP')] } },
      },
    };
    expect(errors(broken)).toEqual([
      {
        path: 'Resources.Blog.Properties.Env[1].Fn::GetAtt[1]',
        message:
          'The Referenced Attribute (Database NetworkIP) is incorrect: OS::Heat::Docker has no attribute "NetworkIP" (did you mean \'NetworkIp\'?)',
      },
    ]);
  });

  test('references to missing resources, parameters, conditions and mappings are all reported', () => {
    const t = hot({
      version: { dialect: 'hot', value: '2016-10-14' },
      parameters: { image: { type: 'string', constraints: [] } },
      resources: {
        web: res(
          'DockerInc::Docker::Container',
          {
            image: call('get_param', 'imag'),
            name: call('get_resource', 'dbb'),
            hostname: call('get_attr', 'ghost', 'network_ip'),
            user: call('if', call('condition', 'prodd'), 'a', 'b'),
          },
          { dependsOn: ['db', 'nothere'], condition: 'missing' },
        ),
        db: res('DockerInc::Docker::Container', { image: 'mysql' }),
      },
      // Used, so Heat resolves it (one nothing uses is never resolved: see the test below).
      outputs: { ip: { value: call('get_attr', 'web', 'network_ipp'), condition: 'prod' } },
      conditions: { prod: call('equals', call('get_param', 'envv'), 'prod') },
    });
    expect(errors(t)).toEqual([
      {
        path: 'conditions.prod.equals[0].get_param',
        message: 'get_param names "envv", which is not a parameter of this template',
      },
      {
        path: 'resources.web.depends_on[1]',
        message: 'web depends on "nothere", which is not a resource of this template',
      },
      {
        path: 'resources.web.properties.image.get_param',
        message: 'get_param names "imag", which is not a parameter of this template (did you mean \'image\'?)',
      },
      {
        path: 'resources.web.properties.name.get_resource',
        message: 'get_resource names "dbb", which is not a resource of this template (did you mean \'db\'?)',
      },
      {
        path: 'resources.web.properties.hostname.get_attr[0]',
        message: 'get_attr names "ghost", which is not a resource of this template',
      },
      {
        path: 'resources.web.properties.user.if[0]',
        message: 'Invalid condition "prodd" (did you mean \'prod\'?)',
      },
      { path: 'resources.web.condition', message: 'Invalid condition "missing"' },
      {
        path: 'outputs.ip.value.get_attr[1]',
        message:
          'The Referenced Attribute (web network_ipp) is incorrect: DockerInc::Docker::Container has no attribute "network_ipp" (did you mean \'network_ip\'?)',
      },
    ]);
  });

  test('pseudo parameters of the template’s dialect are known', () => {
    const t = hot({
      resources: { c: res('DockerInc::Docker::Container', { image: 'x', name: call('get_param', 'OS::stack_name') }) },
    });
    expect(errors(t)).toEqual([]);
    const wrong = hot({
      resources: { c: res('DockerInc::Docker::Container', { image: 'x', name: call('get_param', 'AWS::StackName') }) },
    });
    expect(errors(wrong).map((e) => e.path)).toEqual(['resources.c.properties.name.get_param']);
  });

  test('a DockerInc container without an image is valid for Heat: a warning only', () => {
    const t = hot({ resources: { b: res('DockerInc::Docker::Container', {}) } });
    expect(validateTemplate(t)).toEqual([
      {
        path: 'resources.b.properties.image',
        message: "Property image not assigned (Heat's plugin accepts this; heatstack cannot deploy it)",
        severity: 'warning',
      },
    ]);
  });

  test('property errors and unknown types are reported with the template path', () => {
    const t = hot({
      resources: {
        a: res('DockerInc::Docker::Container', { image: 'x', memory: 'lots', cap_add: ['NET_ADMIN', 'FLY'] }),
        b: res('DockerInc::Docker::Container', { imagee: 'x' }),
        c: res('OS::Heat::Dockr', {}),
        d: res('Acme::Cloud::Server', {}),
      },
    });
    expect(errors(t)).toEqual([
      { path: 'resources.a.properties.memory', message: "Value 'lots' is not an integer" },
      { path: 'resources.a.properties.cap_add[1]', message: expect.stringContaining('"FLY" is not an allowed value') },
      { path: 'resources.b.properties.imagee', message: "Unknown Property imagee (did you mean 'image'?)" },
      {
        path: 'resources.c.type',
        message: "The Resource Type (OS::Heat::Dockr) could not be found. Did you mean 'OS::Heat::Docker'?",
      },
      {
        path: 'resources.d.type',
        message: 'The Resource Type (Acme::Cloud::Server) could not be found.',
      },
    ]);
  });

  test('a dependency cycle is printed as a cycle', () => {
    const t = seed();
    const db = t.resources.Database as ResourceDef;
    const cyclic: Template = { ...t, resources: { ...t.resources, Database: { ...db, dependsOn: ['Blog'] } } };
    expect(errors(cyclic)).toEqual([
      { path: 'Resources.Blog', message: 'Circular Dependency Found: Blog -> Database -> Blog' },
    ]);
  });

  test('a resource that refers to itself is a cycle', () => {
    const t = hot({
      resources: { a: res('DockerInc::Docker::Container', { image: 'x', name: call('get_attr', 'a', 'network_ip') }) },
    });
    expect(errors(t)).toEqual([{ path: 'resources.a', message: 'Circular Dependency Found: a -> a' }]);
  });

  test('a 10,000-long dependency chain validates without overflowing', () => {
    const resources: Record<string, ResourceDef> = {};
    for (let i = 0; i < 10_000; i++) {
      resources[`r${i}`] = res('DockerInc::Docker::Container', {
        image: 'x',
        ...(i > 0 ? { name: call('get_attr', `r${i - 1}`, 'network_ip') } : {}),
      });
    }
    expect(errors(hot({ resources }))).toEqual([]);
  });

  test('circular and invalid condition definitions are reported', () => {
    const t = hot({
      version: { dialect: 'hot', value: '2016-10-14' },
      resources: { box: res('OS::Heat::None', {}, { condition: 'a' }) },
      conditions: {
        a: call('not', call('condition', 'b')),
        b: call('and', call('condition', 'a'), true),
        c: 'just a string',
      },
    });
    expect(errors(t)).toEqual([
      { path: 'conditions.c', message: 'The definition of condition "c" is invalid: just a string' },
      { path: 'conditions.a', message: 'Circular definition for condition "a": a -> b -> a' },
    ]);
  });

  test('a get_param name computed as a parameter with no value yet waits for the value, as Heat waits', () => {
    const t = hot({
      parameters: { image: { type: 'string', constraints: [] } },
      resources: {
        web: res('DockerInc::Docker::Container', { image: call('get_param', call('split', ',', 'image,x', 0)) }),
      },
    });
    expect(errors(t)).toEqual([]);
  });

  test('a condition nothing uses is never resolved, as in Heat: its unknown names and circles are warnings', () => {
    const t = hot({
      version: { dialect: 'hot', value: '2016-10-14' },
      conditions: {
        a: call('not', call('condition', 'b')),
        b: call('and', call('condition', 'a'), true),
        c: call('not', call('condition', 'nope')),
        d: call('equals', call('get_param', 'nope'), 1),
      },
    });
    expect(errors(t)).toEqual([]);
    expect(validateTemplate(t).filter((d) => d.severity === 'warning')).toMatchObject([
      { path: 'conditions.c.not', message: expect.stringMatching(/^Invalid condition "nope".*nothing uses it/) },
      { path: 'conditions.d.equals[0].get_param', message: expect.stringContaining('Heat never resolves "d"') },
    ]);
  });

  test('parameter definitions: constraints must fit the type, defaults must satisfy them', () => {
    const t = hot({
      parameters: {
        port: { type: 'number', default: 70000, constraints: [{ kind: 'range', min: 1, max: 65535 }] },
        name: { type: 'string', default: 'x', constraints: [{ kind: 'range', min: 1 }] },
        odd: { type: 'number', constraints: [{ kind: 'modulo', step: 2, offset: 3 }] },
        pat: { type: 'string', constraints: [{ kind: 'allowed_pattern', pattern: '([a-z' }] },
        n: { type: 'number', default: 'ten', constraints: [] },
      },
    });
    expect(errors(t)).toEqual([
      {
        path: 'parameters.port.default',
        message: 'Invalid default 70000 (70000 is out of range (min: 1, max: 65535))',
      },
      { path: 'parameters.name.constraints[0]', message: 'range constraint invalid for string' },
      { path: 'parameters.odd.constraints[0]', message: 'offset must be smaller (by absolute value) than step.' },
      { path: 'parameters.pat.constraints[0]', message: 'Invalid regular expression "([a-z"' },
      { path: 'parameters.n.default', message: 'Invalid default ten (Value "ten" is invalid for data type "number".)' },
    ]);
  });

  test('CFN parameter constraint paths name the CFN keys', () => {
    const cfn: Template = {
      ...emptyTemplate('cfn'),
      parameters: { Name: { type: 'string', default: 'abc', constraints: [{ kind: 'length', min: 5 }] } },
    };
    expect(errors(cfn)).toEqual([
      {
        path: 'Parameters.Name.Default',
        message: 'Invalid default abc (length (3) is out of range (min: 5, max: None))',
      },
    ]);
  });

  test('given values are checked against type and constraints; missing values only when required', () => {
    const t: Template = {
      ...emptyTemplate('cfn'),
      parameters: {
        DbPassword: { type: 'string', hidden: true, constraints: [{ kind: 'allowed_pattern', pattern: '[a-z]+' }] },
        Port: { type: 'number', constraints: [] },
      },
    };
    expect(errors(t)).toEqual([]);
    expect(errors(t, { parameters: { DbPassword: 'A1', Bogus: 'x' } })).toEqual([
      { path: 'Parameters.Bogus', message: 'The Parameter (Bogus) was not defined in template.' },
      {
        path: 'Parameters.DbPassword',
        message: 'Value given for DbPassword: "******" does not match pattern "[a-z]+"',
      },
    ]);
    expect(errors(t, { parameters: { DbPassword: 'abc' }, requireParameterValues: true })).toEqual([
      { path: 'Parameters.Port', message: 'The Parameter (Port) was not provided.' },
    ]);
  });

  test('parameter groups must name existing parameters, each once', () => {
    const t = hot({
      parameters: { a: { type: 'string', constraints: [] } },
      parameterGroups: [{ parameters: ['a'] }, { parameters: ['a', 'b'] }],
    });
    expect(errors(t)).toEqual([
      {
        path: 'parameter_groups[1].parameters[0]',
        message: 'The a parameter must be assigned to one parameter group only.',
      },
      {
        path: 'parameter_groups[1].parameters[1]',
        message: 'The grouped parameter b does not reference a valid parameter.',
      },
    ]);
  });

  test('a parameter and a resource of the same name are refused', () => {
    const t = seed();
    const dup: Template = { ...t, parameters: { Database: { type: 'string', constraints: [] } } };
    expect(errors(dup)).toEqual([
      { path: 'Resources.Database', message: 'Duplicate names: "Database" is both a parameter and a resource' },
    ]);
  });

  test('Fn::FindInMap names a mapping and keys that exist: an error in properties, a warning in outputs', () => {
    // Heat looks the mapping up when it resolves the value: before a create for properties, after it for outputs.
    const lookups = {
      A: call('find_in_map', 'Images', 'mysql', 'Tagg'),
      B: call('find_in_map', 'Imagez', 'mysql', 'Tag'),
      C: call('find_in_map', 'Images', 'pg', 'Tag'),
    };
    const base = seed();
    const blog = base.resources.Blog as ResourceDef;
    const inProperties: Template = {
      ...base,
      mappings: { Images: { mysql: { Tag: '5.7' } } },
      resources: {
        ...base.resources,
        Blog: { ...blog, properties: { ...blog.properties, Env: Object.values(lookups) } },
      },
    };
    const messages = [
      'Mapping "Images" has no "Tagg" under "mysql" (did you mean \'Tag\'?)',
      'Fn::FindInMap names "Imagez", which is not a mapping of this template (did you mean \'Images\'?)',
      'Mapping "Images" has no key "pg"',
    ];
    expect(errors(inProperties)).toEqual(
      expect.arrayContaining([
        { path: 'Resources.Blog.Properties.Env[0].Fn::FindInMap[2]', message: messages[0] },
        { path: 'Resources.Blog.Properties.Env[1].Fn::FindInMap[0]', message: messages[1] },
        { path: 'Resources.Blog.Properties.Env[2].Fn::FindInMap[1]', message: messages[2] },
      ]),
    );
    const inOutputs: Template = {
      ...base,
      mappings: inProperties.mappings,
      outputs: Object.fromEntries(Object.entries(lookups).map(([k, value]) => [k, { value }])),
    };
    expect(errors(inOutputs)).toEqual([]);
    const warned = validateTemplate(inOutputs).filter((d) => d.severity === 'warning');
    expect(warned.map((d) => [d.path, d.message])).toEqual([
      [
        'Outputs.A.Value',
        'Fn::FindInMap: mapping "Images" has no "Tagg" under "mysql" (the output will show this error)',
      ],
      ['Outputs.B.Value', 'Fn::FindInMap: no mapping named "Imagez" (the output will show this error)'],
      ['Outputs.C.Value', 'Fn::FindInMap: mapping "Images" has no key "pg" (the output will show this error)'],
    ]);
  });

  test('positions come from the nearest enclosing path the source knows', () => {
    const t = seed();
    const blog = t.resources.Blog as ResourceDef;
    const broken: Template = {
      ...t,
      resources: { ...t.resources, Blog: { ...blog, properties: { ...blog.properties, Memory: 'x' } } },
    };
    const positions: Record<string, { line: number; column: number }> = {
      'Resources.Blog.Properties': { line: 10, column: 9 },
    };
    const [d] = validateTemplate(broken, { positionOf: (p) => positions[p] });
    expect(d).toEqual({
      path: 'Resources.Blog.Properties.Memory',
      message: "Value 'x' is not an integer",
      severity: 'error',
      position: { line: 10, column: 9 },
    });
  });

  test('yaql and get_file are warnings: valid for Heat, but a heatstack deploy cannot run them', () => {
    const t = hot({
      version: { dialect: 'hot', value: '2016-10-14' },
      outputs: { a: { value: call('yaql', { expression: '1' }) }, b: { value: call('get_file', 'x.sh') } },
    });
    const ds = validateTemplate(t);
    expect(ds.map((d) => [d.severity, d.path])).toEqual([
      ['warning', 'outputs.a.value.yaql'],
      ['warning', 'outputs.b.value.get_file'],
    ]);
  });
});

describe('properties resolved as Heat resolves them before a create', () => {
  const template = (props: Record<string, unknown>, parameters: Template['parameters'] = {}) =>
    hot({
      version: { dialect: 'hot', value: '2018-08-31' },
      parameters,
      resources: { c: res('DockerInc::Docker::Container', { image: 'x', ...(props as ResourceDef['properties']) }) },
    });

  test('a parameter’s default that does not fit the property type is reported at the property', () => {
    const t = template(
      { memory: call('get_param', 'size') },
      { size: { type: 'string', default: 'big', constraints: [] } },
    );
    expect(errors(t)).toEqual([
      {
        path: 'resources.c.properties.memory',
        message: "Value 'big' is not an integer (the value once its functions are resolved)",
      },
    ]);
  });

  test('a given value is used instead of the default', () => {
    const t = template(
      { memory: call('get_param', 'size') },
      { size: { type: 'string', default: '64', constraints: [] } },
    );
    expect(errors(t)).toEqual([]);
    expect(errors(t, { parameters: { size: 'huge' } })).toEqual([
      {
        path: 'resources.c.properties.memory',
        message: "Value 'huge' is not an integer (the value once its functions are resolved)",
      },
    ]);
  });

  test('a function that fails in Heat fails here: joining a number', () => {
    const t = template(
      { port_specs: [call('join', '/', [call('get_param', 'port'), 'tcp'])] },
      { port: { type: 'number', default: 80, constraints: [] } },
    );
    expect(errors(t)).toEqual([
      {
        path: 'resources.c.properties.port_specs',
        message: 'list_join: Items to join must be string, map or list not 80',
      },
    ]);
  });

  test('values that need a resource, or a parameter without a value, are left for deploy', () => {
    const t = template(
      { memory: call('get_param', 'size'), hostname: call('get_attr', 'c2', 'network_ip') },
      { size: { type: 'number', constraints: [] } },
    );
    const withC2: Template = {
      ...t,
      resources: { ...t.resources, c2: res('DockerInc::Docker::Container', { image: 'y' }) },
    };
    expect(errors(withC2)).toEqual([]);
  });
});

describe('references to resources their condition leaves out', () => {
  const template = (outputs: Template['outputs'], given = 'dev') =>
    hot({
      version: { dialect: 'hot', value: '2018-08-31' },
      parameters: { env: { type: 'string', default: given, constraints: [] } },
      conditions: { prod: call('equals', call('get_param', 'env'), 'prod') },
      resources: {
        cache: res('DockerInc::Docker::Container', { image: 'redis' }, { condition: 'prod' }),
        web: res('DockerInc::Docker::Container', { image: 'nginx' }, { dependsOn: ['cache'] }),
      },
      outputs,
    });

  test('an output without the condition may not read a left-out resource', () => {
    const t = template({ ip: { value: call('get_attr', 'cache', 'network_ip') } });
    expect(errors(t)).toEqual([
      {
        path: 'outputs.ip.value.get_attr[0]',
        message:
          '"cache" is not in the stack: its condition "prod" is false with the parameters\' values; give the referring resource or output the same condition, or guard the reference with if',
      },
    ]);
  });

  test('the same condition, an if guard, or a true condition make it valid; depends_on is allowed', () => {
    expect(errors(template({ ip: { value: call('get_attr', 'cache', 'network_ip'), condition: 'prod' } }))).toEqual([]);
    expect(
      errors(
        template({ ip: { value: call('if', call('condition', 'prod'), call('get_attr', 'cache', 'network_ip'), '') } }),
      ),
    ).toEqual([]);
    expect(errors(template({ ip: { value: call('get_attr', 'cache', 'network_ip') } }, 'prod'))).toEqual([]);
  });

  test('given values decide the condition', () => {
    const t = template({ ip: { value: call('get_resource', 'cache') } }, 'prod');
    expect(errors(t, { parameters: { env: 'dev' } }).map((e) => e.path)).toEqual(['outputs.ip.value.get_resource']);
  });
});

describe('outputs resolved ahead', () => {
  test('an output Heat cannot resolve (a join of a number) is a warning: the stack is created, the output shows the error', () => {
    const t: Template = {
      ...seed(),
      parameters: { HostPort: { type: 'number', default: 8080, constraints: [] } },
      outputs: { SiteURL: { value: call('join', '', ['http://127.0.0.1:', call('get_param', 'HostPort'), '/']) } },
    };
    expect(validateTemplate(t)).toEqual([
      {
        path: 'Outputs.SiteURL.Value',
        message: 'Fn::Join: Items to join must be strings not 8080 (the output will show this error)',
        severity: 'warning',
      },
    ]);
  });
});

describe('resource policies', () => {
  test('a Docker container has no update policy and cannot be snapshotted, as in Heat', () => {
    const t = hot({
      version: { dialect: 'hot', value: '2018-08-31' },
      resources: {
        a: res(
          'DockerInc::Docker::Container',
          { image: 'x' },
          { updatePolicy: { pause_time: 1 }, deletionPolicy: 'snapshot' },
        ),
        b: res('DockerInc::Docker::Container', { image: 'x' }, { updatePolicy: {}, deletionPolicy: 'retain' }),
      },
    });
    expect(errors(t)).toEqual([
      { path: 'resources.a.update_policy.pause_time', message: 'Unknown Property pause_time' },
      { path: 'resources.a.deletion_policy', message: '"Snapshot" deletion policy not supported' },
    ]);
  });
});

test('values nested 100,000 deep are reported, not a crash', () => {
  let deep: Expr = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const t = hot({
    version: { dialect: 'hot', value: '2018-08-31' },
    parameters: { p: { type: 'string', default: deep, constraints: [{ kind: 'allowed_values', values: ['a'] }] } },
    conditions: { c: deep },
    resources: { a: res('DockerInc::Docker::Container', { image: 'x', env: [deep], hostname: deep, links: deep }) },
    outputs: { o: { value: call('join', '', [deep]) } },
  });
  const ds = validateTemplate(t);
  expect(ds.length).toBeGreaterThan(0);
  for (const d of ds) expect(d.message.length).toBeLessThan(10_000_000);
});
