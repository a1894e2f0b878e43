import { App, DockerContainer, Output, Parameter, Stack, TokenError } from 'heatstack';
import { describe, expect, test } from 'vitest';
import { resolveValue } from '../../src/tokens/resolve.js';

/** A stack with a database container and a number parameter; `synth` synthesizes the app. */
function stackWithDb() {
  const app = new App();
  const stack = new Stack(app, 'S');
  const db = new DockerContainer(stack, 'Database', { image: 'mysql' });
  const memory = new Parameter(stack, 'Memory', { type: 'number', default: 512 });
  return { stack, db, memory, synth: () => app.synth() };
}

/** The error synth throws once the Blog container gets `hostname`. */
function hostnameError(mangle: (token: string) => string): unknown {
  const { stack, db, synth } = stackWithDb();
  new DockerContainer(stack, 'Blog', { image: 'wp', hostname: mangle(db.networkIp) });
  try {
    synth();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('a string token changed by a string operation is a synth error', () => {
  const mangles: Record<string, (t: string) => string> = {
    'slice(0, 5)': (t) => t.slice(0, 5),
    'slice(3)': (t) => t.slice(3),
    "replace('Token', 'Tok')": (t) => t.replace('Token', 'Tok'),
    'toUpperCase()': (t) => t.toUpperCase(),
    'substring(0, 12)': (t) => t.substring(0, 12),
    'split(".")[0]': (t) => t.split('.')[0]!,
    'slice(-14)': (t) => t.slice(-14),
    'a slice inside other text': (t) => `host-${t.slice(2)}-x`,
  };
  for (const [operation, mangle] of Object.entries(mangles)) {
    test(`${operation}: names the construct, the property and the value, and points to Fn`, () => {
      const message = (hostnameError(mangle) as Error).message;
      expect(message).toMatch(/^S\/Blog: Properties\.Hostname: /);
      expect(message).toMatch(/cannot be sliced or transformed.*Fn\./s);
    });
  }

  test('the mangled value is shown', () => {
    let mangled = '';
    const error = hostnameError((t) => {
      mangled = t.slice(3);
      return mangled;
    });
    expect((error as Error).message).toContain(`'${mangled}' holds a token that was changed by a string operation`);
  });

  test('resolving a mangled token directly throws a TokenError', () => {
    const { db } = stackWithDb();
    const ctx = { dialect: 'cfn', stack: {}, referrer: {}, referrerPath: 'Test/Value', section: 'outputs' } as const;
    expect(() => resolveValue(db.networkIp.slice(0, 5), ctx, 'Value')).toThrow(TokenError);
    expect(() => resolveValue(-(2 ** 52) - 1, ctx, 'Value')).toThrow(TokenError);
  });

  test('text that merely resembles a token is left alone', () => {
    // GIVEN shell variables, brackets, long numbers and the word "broken[" in ordinary strings
    const { stack, synth } = stackWithDb();
    const $ = '$'; // shell variables, written so that they are not mistaken for template placeholders
    const text = [
      `echo ${$}{TOKEN} ${$}{Tokyo} ${$}{TOPIC}`,
      'spoken[0] broken[1]',
      'ts=1764120000 phone=2125550123 id=order-4503599627370497 snowflake-1234567890123456789',
      '{"ports":[8080]}',
      `limit ${Number.MIN_SAFE_INTEGER}`,
    ];
    new DockerContainer(stack, 'Blog', { image: 'wp', env: text });
    new Output(stack, 'Smallest', { value: Number.MIN_SAFE_INTEGER });
    // THEN
    const [template] = synth().map((s) => s.template);
    expect(template!.resources.Blog!.properties.Env).toEqual(text);
    expect(template!.outputs.Smallest!.value).toBe(Number.MIN_SAFE_INTEGER);
  });
});

describe('arithmetic on a number token is a synth error', () => {
  const operations: Record<string, (n: number) => number> = {
    '+ 1': (n) => n + 1,
    '- 1': (n) => n - 1,
    '* 1024': (n) => n * 1024,
    '* 2': (n) => n * 2,
    '+ 1024': (n) => n + 1024,
  };
  for (const [operation, apply] of Object.entries(operations)) {
    test(`valueAsNumber ${operation}: names the construct and property, says why and what to do`, () => {
      const { stack, memory, synth } = stackWithDb();
      new DockerContainer(stack, 'Blog', { image: 'wp', memory: apply(memory.valueAsNumber) });
      expect(synth).toThrow(
        /^S\/Blog \(created at [^)]*\): Properties\.Memory: .*arithmetic on a number token is not possible.*Parameter/s,
      );
    });
  }

  test('arithmetic on a number token inside a string is an error too', () => {
    const { stack, memory, synth } = stackWithDb();
    new Output(stack, 'Limit', { value: `limit=${memory.valueAsNumber + 1}` });
    expect(synth).toThrow(/S\/Limit.*arithmetic on a number token is not possible/s);
  });

  test('the number token itself, unchanged, is still a reference', () => {
    const { stack, memory, synth } = stackWithDb();
    new DockerContainer(stack, 'Blog', { image: 'wp', memory: memory.valueAsNumber });
    expect(JSON.stringify(synth()[0]!.template.resources.Blog!.properties.Memory)).toContain('Memory');
  });
});
