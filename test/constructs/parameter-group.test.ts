import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, output, Parameter, ParameterGroup, parameter, Stack } from 'heatstack';
import { Testing } from 'heatstack/testing';
import { describe, expect, test } from 'vitest';
import { synthesizeToFiles } from '../../src/synth/stream.js';

describe('ParameterGroup', () => {
  test("a stack's groups are its parameter_groups, in creation order, parameters named by their logical ids", () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const user = new Parameter(stack, 'DbUser', { default: 'admin' });
    const password = new Parameter(stack, 'DbPassword', { hidden: true });
    password.overrideLogicalId('db_password');
    new Parameter(stack, 'Port', { type: 'number', default: 80 });
    // WHEN
    new ParameterGroup(stack, 'Database', {
      label: 'Database',
      description: 'Where posts are kept',
      parameters: [user, password],
    });
    new ParameterGroup(stack, 'Rest', { parameters: ['Port'] });
    // THEN
    expect(Testing.synth(stack, { dialect: 'hot' })).toContain(`parameter_groups:
  - label: Database
    description: Where posts are kept
    parameters: [DbUser, db_password]
  - parameters: [Port]
`);
  });

  test('names the members of a decorated stack by their logical ids', () => {
    class Blog extends Stack {
      @parameter({ type: 'string' }) dbUser!: string;
      @parameter({ type: 'string', hidden: true }) dbPassword!: string;
      constructor(scope: App, id: string) {
        super(scope, id);
        new ParameterGroup(this, 'Database', { parameters: ['DbUser', 'DbPassword'] });
      }
      @output() get user() {
        return this.dbUser;
      }
    }
    const stack = new Blog(new App(), 'Blog');
    expect(Testing.synth(stack, { dialect: 'hot' })).toContain(
      'parameter_groups:\n  - parameters: [DbUser, DbPassword]\n',
    );
  });

  test('a name that is no parameter, or a parameter in two groups, is a synth error naming the group', () => {
    const stack = new Stack(new App(), 'S');
    const port = new Parameter(stack, 'Port', { type: 'number', default: 80 });
    new ParameterGroup(stack, 'One', { parameters: [port, 'Nope'] });
    new ParameterGroup(stack, 'Two', { parameters: [port] });
    expect(() => Testing.synth(stack, { dialect: 'hot' })).toThrow(
      /S\/One \(created at test\/constructs\/parameter-group\.test\.ts:\d+:\d+\): the grouped parameter 'Nope' is no parameter of the stack\n.*S\/Two .*: the parameter 'Port' is in another group too \(S\/One\)/,
    );
  });

  test('CFN has no parameter groups: a CFN synth says so', () => {
    const stack = new Stack(new App(), 'S');
    new ParameterGroup(stack, 'One', { parameters: [new Parameter(stack, 'Port', { default: '80' })] });
    expect(() => Testing.synth(stack, { dialect: 'cfn' })).toThrow(/CFN templates have no parameter groups/);
  });

  test('a label that holds a token is refused where it is created', () => {
    const stack = new Stack(new App(), 'S');
    const name = new Parameter(stack, 'Name');
    expect(() => new ParameterGroup(stack, 'One', { label: name.valueAsString, parameters: [name] })).toThrow(
      /S\/One: the label '.*' holds a token/,
    );
  });

  test('heatstack synth writes the groups too (the streamed writer), as Testing.synth does', () => {
    const build = () => {
      const app = new App();
      const stack = new Stack(app, 'S');
      new ParameterGroup(stack, 'One', {
        label: 'Ports',
        parameters: [new Parameter(stack, 'Port', { default: '80' })],
      });
      return { app, stack };
    };
    const dir = mkdtempSync(join(tmpdir(), 'heatstack-groups-'));
    try {
      synthesizeToFiles(build().app, dir, { dialect: 'hot', format: 'yaml', version: 'auto' });
      const written = readFileSync(join(dir, 'S.template.yaml'), 'utf8');
      expect(written).toBe(Testing.synth(build().stack, { dialect: 'hot' }));
      expect(written).toContain('parameter_groups:\n  - label: Ports\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
