import { describe, expect, test } from 'vitest';
import { containerCreateOptions, DockerPropertyError } from '../../../src/deploy/docker/container-spec.js';
import { withDefaults } from './requests.js';

const spec = (healthcheck: unknown) =>
  containerCreateOptions({
    stack: 'web',
    logicalId: 'Web',
    properties: withDefaults({ image: 'busybox', healthcheck }),
    configHash: 'abc',
    deployId: 'd1',
    network: 'heatstack-web',
  });

describe('the healthcheck property in the create body', () => {
  test('is Docker’s Healthcheck, seconds as nanoseconds', () => {
    const body = spec({ test: ['CMD', 'true'], interval: 0.5, timeout: 2, retries: 4, start_period: 10 });
    expect(body.Healthcheck).toEqual({
      Test: ['CMD', 'true'],
      Interval: 500_000_000,
      Timeout: 2_000_000_000,
      Retries: 4,
      StartPeriod: 10_000_000_000,
    });
  });

  test('a command without CMD, CMD-SHELL or NONE in front is a program (CMD)', () => {
    expect(spec({ test: ['wget', '-q', 'http://127.0.0.1/'] }).Healthcheck).toEqual({
      Test: ['CMD', 'wget', '-q', 'http://127.0.0.1/'],
    });
    expect(spec({ test: ['CMD-SHELL', 'test -f /ready'] }).Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'test -f /ready'],
    });
    expect(spec({ test: ['NONE'] }).Healthcheck).toEqual({ Test: ['NONE'] });
  });

  test('0 keeps Docker’s default (the field is left out); absent, the image’s check applies', () => {
    expect(spec({ test: ['CMD', 'true'], interval: 0, retries: 0 }).Healthcheck).toEqual({ Test: ['CMD', 'true'] });
    expect(spec(undefined).Healthcheck).toBeUndefined();
  });

  test.each([
    [{ test: [] }, /healthcheck\.test: expected a command/],
    [{ test: ['CMD-SHELL'] }, /healthcheck\.test: CMD-SHELL needs a command/],
    [{ test: ['CMD', 'true'], interval: 0.0001 }, /healthcheck\.interval: expected a number of seconds/],
    [{ test: ['CMD', 'true'], retries: 1.5 }, /healthcheck\.retries: expected a whole number/],
    ['wget', /healthcheck: expected \{test, interval/],
  ])('a value Docker cannot take is an error naming its path: %j', (value, message) => {
    expect(() => spec(value)).toThrow(DockerPropertyError);
    expect(() => spec(value)).toThrow(message);
    expect(() => spec(value)).toThrow(/Resources\.Web\.Properties\.healthcheck/);
  });
});
