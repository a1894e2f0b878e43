import { describe, expect, test } from 'vitest';
import { emitTemplate, TemplateEmitError } from '../../../src/template/emit/index.js';
import type { Template } from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

/**
 * Constraint descriptions survive conversion (issue 10): nothing either dialect can hold is lost. CFN holds one
 * `ConstraintDescription` for all of a parameter's constraints, also with none; HOT one per constraint.
 */

const STANDING_ALONE = `HeatTemplateFormatVersion: '2012-12-12'
Parameters:
  Name: {Type: String, Default: db, ConstraintDescription: letters and digits}
Resources: {}
`;

const PER_CONSTRAINT = `heat_template_version: 2018-08-31
parameters:
  name:
    type: string
    default: db
    constraints:
      - length: {min: 1, max: 8}
        description: one to eight characters
      - allowed_pattern: '[a-z]+'
        description: lower-case letters
`;

const SHARED = PER_CONSTRAINT.replace('lower-case letters', 'one to eight characters');

function parsed(text: string): Template {
  const t = parseTemplate(text).template;
  if (t === undefined) throw new Error(`not a template: ${text}`);
  return t;
}

const convert = (text: string, dialect: 'cfn' | 'hot') => emitTemplate(parsed(text), { dialect, format: 'yaml' });

describe('ConstraintDescription through convert', () => {
  test('a CFN ConstraintDescription without a constraint is kept in CFN', () => {
    expect(parsed(STANDING_ALONE).parameters.Name?.constraintDescription).toBe('letters and digits');
    expect(convert(STANDING_ALONE, 'cfn')).toContain('ConstraintDescription: letters and digits');
  });

  test('HOT, which has no place for it, still converts (the description describes nothing)', () => {
    const hot = parsed(convert(STANDING_ALONE, 'hot'));
    expect(hot.parameters.Name).toEqual({ type: 'string', default: 'db', constraints: [] });
  });

  test('HOT constraints with different descriptions are refused for CFN, naming the parameter, not merged', () => {
    expect(() => convert(PER_CONSTRAINT, 'cfn')).toThrow(TemplateEmitError);
    expect(() => convert(PER_CONSTRAINT, 'cfn')).toThrow(
      /^Parameters\.name: CFN parameters take one ConstraintDescription for all constraints, not 2 different ones/,
    );
  });

  test('one description shared by every constraint goes HOT → CFN → HOT unchanged', () => {
    const back = parsed(convert(convert(SHARED, 'cfn'), 'hot'));
    expect(back.parameters.name?.constraints).toEqual(parsed(SHARED).parameters.name?.constraints);
  });

  testWithHeat('Heat accepts the CFN template and what heatstack writes of it', () => {
    const verdicts = heatVerdicts([STANDING_ALONE, convert(STANDING_ALONE, 'cfn'), convert(SHARED, 'cfn')]);
    expect(verdicts.map((v) => v.error ?? 'valid')).toEqual(['valid', 'valid', 'valid']);
  });
});
