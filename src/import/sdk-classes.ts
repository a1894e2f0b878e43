import { type Expr, type ExprMap, isCall } from '../template/model.js';
import { stringLiteral } from './code.js';
import type { Code } from './expressions.js';
import { fieldMap, NUMBER, type OwnClass, STRING, STRINGS, UNKNOWN, type Want } from './want.js';

/**
 * Heat's own types that heatstack has a class of its own for, as a person using heatstack writes them: an
 * `OS::Heat::RandomString` is a `RandomString` (`pw.value`), an `OS::Heat::ResourceGroup` a `ResourceGroup`
 * (`web.refs`, `web.attributeOfEach('network_ip')`, `web.memberAttribute(1, 'network_ip')`). What their props cannot
 * hold as TypeScript types them (a function where a literal union goes) keeps the generated class.
 */

/** A list of `{ class, min }` or `{ sequence, min }` (`CharacterClass`, `CharacterSequence`). */
function characters(key: 'class' | 'sequence'): Want {
  const item: Want = {
    kind: 'object',
    plain: true,
    fields: fieldMap([
      [key, STRING, true],
      ['min', NUMBER],
    ]),
  };
  return { kind: 'list', item, resolvable: false };
}

const RANDOM_STRING: OwnClass = {
  construct: 'RandomString',
  fields: fieldMap([
    ['length', NUMBER],
    ['character_classes', characters('class')],
    ['character_sequences', characters('sequence')],
    ['salt', STRING],
  ]),
  getters: { value: 'value' },
  // A class is one of a union of literals: written as given, never a function's value.
  takes: (p) => !holdsCall(p.character_classes) && !holdsCall(p.character_sequences),
};

const RECORD: Want = { kind: 'record', value: UNKNOWN, resolvable: false };
/** The group's properties in the order `ResourceGroup` writes them. */
const GROUP_FIELDS = fieldMap([
  ['count', NUMBER],
  ['index_var', STRING],
  [
    'removal_policies',
    {
      kind: 'list',
      item: { kind: 'object', plain: true, fields: fieldMap([['resource_list', STRINGS, true]]) },
      resolvable: false,
    },
  ],
  ['removal_policies_mode', STRING],
  [
    'resource_def',
    {
      kind: 'object',
      plain: true,
      fields: fieldMap([
        ['type', STRING, true],
        ['properties', RECORD],
        ['metadata', RECORD],
      ]),
    },
    true,
  ],
]);

const RESOURCE_GROUP: OwnClass = {
  construct: 'ResourceGroup',
  fields: GROUP_FIELDS,
  getters: {},
  takes: (p) =>
    inOrder(Object.keys(p), [...GROUP_FIELDS.keys()]) &&
    (p.removal_policies_mode === undefined ||
      p.removal_policies_mode === 'append' ||
      p.removal_policies_mode === 'update') &&
    isPlainMap(p.resource_def) &&
    inOrder(Object.keys(p.resource_def), ['type', 'properties', 'metadata']),
  attribute: groupAttribute,
};

export const SDK_CLASSES: ReadonlyMap<string, OwnClass> = new Map([
  ['OS::Heat::RandomString', RANDOM_STRING],
  ['OS::Heat::ResourceGroup', RESOURCE_GROUP],
]);

/** A group's attributes as its getters: each member's, one member's, the ids. */
function groupAttribute(variable: string, name: string, path: readonly (string | number)[]): Code | undefined {
  if (path.length === 0) {
    if (name === 'refs') return { code: `${variable}.refs`, type: 'list' };
    if (name === 'refs_map') return { code: `${variable}.refsMap`, type: 'resolvable' };
    if (name === 'removed_rsrc_list') return { code: `${variable}.removedResources`, type: 'list' };
    const member = /^resource\.(0|[1-9][0-9]*)(?:\.(.+))?$/.exec(name);
    if (member !== null) {
      const [, index, attribute] = member;
      return attribute === undefined
        ? { code: `${variable}.memberRef(${index})`, type: 'string' }
        : { code: `${variable}.memberAttribute(${index}, ${stringLiteral(attribute)})`, type: 'string' };
    }
    if (name === 'attributes' || name === 'show') return undefined;
    return { code: `${variable}.attributeOfEach(${stringLiteral(name)})`, type: 'list' };
  }
  if (name === 'attributes' && path.length === 1 && typeof path[0] === 'string') {
    return { code: `${variable}.attributeByMember(${stringLiteral(path[0])})`, type: 'resolvable' };
  }
  const args = [name, ...path].map((p) => (typeof p === 'number' ? String(p) : stringLiteral(p)));
  return { code: `${variable}.getAtt(${args.join(', ')})`, type: 'string' };
}

/** Whether `keys` come in the order `order` gives them (each one of it). */
function inOrder(keys: readonly string[], order: readonly string[]): boolean {
  let at = 0;
  for (const key of keys) {
    const i = order.indexOf(key, at);
    if (i < 0) return false;
    at = i + 1;
  }
  return true;
}

function isPlainMap(x: Expr | undefined): x is ExprMap {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isCall(x);
}

function holdsCall(x: Expr | undefined): boolean {
  if (x === undefined || x === null || typeof x !== 'object') return false;
  if (isCall(x)) return true;
  return (Array.isArray(x) ? (x as readonly Expr[]) : Object.values(x as ExprMap)).some(holdsCall);
}
