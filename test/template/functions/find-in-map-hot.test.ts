import { describe, expect, test } from 'vitest';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { evaluate } from '../../../src/template/evaluate/index.js';
import { rewriteForHot } from '../../../src/template/functions/hot-rewrites.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatOutputs, heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * CFN `Mappings` converted to HOT (issue 10): a `Fn::FindInMap` with literal names is the value it finds, inline,
 * and the section goes once no lookup needs it; Heat accepts the result. A lookup keyed by parameters with
 * `AllowedValues` is a `str_replace` of every answer, with Heat's values; one keyed by any other parameter has no
 * exact HOT form: the conversion refuses it, naming the section.
 */

const CFN = `HeatTemplateFormatVersion: '2012-12-12'
Mappings:
  Sizes:
    small: {memory: '268435456', dns: [8.8.8.8, 1.1.1.1]}
Resources:
  Db:
    Type: OS::Heat::Docker
    Properties:
      Image: samalba/mysql
      Memory: {'Fn::FindInMap': [Sizes, small, memory]}
      Dns: {'Fn::FindInMap': [Sizes, small, dns]}
Outputs:
  Memory: {Value: {'Fn::FindInMap': [Sizes, small, memory]}}
`;

/** Lookups keyed by parameters with AllowedValues (one, both, nested), by AWS::Region, one field fixed by a name. */
const KEYED = `HeatTemplateFormatVersion: '2012-12-12'
Parameters:
  Size: {Type: String, Default: small, AllowedValues: [small, large, huge]}
  Distro: {Type: String, Default: f17, AllowedValues: [f17, u10]}
  Field: {Type: String, Default: memory, AllowedValues: [memory, dns]}
Mappings:
  Sizes:
    small: {memory: '268435456', dns: '1.1.1.1', arch: '32'}
    large: {memory: '1073741824', dns: 8.8.8.8, arch: '64'}
    huge: {memory: '4294967296', dns: 8.8.4.4, arch: '64'}
  Images:
    f17: {'32': f17-i386, '64': f17-x86_64}
    u10: {'32': u10-i386, '64': u10-x86_64}
  Regions:
    ap-southeast-1: {zone: nova}
Resources: {}
Outputs:
  Memory: {Value: {'Fn::FindInMap': [Sizes, {Ref: Size}, memory]}}
  Either: {Value: {'Fn::FindInMap': [Sizes, large, {Ref: Field}]}}
  Both: {Value: {'Fn::FindInMap': [Sizes, {Ref: Size}, {Ref: Field}]}}
  Image: {Value: {'Fn::FindInMap': [Images, {Ref: Distro}, {'Fn::FindInMap': [Sizes, {Ref: Size}, arch]}]}}
  Zone: {Value: {'Fn::FindInMap': [Regions, {Ref: 'AWS::Region'}, zone]}}
`;

const KEYED_CASES: Record<string, string>[] = [
  { Size: 'small', Distro: 'f17', Field: 'memory' },
  { Size: 'large', Distro: 'u10', Field: 'dns' },
  { Size: 'huge', Distro: 'u10', Field: 'memory' },
];

function outputsOf(text: string, parameters: Record<string, string>): Record<string, unknown> {
  const template = parseTemplate(text).template;
  if (template === undefined) throw new Error('not parsed');
  const values = resolveParameters(template, parameters, { stackName: 's', stackId: 'id' });
  return Object.fromEntries(
    Object.entries(template.outputs).map(([name, o]) => [
      name,
      evaluate(o.value, { template, parameters: values, resourceId: (n) => n, attribute: () => null }),
    ]),
  );
}

function toHot(text: string): string {
  const parsed = parseTemplate(text);
  if (parsed.template === undefined) throw new Error('not parsed');
  // As `heatstack convert --dialect hot` writes it: the exact rewrites first.
  return emitTemplate(rewriteForHot(parsed.template), { dialect: 'hot', format: 'yaml', version: 'auto' });
}

describe('Fn::FindInMap converted to HOT', () => {
  test('with literal names: the value found, inline, and no Mappings section', () => {
    const hot = parseTemplate(toHot(CFN)).template;
    expect(hot?.mappings).toEqual({});
    expect(hot?.resources.Db?.properties).toEqual({
      Image: 'samalba/mysql',
      Memory: '268435456',
      Dns: ['8.8.8.8', '1.1.1.1'],
    });
    expect(hot?.outputs.Memory?.value).toBe('268435456');
  });

  test('keyed by a parameter without AllowedValues: refused, as HOT has no mappings', () => {
    const keyed = CFN.replace('[Sizes, small, dns]', '[Sizes, {Ref: Size}, dns]').replace(
      'Mappings:',
      'Parameters: {Size: {Type: String, Default: small}}\nMappings:',
    );
    expect(() => toHot(keyed)).toThrow(/HOT templates have no mappings/);
  });

  test.each([
    ['an allowed value the mapping lacks', KEYED.replace('[small, large, huge]', '[small, large, tiny]')],
    ['an answer that is not a string', KEYED.replace("dns: '1.1.1.1'", 'dns: 1')],
    ['a Number parameter as the key', KEYED.replace('Size: {Type: String', 'Size: {Type: Number')],
  ])('keyed by a parameter with %s: refused', (_, text) => {
    expect(() => toHot(text)).toThrow(/HOT templates have no mappings/);
  });

  test('keyed by parameters with AllowedValues, by AWS::Region, and by another lookup: a str_replace of every answer', () => {
    const hot = parseTemplate(toHot(KEYED)).template;
    expect(hot?.mappings).toEqual({});
    for (const parameters of KEYED_CASES) {
      expect(outputsOf(toHot(KEYED), parameters)).toEqual(outputsOf(KEYED, parameters));
    }
  });

  testWithHeat("Heat's values of the converted lookups are those of the original, for every allowed value", () => {
    const cases = KEYED_CASES.flatMap((parameters) => [
      { template: KEYED, parameters },
      { template: toHot(KEYED), parameters },
    ]);
    const results = heatOutputs(cases);
    for (let i = 0; i < results.length; i += 2) {
      const [cfn, hot] = [results[i], results[i + 1]];
      expect(cfn && 'outputs' in cfn ? cfn.outputs : cfn).toEqual(hot && 'outputs' in hot ? hot.outputs : hot);
      expect(hot && 'outputs' in hot ? Object.values(hot.outputs).every((o) => typeof o.value === 'string') : hot).toBe(
        true,
      );
    }
  });

  testWithHeat('Heat accepts the converted template', () => {
    expect(heatVerdicts([toHot(CFN)])).toEqual([{ valid: true }]);
  });
});
