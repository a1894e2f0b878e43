import { type App, DockerContainer, Fn, Output, type Stack } from 'heatstack';
import { call } from 'heatstack/template';
import { Template, Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';

function functionsStack() {
  const stack = Testing.stack('Fns');
  const db = new DockerContainer(stack, 'Db', { image: 'x' });
  new Output(stack, 'First', { value: Fn.select(0, Fn.split('.', db.networkIp)) });
  new Output(stack, 'B64', { value: Fn.base64(db.logsHead) });
  new Output(stack, 'Rep', { value: Fn.replace({ '%ip%': db.networkIp }, 'ip=%ip%') });
  new Output(stack, 'Joined', { value: Fn.join(',', [db.networkIp, db.networkTcpPorts]) });
  return stack;
}

describe('Fn in both dialects', () => {
  test('cfn spells them Fn::Select, Fn::Split, Fn::Base64, Fn::Replace, Fn::Join', () => {
    const t = Template.fromStack(functionsStack());
    t.hasOutput('First', {
      Value: { 'Fn::Select': [0, { 'Fn::Split': ['.', { 'Fn::GetAtt': ['Db', 'NetworkIp'] }] }] },
    });
    t.hasOutput('B64', { Value: { 'Fn::Base64': { 'Fn::GetAtt': ['Db', 'LogsHead'] } } });
    t.hasOutput('Rep', { Value: { 'Fn::Replace': [{ '%ip%': { 'Fn::GetAtt': ['Db', 'NetworkIp'] } }, 'ip=%ip%'] } });
    t.hasOutput('Joined', {
      Value: {
        'Fn::Join': [',', [{ 'Fn::GetAtt': ['Db', 'NetworkIp'] }, { 'Fn::GetAtt': ['Db', 'NetworkTcpPorts'] }]],
      },
    });
  });

  test('hot writes a version that has every function used, and the HOT spellings', () => {
    const json = Template.fromStack(functionsStack(), { dialect: 'hot' }).toJSON();
    expect(Object.keys(json)[0]).toBe('heat_template_version');
    const t = Template.fromStack(functionsStack(), { dialect: 'hot' });
    t.hasOutput('Rep', {
      value: { str_replace: { template: 'ip=%ip%', params: { '%ip%': { get_attr: ['Db', 'network_ip'] } } } },
    });
    t.hasOutput('Joined', {
      value: { list_join: [',', [{ get_attr: ['Db', 'network_ip'] }, { get_attr: ['Db', 'network_tcp_ports'] }]] },
    });
  });

  test('snapshots in both dialects', () => {
    expect(Testing.synth(functionsStack())).toMatchSnapshot();
    expect(Testing.synth(functionsStack(), { dialect: 'hot' })).toMatchSnapshot();
  });
});

/** The HOT version the stack's app synthesizes it in. */
function hotVersionOf(stack: Stack): string {
  return (stack.node.root as App).synth({ dialect: 'hot' })[0]!.template.version.value;
}

describe('the template version', () => {
  test('a HOT stack using select, split and base64 gets the newest version: each has an exact HOT form', () => {
    expect(hotVersionOf(functionsStack())).toBe('2021-04-16');
    const plain = Testing.stack();
    new DockerContainer(plain, 'Db', { image: 'x' });
    expect(hotVersionOf(plain)).toBe('2021-04-16');
  });

  test('Fn.select(1, Fn.split(…)) beside Fn.digest synthesizes in HOT, the split padded so index 1 is in range', () => {
    const stack = Testing.stack('Ports');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Output(stack, 'Second', { value: Fn.select(1, Fn.split(',', db.networkTcpPorts)) });
    new Output(stack, 'Hash', { value: Fn.digest('sha256', db.logsHead) });
    const t = Template.fromStack(stack, { dialect: 'hot' });
    expect(Object.values(t.toJSON())[0]).toBe('2021-04-16');
    const ports = { str_replace: { template: { get_attr: ['Db', 'network_tcp_ports'] }, params: {} } };
    t.hasOutput('Second', { value: { str_split: [',', { list_join: ['', [ports, ',']] }, 1] } });
    t.hasOutput('Hash', { value: { digest: ['sha256', { get_attr: ['Db', 'logs_head'] }] } });
  });

  test('a selection with no exact HOT form keeps Fn::Select, in a version that has it', () => {
    const stack = Testing.stack('Old');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Output(stack, 'Third', { value: Fn.select(2, Fn.split('--', db.networkIp)) });
    expect(hotVersionOf(stack)).toBe('2013-05-23');
  });

  test('what no version of the dialect can hold is a problem of the construct holding it, with what to do instead', () => {
    const stack = Testing.stack('Digest');
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new DockerContainer(stack, 'Web', { image: 'x', env: [Fn.digest('md5', db.logsHead)] });
    expect(() => (stack.node.root as App).synth({ dialect: 'cfn' })).toThrow(
      /^Digest\/Web: no cfn template version can express this stack: the function digest cannot be expressed here \(CFN has no such function;.*write HOT \(--dialect hot\) \(at Resources\.Web\.Properties\.Env\[0\]\)$/s,
    );
    const both = Testing.stack('Both');
    const a = new DockerContainer(both, 'A', { image: 'x' });
    new Output(both, 'Third', { value: Fn.select(2, Fn.split('--', a.networkIp)) });
    new Output(both, 'Lists', { value: Fn.join(',', Fn.listConcat([a.networkIp], [a.networkGateway])) });
    expect(() => (both.node.root as App).synth({ dialect: 'hot' })).toThrow(
      /Both\/Third \(created at [^)]*\): no hot template version can express this stack: the function select .*the delimiter "--" overlaps itself/,
    );
  });
});

describe('the version of a stack using only references and joins', () => {
  test('is the newest of its dialect, even when the user writes model calls', () => {
    const stack = Testing.stack();
    const db = new DockerContainer(stack, 'Db', { image: 'x' });
    new Output(stack, 'Raw', { value: call('join', '-', [call('get_attr', 'Db', 'network_ip'), db.networkTcpPorts]) });
    expect((stack.node.root as App).synth({ dialect: 'hot' })[0]!.template.version).toEqual({
      dialect: 'hot',
      value: '2021-04-16',
    });
  });
});
