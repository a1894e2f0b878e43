import { describe, expect, test } from 'vitest';
import { resourceMeaning } from '../../../src/deploy/plan/meaning.js';
import { displayValue, formatChange, propertyChanges } from '../../../src/deploy/plan/property-diff.js';
import { call, type Template } from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';

/** A HOT stack whose `Web` has `props` (YAML flow), beside a `Database`; `Password` is hidden. */
function web(props: string): Template {
  const parsed = parseTemplate(`heat_template_version: 2021-04-16
parameters:
  Greeting: {type: string, default: hello}
  Password: {type: string, hidden: true}
resources:
  Database: {type: DockerInc::Docker::Container, properties: {image: mysql}}
  Web: {type: DockerInc::Docker::Container, properties: ${props}}
`);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.template as Template;
}

const SECRETS = { names: new Set(['Password']), salt: 'salt' };
const values = { Greeting: 'hi', Password: 'swordfish' };

/** The diff lines between `Web` as `before` and as `after`, with parameter values `then` and `now`. */
function diff(before: string, after: string, then = values, now = values): string[] {
  const old = resourceMeaning(web(before), 'Web', then, SECRETS).properties;
  const next = resourceMeaning(web(after), 'Web', now, SECRETS).properties;
  return propertyChanges(old, next).map(formatChange);
}

describe('what changed in a resource, per property path', () => {
  test('a list item: its index, the old and the new value', () => {
    expect(
      diff(
        '{image: web, env: [A=1, {list_join: ["=", [GREETING, {get_param: Greeting}]]}]}',
        '{image: web, env: [A=1, {list_join: ["=", [GREETING, {get_param: Greeting}]]}]}',
        values,
        { ...values, Greeting: 'hey' },
      ),
    ).toEqual(['env[1]: "GREETING=hi" → "GREETING=hey"']);
  });

  test('properties and items added and removed', () => {
    expect(diff('{image: web, cmd: [sh, -c], env: [A=1]}', '{image: web, hostname: www, env: [A=1, B=2]}')).toEqual([
      '- cmd: ["sh", "-c"]',
      '+ env[1]: "B=2"',
      '+ hostname: "www"',
    ]);
  });

  test('a hidden value shows as ******, and says when it changed', () => {
    const props = '{image: web, env: [{list_join: ["=", [PW, {get_param: Password}]]}]}';
    expect(diff(props, props, values, { ...values, Password: 'trout' })).toEqual([
      'env[0]: ****** → ****** (hidden value changed)',
    ]);
    expect(diff(props, props)).toEqual([]);
  });

  test('a value only a deploy knows shows as the function, as HOT writes it', () => {
    expect(
      diff(
        '{image: web, env: [DB=old]}',
        '{image: web, env: [{list_join: ["", ["DB=", {get_attr: [Database, network_ip]}]]}]}',
      ),
    ).toEqual(['env[0]: "DB=old" → {list_join: ["", ["DB=", {get_attr: [Database, network_ip]}]]}']);
    expect(displayValue(call('get_attr', 'Database', 'network_ip'))).toEqual({
      get_attr: ['Database', 'network_ip'],
    });
  });

  test('a change of spelling only is no change: the default, a string for an integer, null', () => {
    expect(diff('{image: web, memory: 512, privileged: false}', "{image: web, memory: '512', tty: null}")).toEqual([]);
  });

  test('map keys that are not names are quoted', () => {
    expect(diff('{image: web, volumes: {/srv: /data}}', '{image: web, volumes: {/srv: /other}}')).toEqual([
      'volumes["/srv"]: "/data" → "/other"',
    ]);
  });
});
