import fc from 'fast-check';
import { App, DockerContainer, type DockerContainerProps, Output, Stack } from 'heatstack';
import { call, type ExprMap } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import { checkProperties, containerPropsSurelyValid } from '../../src/constructs/private/property-check.js';
import { DOCKER_CONTAINER } from '../../src/template/resource-types/docker-container.js';
import { checkResourceProperties } from '../../src/template/validate/properties.js';

describe('checkProperties', () => {
  test('gives what checkResourceProperties gives, for properties that differ only inside calls or not at all', () => {
    const cases: ExprMap[] = [
      { Image: 'x', Env: [call('get_attr', 'A', 'NetworkIp')] },
      { Image: 'x', Env: [call('get_attr', 'B', 'LogsHead')] },
      { Image: 'x', Memory: '1' },
      { Image: 'x', Memory: 1 },
      { Image: 'x', Memory: -1 },
      { Image: 'x', Env: 'A=1' },
      { Image: 'x', Env: ['A=1'] },
      { Env: ['A=1'] },
    ];
    for (const props of cases) {
      expect(checkProperties('OS::Heat::Docker', props)).toEqual(checkResourceProperties('OS::Heat::Docker', props));
    }
    expect(checkProperties('OS::Heat::Docker', { Image: 'x', Memory: -1 })).not.toEqual([]);
    expect(checkProperties('OS::Heat::Docker', { Image: 'x', Memory: '1' })).toEqual(
      checkResourceProperties('OS::Heat::Docker', { Image: 'x', Memory: '1' }),
    );
  });

  test('values of different types or keys are told apart', () => {
    const a = checkProperties('DockerInc::Docker::Container', { image: 'x', restart_policy: { Name: 'always' } });
    const b = checkProperties('DockerInc::Docker::Container', { image: 'x', restart_policy: { Name: 'sometimes' } });
    const c = checkProperties('DockerInc::Docker::Container', { image: 'x', restart_policy: { Nam: 'always' } });
    expect(a).toEqual([]);
    expect(b).not.toEqual([]);
    expect(c).not.toEqual([]);
  });
});

const camelCase = (snake: string): string => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('containerPropsSurelyValid', () => {
  // Any JS value a user might pass, including tokens of every kind.
  const value = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.string(),
      fc.boolean(),
      fc.integer(),
      fc.constant(-1),
      fc.constant(Number.NaN),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
      fc.constant(undefined),
      fc.constant(null),
      fc.constantFrom('ALL', 'FLY', '/dev/x', 'rwm', 'x', 'always', 'sometimes'),
    );
  const propNames = [...Object.keys(DOCKER_CONTAINER.properties).map(camelCase), 'unknownProp'];

  test('true only for props that pass every check at synth, in either dialect and whatever is read later', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...propNames), value(), { maxKeys: 5 }),
        fc.boolean(),
        fc.constantFrom('cfn', 'hot'),
        (extra, readsGateway, dialect) => {
          const props = { image: 'busybox', ...extra } as unknown as DockerContainerProps;
          fc.pre(containerPropsSurelyValid(props));
          const app = new App();
          const stack = new Stack(app, 'S');
          const db = new DockerContainer(stack, 'Db', { image: 'db' });
          const c = new DockerContainer(stack, 'C', {
            ...props,
            env: [...(props.env ?? []), `DB=${db.networkIp}`],
          });
          if (readsGateway) new Output(stack, 'Gw', { value: c.networkGateway });
          expect(() => app.synth({ dialect })).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  test('false for props a check may refuse', () => {
    expect(containerPropsSurelyValid({ image: 'x', env: ['A=1'], privileged: true })).toBe(true);
    expect(containerPropsSurelyValid({ env: ['A=1'] })).toBe(false);
    expect(containerPropsSurelyValid({ image: 'x', memory: 1 })).toBe(false);
    expect(containerPropsSurelyValid({ image: 'x', env: 'A=1' })).toBe(false);
    expect(containerPropsSurelyValid({ image: 'x', restartPolicy: { name: 'always' } })).toBe(false);
    expect(containerPropsSurelyValid({ image: 'x', attachStdin: true })).toBe(false);
    expect(containerPropsSurelyValid({ image: 'x', surprise: 1 })).toBe(false);
  });
});
