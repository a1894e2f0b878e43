import { call, type ExprMap } from 'heatstack';
import { describe, expect, test } from 'vitest';
import { checkProperties } from '../../src/constructs/private/property-check.js';
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
