import { type App, call, DockerContainer, Fn, Output } from 'heatstack';
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

describe('the template version', () => {
  test('a HOT stack using select gets a version that has it; one without keeps the newest', () => {
    const stack = functionsStack();
    const app = stack.node.root as App;
    expect(app.synth({ dialect: 'hot' })[0]!.template.version).toEqual({ dialect: 'hot', value: '2013-05-23' });
    const plain = Testing.stack();
    new DockerContainer(plain, 'Db', { image: 'x' });
    expect((plain.node.root as App).synth({ dialect: 'hot' })[0]!.template.version).toEqual({
      dialect: 'hot',
      value: '2021-04-16',
    });
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
