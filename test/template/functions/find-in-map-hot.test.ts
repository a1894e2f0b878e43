import { describe, expect, test } from 'vitest';
import { emitTemplate } from '../../../src/template/emit/index.js';
import { rewriteForHot } from '../../../src/template/functions/hot-rewrites.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * CFN `Mappings` converted to HOT (issue 10): a `Fn::FindInMap` with literal names is the value it finds, inline,
 * and the section goes once no lookup needs it; Heat accepts the result. A lookup keyed by a parameter has no exact
 * HOT form: the conversion refuses it, naming the section.
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

  test('keyed by a parameter: refused, as HOT has no mappings', () => {
    const keyed = CFN.replace('[Sizes, small, dns]', '[Sizes, {Ref: Size}, dns]').replace(
      'Mappings:',
      'Parameters: {Size: {Type: String, Default: small}}\nMappings:',
    );
    expect(() => toHot(keyed)).toThrow(/HOT templates have no mappings/);
  });

  testWithHeat('Heat accepts the converted template', () => {
    expect(heatVerdicts([toHot(CFN)])).toEqual([{ valid: true }]);
  });
});
