import { readFileSync } from 'node:fs';
import { type Expr, synthesize, type Template } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import wordpress from '../../examples/wordpress-seed.js';
import { resourceDependencies } from '../../src/template/dependencies.js';
import { evaluate } from '../../src/template/evaluate/index.js';
import { parseTemplate } from '../../src/template/parse/index.js';

/** The seed template as the plugin's authors wrote it, read by heatstack's template parser. */
function readSeed(): Template {
  const parsed = parseTemplate(readFileSync(new URL('../fixtures/seed/wordpress_mysql.yml', import.meta.url), 'utf8'));
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.template!;
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

describe('examples/wordpress-seed.ts is the seed template', () => {
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
