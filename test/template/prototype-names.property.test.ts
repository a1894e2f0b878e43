import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HeatstackError } from '../../src/errors.js';
import { emitTemplate } from '../../src/template/emit/index.js';
import { evaluate } from '../../src/template/evaluate/index.js';
import { call } from '../../src/template/model.js';
import { redactHiddenParameters, resolveParameters } from '../../src/template/parameter-values.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import '../support/fast-check-seed.js';

/**
 * Names a template author can write that are also members of every JavaScript object. Looked up in a plain object
 * (`types[name]`, `name in map`), they find `Object.prototype`'s members instead of nothing; assigned as a key,
 * `__proto__` replaces the object's prototype instead of adding a key. Anywhere they appear they must mean what any
 * other name means: an unknown type or reference is an error, a key is data.
 */
const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
];

/** A template with `P` in one place: whether Heat refuses it (the name is unknown there) or accepts it. */
interface Placement {
  readonly text: (p: string) => string;
  readonly refused: boolean;
}

const HOT = 'heat_template_version: 2021-04-16\n';
const CFN = 'AWSTemplateFormatVersion: 2010-09-09\n';
const NONE = 'type: DockerInc::Docker::Container, properties: {image: x}';
const CFN_IMAGE = 'Resources: {r: {Type: OS::Heat::Docker, Properties: {Image: ';

const PLACEMENTS: readonly Placement[] = [
  // A parameter type Heat does not know.
  { text: (p) => `${HOT}parameters: {x: {type: ${p}}}`, refused: true },
  { text: (p) => `${HOT}parameters: {x: {type: ${p}, default: v}}`, refused: true },
  { text: (p) => `${CFN}Parameters: {x: {Type: ${p}}}`, refused: true },
  { text: (p) => `${CFN}Parameters: {x: {Type: ${p}, Default: v}}`, refused: true },
  // A resource type, function name, reference or key that is not in the template.
  { text: (p) => `${HOT}resources: {r: {type: ${p}}}`, refused: true },
  {
    text: (p) => `${HOT}resources: {r: {type: DockerInc::Docker::Container, properties: {image: {get_param: ${p}}}}}`,
    refused: true,
  },
  {
    text: (p) =>
      `${HOT}resources: {r: {type: DockerInc::Docker::Container, properties: {image: {get_resource: ${p}}}}}`,
    refused: true,
  },
  { text: (p) => `${HOT}outputs: {o: {value: {get_attr: [${p}, a]}}}`, refused: true },
  { text: (p) => `${HOT}resources: {r: {${NONE}, depends_on: [${p}]}}`, refused: true },
  { text: (p) => `${HOT}resources: {r: {${NONE}, condition: ${p}}}`, refused: true },
  { text: (p) => `${HOT}resources: {r: {${NONE}, deletion_policy: ${p}}}`, refused: true },
  { text: (p) => `${HOT}resources: {r: {${NONE}, ${p}: v}}`, refused: true },
  { text: (p) => `${HOT}outputs: {o: {value: {if: [${p}, a, b]}}}`, refused: true },
  { text: (p) => `${HOT}parameter_groups: [{parameters: [${p}]}]`, refused: true },
  { text: (p) => `${HOT}parameters: {x: {type: string, ${p}: v}}`, refused: true },
  { text: (p) => `${HOT}${p}: v`, refused: true },
  {
    text: (p) => `${HOT}resources: {r: {type: DockerInc::Docker::Container, properties: {image: x, ${p}: y}}}`,
    refused: true,
  },
  {
    text: (p) => `${HOT}resources: {r: {type: DockerInc::Docker::Container, properties: {image: x}}}
outputs: {o: {value: {get_attr: [r, ${p}]}}}`,
    refused: true,
  },
  // In resource properties: Heat resolves these names there before a create (in outputs, only after it).
  { text: (p) => `${CFN}Resources: {r: {Type: OS::Heat::Docker, Properties: {Image: {Ref: ${p}}}}}`, refused: true },
  {
    text: (p) => `${CFN}Resources: {r: {Type: OS::Heat::Docker, Properties: {Image: {Ref: 'AWS::${p}'}}}}`,
    refused: true,
  },
  {
    text: (p) => `${CFN}Mappings: {m: {a: {b: c}}}\n${CFN_IMAGE}{'Fn::FindInMap': [${p}, a, b]}}}}}`,
    refused: true,
  },
  {
    text: (p) => `${CFN}Mappings: {m: {a: {b: c}}}\n${CFN_IMAGE}{'Fn::FindInMap': [m, ${p}, b]}}}}}`,
    refused: true,
  },
  {
    text: (p) => `${CFN}Mappings: {m: {a: {b: c}}}\n${CFN_IMAGE}{'Fn::FindInMap': [m, a, ${p}]}}}}}`,
    refused: true,
  },
  // The same names as the names of things the template defines: ordinary names.
  {
    text: (p) => `${HOT}parameters: {${p}: {type: string, default: v}}\noutputs: {o: {value: {get_param: ${p}}}}`,
    refused: false,
  },
  { text: (p) => `${HOT}resources: {${p}: {${NONE}}}\noutputs: {o: {value: {get_resource: ${p}}}}`, refused: false },
  { text: (p) => `${HOT}conditions: {${p}: true}\nresources: {r: {${NONE}, condition: ${p}}}`, refused: false },
  { text: (p) => `${HOT}outputs: {${p}: {value: {map_merge: [{${p}: 1}]}}}`, refused: false },
  {
    text: (p) =>
      `${CFN}Mappings: {${p}: {${p}: {${p}: c}}}\nOutputs: {o: {Value: {'Fn::FindInMap': [${p}, ${p}, ${p}]}}}`,
    refused: false,
  },
];

/** Parses and validates as `validate` and `deploy` do; an error that is not a `HeatstackError` fails the test. */
function problemsOf(text: string, given: Record<string, string>): string[] {
  const parsed = parseTemplate(text, { fileName: 't.yaml' });
  const problems = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  if (parsed.template === undefined) return problems;
  for (const requireParameterValues of [false, true]) {
    const found = validateTemplate(parsed.template, { parameters: given, requireParameterValues });
    problems.push(...found.filter((d) => d.severity === 'error').map((d) => d.message));
  }
  try {
    resolveParameters(parsed.template, given, { stackName: 's', stackId: 'id' });
  } catch (err) {
    if (!(err instanceof HeatstackError)) throw err;
  }
  return problems;
}

describe('names that are members of every JavaScript object', () => {
  test('are refused where an unknown name is refused, and accepted where any name is, without crashing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROTOTYPE_NAMES),
        fc.constantFrom(...PLACEMENTS),
        fc.constantFrom('none', 'x', 'name'),
        (name, placement, givenFor) => {
          const given = givenFor === 'none' ? {} : { [givenFor === 'x' ? 'x' : name]: 'v' };
          const text = `${placement.text(name)}\n`;
          const problems = problemsOf(text, givenFor === 'name' ? Object.fromEntries([[name, 'v']]) : given);
          if (placement.refused) expect(problems, text).not.toEqual([]);
          else if (givenFor === 'none') expect(problems, text).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a parameter type named so is an invalid type, as Heat says of any unknown type', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(problemsOf(`${HOT}parameters: {x: {type: ${name}, default: v}}\n`, {})).toContainEqual(
        expect.stringContaining(`Invalid type (${name})`),
      );
      expect(problemsOf(`${CFN}Parameters: {x: {Type: ${name}}}\n`, {})).toContainEqual(
        expect.stringContaining(`Invalid type (${name})`),
      );
    }
  });

  test('as keys of maps, in properties and in what functions build, they stay keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom('a', 'b'), (name, other) => {
        const text = `${HOT}outputs:
  plain: {value: {${name}: 1, ${other}: 2}}
  merged: {value: {map_merge: [{${name}: 1}, {${other}: 2}]}}
  replaced: {value: {map_replace: [{${name}: 1, ${other}: 2}, {keys: {${other}: ${name}x}}]}}
  repeated: {value: {repeat: {for_each: {'%k%': [${name}]}, template: {'%k%': 1}}}}
`;
        const { template } = parseTemplate(text, { fileName: 't.yaml' });
        if (template === undefined) throw new Error('no template');
        const ctx = { template, parameters: {}, resourceId: (n: string) => n, attribute: () => undefined };
        const value = (output: string) => JSON.stringify(evaluate(template.outputs[output]?.value ?? null, ctx));
        expect(value('plain')).toBe(
          JSON.stringify(
            Object.fromEntries([
              [name, 1],
              [other, 2],
            ]),
          ),
        );
        expect(value('merged')).toBe(
          JSON.stringify(
            Object.fromEntries([
              [name, 1],
              [other, 2],
            ]),
          ),
        );
        expect(value('replaced')).toBe(
          JSON.stringify(
            Object.fromEntries([
              [name, 1],
              [`${name}x`, 2],
            ]),
          ),
        );
        expect(value('repeated')).toBe(JSON.stringify([Object.fromEntries([[name, 1]])]));
      }),
    );
  });

  test('Fn::MemberListToMap keeps member fields and keys named so as data', () => {
    const { template } = parseTemplate(`${CFN}Resources: {}\n`, { fileName: 't.yaml' });
    if (template === undefined) throw new Error('no template');
    const ctx = { template, parameters: {}, resourceId: (n: string) => n, attribute: () => undefined };
    const toMap = (key: string, list: string[]) =>
      JSON.stringify(evaluate(call('member_list_to_map', key, 'Value', list), ctx));
    for (const name of PROTOTYPE_NAMES) {
      // A member without the key field is left out (Heat's dict lookup), whatever the field is called.
      expect(toMap(name, ['.member.0.Name=k', '.member.0.Value=v'])).toBe('{}');
      expect(toMap('Name', [`.member.0.Name=${name}`, '.member.0.Value=v'])).toBe(
        JSON.stringify(Object.fromEntries([[name, 'v']])),
      );
      expect(toMap(name, [`.member.0.${name}=k`, '.member.0.Value=v'])).toBe('{"k":"v"}');
    }
  });

  test('converted to the other dialect, a parameter named so is still referred to by its name', () => {
    for (const name of PROTOTYPE_NAMES) {
      const cfn = `${CFN}Parameters: {${name}: {Type: String, Default: x}}\nOutputs: {o: {Value: {Ref: ${name}}}}\n`;
      const { template } = parseTemplate(cfn, { fileName: 't.yaml' });
      if (template === undefined) throw new Error('no template');
      const hot = parseTemplate(emitTemplate(template, { dialect: 'hot', format: 'json' }), { fileName: 'h.json' });
      expect(JSON.stringify(hot.template?.outputs.o?.value)).toBe(JSON.stringify(call('get_param', name)));
      const back = parseTemplate(emitTemplate(hot.template as never, { dialect: 'cfn', format: 'json' }), {
        fileName: 'c.json',
      });
      expect(JSON.stringify(back.template?.outputs.o?.value)).toBe(JSON.stringify(call('get_param', name)));
    }
  });

  test('Fn::ResourceFacade of such a name is refused, as of any name but its three sections', () => {
    for (const name of PROTOTYPE_NAMES) {
      const problems = problemsOf(`${CFN}Outputs: {o: {Value: {'Fn::ResourceFacade': ${name}}}}\n`, {});
      expect(problems).toContainEqual(expect.stringContaining('Incorrect arguments to "Fn::ResourceFacade"'));
    }
  });

  test('a parameter named so resolves to its value, given or default, and stays hidden when hidden', () => {
    for (const name of PROTOTYPE_NAMES) {
      const text = `${HOT}parameters: {${name}: {type: string, default: d, hidden: true}, n: {type: number, default: 1}}\n`;
      const { template } = parseTemplate(text, { fileName: 't.yaml' });
      if (template === undefined) throw new Error('no template');
      const pseudo = { stackName: 's', stackId: 'id' };
      const byDefault = resolveParameters(template, {}, pseudo);
      expect(Object.hasOwn(byDefault, name) && byDefault[name]).toBe('d');
      const given = resolveParameters(template, Object.fromEntries([[name, 'g']]), pseudo);
      expect(Object.hasOwn(given, name) && given[name]).toBe('g');
      expect(JSON.stringify(redactHiddenParameters(template, given))).toContain(`${JSON.stringify(name)}:"******"`);
    }
  });
});
