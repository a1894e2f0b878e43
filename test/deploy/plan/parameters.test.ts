import { describe, expect, test } from 'vitest';
import { hiddenHash } from '../../../src/deploy/plan/meaning.js';
import {
  carriedParameterValues,
  ParameterCarryError,
  parameterChanges,
  replacedValueWarnings,
} from '../../../src/deploy/plan/parameters.js';
import { HIDDEN_VALUE, type StackRecord } from '../../../src/deploy/state/record.js';
import { emptyTemplate, type ParameterDef, type Template } from '../../../src/template/model.js';
import { resolveParameters } from '../../../src/template/parameter-values.js';

const param = (def: Partial<ParameterDef>): ParameterDef => ({ type: 'string', constraints: [], ...def });

/** Greeting (default hello), Port (number, default 80), Tags (a list), Password (hidden, no default). */
const template = (overrides: Record<string, ParameterDef> = {}): Template => ({
  ...emptyTemplate('hot'),
  parameters: {
    Greeting: param({ default: 'hello' }),
    Port: param({ type: 'number', default: 80 }),
    Tags: param({ type: 'comma_delimited_list', default: '' }),
    Password: param({ hidden: true }),
    ...overrides,
  },
});

/** The record a deploy of `t` with `given` leaves (hidden values only as hashes). */
function deployed(t: Template, given: Record<string, string>): StackRecord {
  const values = resolveParameters(t, given, { stackName: 's', stackId: 'id-1' });
  const parameters: Record<string, unknown> = {};
  const hiddenParameterHashes: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (t.parameters[name]?.hidden) {
      parameters[name] = HIDDEN_VALUE;
      hiddenParameterHashes[name] = hiddenHash('id-1', value);
    } else parameters[name] = value;
  }
  return {
    format: 1,
    name: 's',
    id: 'id-1',
    status: 'CREATE_COMPLETE',
    statusReason: '',
    createdAt: '',
    updatedAt: '',
    template: t,
    parameters,
    hiddenParameterHashes,
    resources: {},
    outputs: {},
    events: [],
  };
}

const resolve = (t: Template, given: Record<string, string>) =>
  resolveParameters(t, given, { stackName: 's', stackId: 'id-1' });

describe('--existing: the last deploy’s values of the parameters not given', () => {
  const previous = deployed(template(), { Greeting: 'hey', Port: '8080', Tags: 'a,b', Password: 'swordfish' });

  test('are carried as -P would give them; -P overrides; hidden ones must be given again', () => {
    expect(carriedParameterValues(template(), previous, { Port: '9090', Password: 'swordfish' })).toEqual({
      Greeting: 'hey',
      Tags: 'a,b',
    });
  });

  test('a hidden value left out is an error naming it, and how to give it', () => {
    expect(() => carriedParameterValues(template(), previous, {})).toThrow(ParameterCarryError);
    expect(() => carriedParameterValues(template(), previous, {})).toThrow(
      '--existing cannot reuse the last value of hidden parameter Password: hidden values are stored only as a hash. Give it again: -P Password=…',
    );
  });

  test('a value that was the default is not carried: a default changed since applies (as in Heat)', () => {
    const atDefaults = deployed(template(), { Password: 'swordfish' });
    const next = template({ Greeting: param({ default: 'bonjour' }) });
    expect(carriedParameterValues(next, atDefaults, { Password: 'swordfish' })).toEqual({});
    // A hidden one at its default needs nothing either.
    const hiddenDefault = template({ Password: param({ hidden: true, default: 'changeme' }) });
    expect(carriedParameterValues(hiddenDefault, deployed(hiddenDefault, {}), {})).toEqual({});
  });

  test('nothing to carry for a new stack, or a parameter the last deploy did not have', () => {
    expect(carriedParameterValues(template(), undefined, {})).toEqual({});
    const more = template({ Extra: param({ default: 'x' }) });
    expect(carriedParameterValues(more, previous, { Password: 'swordfish' })).not.toHaveProperty('Extra');
  });
});

describe('without --existing: a default that replaces the last deploy’s value is called out', () => {
  test('names the parameter, the default and the last value, and the option that keeps it', () => {
    const previous = deployed(template(), { Greeting: 'hey', Password: 'swordfish' });
    const given = { Password: 'swordfish' };
    expect(replacedValueWarnings(template(), previous, given, resolve(template(), given))).toEqual([
      "Greeting: the default 'hello' replaces the last deploy's 'hey' (pass --existing to keep it)",
    ]);
  });

  test('a hidden one is named without its value', () => {
    const t = template({ Password: param({ hidden: true, default: 'changeme' }) });
    const previous = deployed(t, { Password: 'swordfish' });
    expect(replacedValueWarnings(t, previous, {}, resolve(t, {}))).toEqual([
      "Password: the default replaces the last deploy's hidden value (give it again with -P Password=… to keep it)",
    ]);
  });

  test('nothing when the value left out was the default anyway, or was given', () => {
    const previous = deployed(template(), { Password: 'swordfish' });
    const given = { Password: 'swordfish' };
    expect(replacedValueWarnings(template(), previous, given, resolve(template(), given))).toEqual([]);
  });
});

describe('which parameter values differ from the last deploy', () => {
  test('changed, added and removed; hidden ones by their hash, without values', () => {
    const previous = deployed(template({ Old: param({ default: 'x' }) }), { Greeting: 'hi', Password: 'swordfish' });
    const next = template({ New: param({ default: 'y' }) });
    const given = { Greeting: 'hey', Password: 'trout' };
    expect(parameterChanges(next, previous, resolve(next, given))).toEqual([
      { name: 'Greeting', kind: 'change', hidden: false, old: 'hi', new: 'hey' },
      { name: 'New', kind: 'add', hidden: false, new: 'y' },
      { name: 'Old', kind: 'remove', hidden: false, old: 'x' },
      { name: 'Password', kind: 'change', hidden: true },
    ]);
    const same = { Greeting: 'hi', Password: 'swordfish' };
    expect(parameterChanges(template(), deployed(template(), same), resolve(template(), same))).toEqual([]);
  });
});
