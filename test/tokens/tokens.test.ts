import { App, DockerContainer, Fn, Lazy, Output, Parameter, Stack, Token, TokenError } from 'heatstack';
import { call } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import type { ResolveContext } from '../../src/tokens/resolvable.js';
import { resolveValue } from '../../src/tokens/resolve.js';

const ctx: ResolveContext = { dialect: 'cfn', stack: {}, referrer: {}, referrerPath: 'Test/Value', section: 'outputs' };
const resolve = (v: unknown) => resolveValue(v, ctx, 'Value');

/** A stack with a database container, and the synthesized Blog properties / outputs. */
function stackWithDb() {
  const app = new App();
  const stack = new Stack(app, 'S');
  const db = new DockerContainer(stack, 'Database', { image: 'mysql' });
  const synth = () => app.synth()[0]!.template;
  return { app, stack, db, synth };
}

describe('string tokens', () => {
  test('a token inside a template literal becomes a join of the literal parts and the attribute', () => {
    // GIVEN
    const { stack, db, synth } = stackWithDb();
    // WHEN
    new DockerContainer(stack, 'Blog', { image: 'wp', env: [`DB_HOSTNAME=${db.networkIp}`] });
    // THEN
    expect(synth().resources.Blog!.properties.Env).toEqual([
      call('join', '', ['DB_HOSTNAME=', call('get_attr', 'Database', 'NetworkIp')]),
    ]);
  });

  test('a string that is only a token becomes the function itself, not a join', () => {
    const { stack, db, synth } = stackWithDb();
    new DockerContainer(stack, 'Blog', { image: 'wp', hostname: db.networkIp });
    expect(synth().resources.Blog!.properties.Hostname).toEqual(call('get_attr', 'Database', 'NetworkIp'));
  });

  test('several tokens and literals in one string keep their order, adjacent literals merged', () => {
    const { stack, db, synth } = stackWithDb();
    new Output(stack, 'Url', { value: `http://${db.networkIp}:${db.networkTcpPorts}/`.concat('x') });
    expect(synth().outputs.Url!.value).toEqual(
      call('join', '', [
        'http://',
        call('get_attr', 'Database', 'NetworkIp'),
        ':',
        call('get_attr', 'Database', 'NetworkTcpPorts'),
        '/x',
      ]),
    );
  });

  test('the same attribute read twice is the same token', () => {
    const { db } = stackWithDb();
    expect(db.networkIp).toBe(db.networkIp);
    expect(db.networkIp).toMatch(/^\$\{Token\[Database\.network_ip\.\d+\]\}$/);
  });

  test('a token as a list element stays an element', () => {
    const { stack, db, synth } = stackWithDb();
    new DockerContainer(stack, 'Blog', { image: 'wp', dns: ['8.8.8.8', db.networkIp] });
    expect(synth().resources.Blog!.properties.Dns).toEqual(['8.8.8.8', call('get_attr', 'Database', 'NetworkIp')]);
  });

  test('a resource id is get_resource', () => {
    const { stack, db, synth } = stackWithDb();
    new Output(stack, 'Id', { value: db.containerId });
    expect(synth().outputs.Id!.value).toEqual(call('get_resource', 'Database'));
  });

  test('a token from a string joined with a list token in a string is refused', () => {
    const { stack } = stackWithDb();
    const p = new Parameter(stack, 'Servers', { type: 'comma_delimited_list' });
    expect(() => resolve(`servers: ${p.valueAsList}`)).toThrow(/a list token was put inside the string .*Fn\.join/);
  });
});

describe('list and number tokens', () => {
  test('a list token stands for the whole list', () => {
    const { app, stack } = stackWithDb();
    const servers = new Parameter(stack, 'DnsServers', { type: 'comma_delimited_list', default: '8.8.8.8' });
    new DockerContainer(stack, 'Blog', { image: 'wp', dns: servers.valueAsList });
    expect(app.synth()[0]!.template.resources.Blog!.properties.Dns).toEqual(call('get_param', 'DnsServers'));
  });

  test('a number token goes where a number goes', () => {
    const { app, stack } = stackWithDb();
    const memory = new Parameter(stack, 'Memory', { type: 'number', default: 0 });
    new DockerContainer(stack, 'Blog', { image: 'wp', memory: memory.valueAsNumber });
    expect(typeof memory.valueAsNumber).toBe('number');
    expect(app.synth()[0]!.template.resources.Blog!.properties.Memory).toEqual(call('get_param', 'Memory'));
  });

  test('a number token in a template literal is found again, and written through replace (Heat joins only strings)', () => {
    const { app, stack } = stackWithDb();
    const port = new Parameter(stack, 'Port', { type: 'number', default: 80 });
    new Output(stack, 'Listen', { value: `0.0.0.0:${port.valueAsNumber}` });
    expect(app.synth()[0]!.template.outputs.Listen!.value).toEqual(
      call('replace', { '%Port%': call('get_param', 'Port') }, '0.0.0.0:%Port%'),
    );
  });
});

describe('Lazy', () => {
  test('a lazy string is computed at synth, after later constructs were added', () => {
    const { app, stack } = stackWithDb();
    new Output(stack, 'Count', { value: Lazy.string({ produce: () => `${stack._elements.length} elements` }) });
    new DockerContainer(stack, 'Later', { image: 'x' });
    expect(app.synth()[0]!.template.outputs.Count!.value).toBe('3 elements');
  });

  test('a lazy value may itself return tokens', () => {
    const { app, stack, db } = stackWithDb();
    new Output(stack, 'Ip', { value: Lazy.string({ produce: () => `ip=${db.networkIp}` }) });
    expect(app.synth()[0]!.template.outputs.Ip!.value).toEqual(
      call('join', '', ['ip=', call('get_attr', 'Database', 'NetworkIp')]),
    );
  });

  test('the producer runs for each place the value is written, with that place in its context', () => {
    const { app, stack } = stackWithDb();
    const places: string[] = [];
    const value = Lazy.string({
      produce: (ctx) => {
        places.push(ctx.referrerPath);
        return 'x';
      },
    });
    new Output(stack, 'One', { value });
    new Output(stack, 'Two', { value: `${value}-${value}` });
    app.synth();
    expect(places).toEqual(['S/One', 'S/Two', 'S/Two']);
  });

  test('lazy numbers, lists and any values resolve in their places', () => {
    expect(resolve(Lazy.number({ produce: () => 42 }))).toBe(42);
    expect(resolve(Lazy.list({ produce: () => ['a', 'b'] }))).toEqual(['a', 'b']);
    expect(resolve({ m: Lazy.any({ produce: () => ({ k: true }) }) })).toEqual({ m: { k: true } });
  });
});

describe('Fn', () => {
  test('functions of known values are computed at once', () => {
    expect(Fn.join(',', ['a', 'b'])).toBe('a,b');
    expect(Fn.select(1, ['a', 'b'])).toBe('b');
    expect(Fn.split(',', 'a,b')).toEqual(['a', 'b']);
  });

  test('Fn.select of a known list indexes as Heat does: negative from the end, out of range gives an empty string', () => {
    expect(Fn.select(-1, ['a', 'b'])).toBe('b');
    expect(Fn.select(-3, ['a', 'b'])).toBe('');
    expect(Fn.select(2, ['a', 'b'])).toBe('');
  });

  test("Fn.getFile and Fn.getAzs stay functions even of literals: Heat's client and the cloud give their values", () => {
    expect(resolve(Fn.getFile('fragments/boot.sh'))).toEqual(call('get_file', 'fragments/boot.sh'));
    expect(resolve(Fn.getAzs(''))).toEqual(call('get_azs', ''));
    expect(resolve(Fn.replace({ $script: Fn.getFile('a.sh') }, 'run $script'))).toEqual(
      call('replace', { $script: call('get_file', 'a.sh') }, 'run $script'),
    );
  });

  test('Fn.base64 of a known value gives what Heat gives at deploy: the value unchanged (Heat never encoded it)', () => {
    expect(Fn.base64('hi')).toBe('hi');
  });

  test('functions of tokens become calls, whatever the nesting', () => {
    const { db } = stackWithDb();
    const ip = db.networkIp;
    const ctxDb: ResolveContext = { ...ctx, stack: db.stack };
    const r = (v: unknown) => resolveValue(v, ctxDb, 'Value');
    const attr = call('get_attr', 'Database', 'NetworkIp');
    expect(r(Fn.join(',', ['a', ip]))).toEqual(call('join', ',', ['a', attr]));
    expect(r(Fn.select(0, Fn.split('.', ip)))).toEqual(call('select', 0, call('split', '.', attr)));
    expect(r(Fn.replace({ $ip: ip }, 'host $ip'))).toEqual(call('replace', { $ip: attr }, 'host $ip'));
    expect(r(Fn.base64(`x${ip}`))).toEqual(call('base64', call('join', '', ['x', attr])));
    expect(r(`[${Fn.join(',', ['a', ip])}]`)).toEqual(call('join', '', ['[', call('join', ',', ['a', attr]), ']']));
  });
});

describe('tokens used where they cannot stand', () => {
  test('a token changed by a string operation is reported with the value and a fix', () => {
    const { db } = stackWithDb();
    expect(() => resolve(`HOST=${db.networkIp}`.toUpperCase())).toThrow(TokenError);
    expect(() => resolve(`HOST=${db.networkIp}`.toLowerCase())).toThrow(/changed by a string operation.*Fn/);
  });

  test('a token that went through new URL() is reported, not written as text', () => {
    const { db } = stackWithDb();
    const url = new URL(`http://example.com/${db.networkIp}`).toString();
    expect(() => resolve(url)).toThrow(/Test\/Value \(Value\).*changed by a string operation/);
  });

  test('a token string of another process is reported as unknown', () => {
    const foreign = ['$', '{Token[Foo.Bar.4294967000]}'].join('');
    expect(() => resolve(foreign)).toThrow(/is not a token of this app/);
  });

  test('objects that are not plain data are refused', () => {
    expect(() => resolve({ when: new Date(0) })).toThrow(
      /Test\/Value \(Value\.when\): a Date cannot go into a template/,
    );
  });
});

describe('Token.isUnresolved', () => {
  test('tells tokens of each kind from ordinary values', () => {
    const { stack, db } = stackWithDb();
    const p = new Parameter(stack, 'P', { type: 'number' });
    expect(Token.isUnresolved(`a${db.networkIp}`)).toBe(true);
    expect(Token.isUnresolved(p.valueAsNumber)).toBe(true);
    expect(Token.isUnresolved(p.valueAsList)).toBe(true);
    expect(Token.isUnresolved(db.info)).toBe(true);
    expect(Token.isUnresolved('Token[x]')).toBe(false);
    expect(Token.isUnresolved(-1.8e289)).toBe(false);
    expect(Token.isUnresolved(42)).toBe(false);
  });
});

describe('strings that must be known at synth', () => {
  test('a token in an id, a description or a label is refused, naming the place', () => {
    const { stack, db } = stackWithDb();
    expect(() => new DockerContainer(stack, db.networkIp, { image: 'x' })).toThrow(
      /the id of S\/\$\{Token\[Database\.network_ip\.\d+\]\}: '.*' holds a token/,
    );
    expect(() => new Stack(new App(), 'T', { description: `ip ${db.networkIp}` })).toThrow(
      /T: the description 'ip .*' holds a token/,
    );
    const { app, stack: s2, db: db2 } = stackWithDb();
    new Output(s2, 'O', { value: 'x', description: db2.logsHead });
    new Parameter(s2, 'P', { label: db2.logsTail });
    expect(() => app.synth()).toThrow(
      /S\/O .*: the description .* holds a token[\s\S]*S\/P .*: the label .* holds a token/,
    );
  });
});

describe('model calls from Lazy values', () => {
  test('tokens inside a call a Lazy value returns are resolved too', () => {
    const { app, stack, db } = stackWithDb();
    new Output(stack, 'Raw', { value: Lazy.any({ produce: () => call('join', '-', [db.networkIp, 'x']) }) });
    expect(app.synth()[0]!.template.outputs.Raw!.value).toEqual(
      call('join', '-', [call('get_attr', 'Database', 'NetworkIp'), 'x']),
    );
  });
});
