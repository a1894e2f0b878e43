import { readFileSync } from 'node:fs';
import { call, type Expr, synthesize, type Template } from 'heatstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import wordpress from '../../examples/wordpress.js';
import { resourceDependencies } from '../../src/template/dependencies.js';
import { evaluate } from '../../src/template/evaluate/index.js';

/**
 * The seed template, read with a tiny local reader of the three CFN functions it uses (the template parser is
 * another area's and is not needed to state what the seed means).
 */
function readSeed(): Template {
  const raw = parse(readFileSync('/work/shared/seed/wordpress_mysql.yml', 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    Outputs: Record<string, { Value: unknown; Description: string }>;
  };
  const toExpr = (v: unknown): Expr => {
    if (Array.isArray(v)) return v.map(toExpr);
    if (typeof v !== 'object' || v === null) return v as Expr;
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [delim, list] = o['Fn::Join'] as [string, unknown[]];
      return call('join', delim, list.map(toExpr));
    }
    if ('Fn::GetAtt' in o) return call('get_attr', ...(o['Fn::GetAtt'] as string[]));
    if ('Ref' in o) return call('get_resource', o.Ref as string);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toExpr(x)]));
  };
  return {
    version: { dialect: 'cfn', key: 'HeatTemplateFormatVersion', value: '2012-12-12' },
    parameterGroups: [],
    parameters: {},
    mappings: {},
    conditions: {},
    resources: Object.fromEntries(
      Object.entries(raw.Resources).map(([id, r]) => [
        id,
        { type: r.Type, properties: toExpr(r.Properties) as never, dependsOn: [] },
      ]),
    ),
    outputs: Object.fromEntries(
      Object.entries(raw.Outputs).map(([id, o]) => [id, { value: toExpr(o.Value), description: o.Description }]),
    ),
  };
}

/** The same made-up live values for both templates, in whichever spelling the template asks for. */
const LIVE: Record<string, Record<string, string>> = {
  Database: { NetworkIp: '172.17.0.2', NetworkTcpPorts: '49153', LogsHead: 'Kee7ahph' },
  Blog: { NetworkIp: '172.17.42.1', NetworkTcpPorts: '49164' },
};
const CANONICAL: Record<string, string> = {
  network_ip: 'NetworkIp',
  network_tcp_ports: 'NetworkTcpPorts',
  logs_head: 'LogsHead',
};

function evaluateIn(template: Template, expr: Expr): unknown {
  return evaluate(expr, {
    template,
    parameters: {},
    resourceId: (name) => `${name}-id`,
    attribute: (resource, attribute) => LIVE[resource]?.[CANONICAL[attribute] ?? attribute],
  });
}

describe('examples/wordpress.ts is the seed template', () => {
  const seed = readSeed();

  test.each(['cfn', 'hot'] as const)('in %s: the same resources, types and dependencies', (dialect) => {
    const synthesized = synthesize(wordpress, { dialect })[0]!.template;
    expect(Object.keys(synthesized.resources).sort()).toEqual(Object.keys(seed.resources).sort());
    const types = (t: Template) => Object.fromEntries(Object.entries(t.resources).map(([id, r]) => [id, r.type]));
    if (dialect === 'cfn') expect(types(synthesized)).toEqual(types(seed));
    else
      expect(Object.values(types(synthesized))).toEqual([
        'DockerInc::Docker::Container',
        'DockerInc::Docker::Container',
      ]);
    const deps = (t: Template) =>
      Object.fromEntries([...resourceDependencies(t)].map(([id, d]) => [id, [...d].sort()]));
    expect(deps(synthesized)).toEqual(deps(seed));
    expect(deps(seed)).toEqual({ Blog: ['Database'], Database: [] });
  });

  test.each(['cfn', 'hot'] as const)(
    'in %s: the same Env lists and BlogURL for the same attribute values',
    (dialect) => {
      const synthesized = synthesize(wordpress, { dialect })[0]!.template;
      const env = (t: Template, key: string) => evaluateIn(t, t.resources.Blog!.properties[key] as Expr);
      expect(env(synthesized, dialect === 'cfn' ? 'Env' : 'env')).toEqual(env(seed, 'Env'));
      expect(env(seed, 'Env')).toEqual(['DB_HOSTNAME=172.17.0.2', 'DB_PORT=49153', 'DB_PASSWORD=Kee7ahph']);
      const image = (t: Template, key: string) => t.resources.Database!.properties[key];
      expect(image(synthesized, dialect === 'cfn' ? 'Image' : 'image')).toBe(image(seed, 'Image'));
      const url = (t: Template) => evaluateIn(t, t.outputs.BlogURL!.value);
      expect(url(synthesized)).toBe(url(seed));
      expect(url(seed)).toBe('http://172.17.42.1:49164/');
      expect(synthesized.outputs.BlogURL!.description).toBe('Blog URL');
    },
  );
});
