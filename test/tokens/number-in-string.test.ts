import { App, DockerContainer, Fn, Output, Parameter, Stack } from 'heatstack';
import { synthesize } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import site from '../../examples/site.js';
import { evaluate } from '../../src/template/evaluate/index.js';
import type { Template } from '../../src/template/model.js';
import { resolveParameters } from '../../src/template/parameter-values.js';

/** An output's value as Heat would resolve it, for the given parameter values (as strings, as on a command line). */
function outputValue(template: Template, output: string, given: Record<string, string>): unknown {
  const parameters = resolveParameters(template, given, { stackName: 'S', stackId: 'S-1' });
  return evaluate(template.outputs[output]!.value, {
    template,
    parameters,
    resourceId: (name) => `${name}-id`,
    attribute: (resource, attribute) => `${resource}.${attribute}`,
  });
}

function stackWith(build: (stack: Stack, port: Parameter) => void): App {
  const app = new App();
  const stack = new Stack(app, 'S');
  build(stack, new Parameter(stack, 'Port', { type: 'number', default: 8080 }));
  return app;
}

describe('a number parameter inside a string', () => {
  for (const dialect of ['cfn', 'hot'] as const) {
    test(`examples/site.ts's SiteURL resolves to a string with the number in it (${dialect})`, () => {
      // GIVEN the site example, whose URL output holds the Number parameter HostPort
      const [stack] = synthesize(site, { dialect });
      // WHEN Heat resolves the output with a port given
      const url = outputValue(stack!.template, 'SiteURL', { HostPort: '8081', DbPassword: 'secret-password' });
      // THEN
      expect(url).toBe('http://127.0.0.1:8081/');
      expect(JSON.stringify(stack!.template.outputs.SiteURL)).not.toContain('"join"');
    });
  }

  test('is written through replace with the other tokens of the string, never as a join item', () => {
    // GIVEN
    const app = stackWith((stack, port) => {
      const web = new DockerContainer(stack, 'Web', { image: 'busybox' });
      new Output(stack, 'Url', { value: `http://${web.networkIp}:${port.valueAsNumber}/` });
    });
    // WHEN
    const template = app.synth()[0]!.template;
    // THEN
    expect(outputValue(template, 'Url', { Port: '80' })).toBe('http://Web.NetworkIp:80/');
    expect(outputValue(template, 'Url', {})).toBe('http://Web.NetworkIp:8080/');
  });

  test('a number parameter read as a string token is treated the same', () => {
    const app = stackWith((stack, port) => {
      new Output(stack, 'Url', { value: `port ${port.valueAsString}` });
    });
    expect(outputValue(app.synth()[0]!.template, 'Url', { Port: '443' })).toBe('port 443');
  });

  test('keys never collide with the literal text around them', () => {
    // GIVEN a literal that holds the key the parameter would get
    const app = stackWith((stack, port) => {
      new Output(stack, 'Text', { value: `%Port% is ${port.valueAsNumber}, not %Port%` });
    });
    // THEN the literal is kept as written
    expect(outputValue(app.synth()[0]!.template, 'Text', { Port: '1' })).toBe('%Port% is 1, not %Port%');
  });

  test('Fn.join turns a number item into text first', () => {
    const app = stackWith((stack, port) => {
      new Output(stack, 'Joined', { value: Fn.join(':', ['localhost', `${port.valueAsNumber}`, port.valueAsString]) });
    });
    for (const dialect of ['cfn', 'hot'] as const) {
      expect(outputValue(app.synth({ dialect })[0]!.template, 'Joined', { Port: '22' })).toBe('localhost:22:22');
    }
  });

  test('a string parameter in a string is still a join', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const name = new Parameter(stack, 'Name');
    new Output(stack, 'Greeting', { value: `hello ${name.valueAsString}` });
    const value = app.synth()[0]!.template.outputs.Greeting!.value;
    expect(value).toMatchObject({ fn: 'join' });
  });
});
