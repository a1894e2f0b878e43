import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { layoutGraph, renderDot, renderSvg, shapeOf, stackGraph, templateSvg } from '../../src/graph/index.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { describeBrowser } from '../support/chromium.js';
import { heatstack } from '../support/cli.js';

const SEED = 'test/fixtures/seed/wordpress_mysql.yml';

/** A HOT template with one resource of each shape and every kind of edge. */
const MIXED = `heat_template_version: 2016-10-14
resources:
  password: {type: OS::Heat::RandomString}
  net: {type: OS::Neutron::Net}
  vol: {type: OS::Cinder::Volume, properties: {size: 1}}
  group: {type: OS::Heat::ResourceGroup, properties: {resource_def: {type: OS::Heat::None}}}
  db:
    type: DockerInc::Docker::Container
    properties: {image: mysql, env: [{list_join: ['=', [PW, {get_attr: [password, value]}]]}]}
  web:
    type: DockerInc::Docker::Container
    depends_on: [db, group]
    properties: {image: web, env: [{get_attr: [db, network_ip]}], name: {get_resource: vol}}
`;

function template(text: string) {
  const parsed = parseTemplate(text);
  if (parsed.template === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.template;
}

describe('the graph of a template', () => {
  test('has a node per resource and an edge per dependency, told apart by how it arose', () => {
    const graph = stackGraph(template(MIXED));
    expect(graph.nodes.map((n) => n.id)).toEqual(['password', 'net', 'vol', 'group', 'db', 'web']);
    expect(graph.edges).toEqual([
      { from: 'db', to: 'password', kind: 'reference' },
      { from: 'web', to: 'db', kind: 'both' },
      { from: 'web', to: 'group', kind: 'depends_on' },
      { from: 'web', to: 'vol', kind: 'reference' },
    ]);
  });

  test('gives each kind of resource type its shape', () => {
    expect(shapeOf('OS::Heat::Docker')).toBe('container');
    expect(shapeOf('DockerInc::Docker::Container')).toBe('container');
    expect(shapeOf('Heatstack::Docker::Volume')).toBe('volume');
    expect(shapeOf('Heatstack::Docker::Network')).toBe('network');
    expect(shapeOf('Heatstack::Docker::Image')).toBe('image');
    expect(shapeOf('OS::Heat::RandomString')).toBe('value');
    expect(shapeOf('OS::Heat::ResourceGroup')).toBe('group');
    expect(shapeOf('nested/db.yaml')).toBe('group');
    expect(shapeOf('OS::Nova::Server')).toBe('other');
  });

  test('leaves out references to names that are no resource, and a resource naming itself', () => {
    const graph = stackGraph(
      template(`heat_template_version: 2016-10-14
resources:
  a: {type: OS::Heat::None, depends_on: [a], properties: {}}
  b: {type: OS::Heat::Value, properties: {value: {get_resource: ghost}}}
`),
    );
    expect(graph.edges).toEqual([]);
  });
});

describe('its layout (dagre)', () => {
  const layout = layoutGraph(stackGraph(template(MIXED)));
  const at = (id: string) => layout.nodes.find((n) => n.id === id)!;

  test('puts every resource above what it depends on', () => {
    for (const e of stackGraph(template(MIXED)).edges) expect(at(e.from).y).toBeLessThan(at(e.to).y);
  });

  test('lets no two nodes overlap, and fits them inside the picture', () => {
    for (const a of layout.nodes) {
      expect(a.x - a.width / 2).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width / 2).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height / 2).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart =
          Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${a.id} and ${b.id}`).toBe(true);
      }
    }
  });

  test('routes each edge from its dependent towards its dependency', () => {
    for (const e of layout.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(e.points[0]!.y).toBeLessThan(e.points.at(-1)!.y);
    }
  });
});

describe('the SVG', () => {
  test('draws each node in its shape, with its id, type and (given one) status', () => {
    const { svg } = templateSvg(template(MIXED), { db: 'CREATE_COMPLETE', web: 'CREATE_IN_PROGRESS' });
    expect(svg).toMatch(
      /<g class="hs-node" data-resource="db" data-shape="container" data-action="CREATE" data-progress="COMPLETE">/,
    );
    expect(svg).toMatch(/data-resource="web" data-shape="container" data-action="CREATE" data-progress="IN_PROGRESS"/);
    expect(svg).toMatch(/data-resource="vol" data-shape="volume">/);
    expect(svg).toMatch(/data-resource="password" data-shape="value">.*<ellipse class="shape"/);
    expect(svg).toContain('<text class="type" ');
    expect(svg).toContain('>DockerInc::Docker::Container</text>');
  });

  test('draws explicit and implicit edges differently', () => {
    const { svg } = templateSvg(template(MIXED));
    expect(svg).toMatch(/<path class="hs-edge depends_on" data-from="web" data-to="group"/);
    expect(svg).toMatch(/<path class="hs-edge reference" data-from="db" data-to="password"/);
    expect(svg).toMatch(/<path class="hs-edge both" data-from="web" data-to="db"/);
    expect(svg).toMatch(/\.hs-edge\.depends_on\{stroke-dasharray/);
  });

  test('escapes names, so a resource cannot inject markup', () => {
    const t = template(`HeatTemplateFormatVersion: '2012-12-12'
Resources:
  "<script>x</script>&": {Type: OS::Heat::None}
`);
    const svg = renderSvg(layoutGraph(stackGraph(t)));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;x&#60;/script&#62;&#38;');
  });

  test('is the same text each time for the same template', () => {
    expect(templateSvg(template(MIXED)).svg).toBe(templateSvg(template(MIXED)).svg);
  });
});

describe('the DOT text', () => {
  test('has the shapes and edge styles of the picture', () => {
    const dot = renderDot(stackGraph(template(MIXED)), 'shop');
    expect(dot).toContain('digraph "shop" {');
    expect(dot).toContain('"vol" [label="vol\\nOS::Cinder::Volume", shape=cylinder];');
    expect(dot).toContain('"web" -> "group" [style=dashed, label="depends_on"];');
    expect(dot).toContain('"db" -> "password" [style=solid];');
    expect(dot).toContain('"web" -> "db" [style=bold, label="depends_on"];');
  });
});

describe('heatstack graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-graph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the seed template as SVG', async () => {
    const r = await heatstack('graph', SEED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(r.stdout).toMatch(/data-from="Blog" data-to="Database"/);
  });

  test('takes the format from -o, and writes DOT', async () => {
    const out = join(dir, 'seed.dot');
    expect((await heatstack('graph', SEED, '-o', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('"Blog" -> "Database" [style=solid];');
  });

  test('draws an app’s stack', async () => {
    const r = await heatstack('graph', 'examples/wordpress.ts', '--format', 'dot');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"Blog" -> "Database"/);
  });

  test.each([
    ['cfn, by default', [], 'OS::Heat::Docker'],
    ['cfn', ['--dialect', 'cfn'], 'OS::Heat::Docker'],
    ['hot', ['--dialect', 'hot'], 'DockerInc::Docker::Container'],
  ])("an app's graph names the types synth writes for it (%s)", async (_, dialect, blogType) => {
    // GIVEN the wordpress example, whose Blog is written as a different type in each dialect
    const app = 'examples/wordpress.ts';
    // WHEN
    const graph = (await heatstack('graph', app, '--format', 'dot', ...dialect)).stdout;
    const synth = JSON.parse((await heatstack('synth', app, '--format', 'json', ...dialect)).stdout);
    // THEN each resource is labelled with the type the synthesized template gives it
    const resources = Object.entries(synth.Resources ?? synth.resources) as [
      string,
      { Type?: string; type?: string },
    ][];
    const labels = resources.map(([id, r]) => `"${id}" [label="${id}\\n${r.Type ?? r.type}"`);
    expect(labels).toContain(`"Blog" [label="Blog\\n${blogType}"`);
    for (const label of labels) expect(graph).toContain(label);
  });

  test('--dialect is for an app: with a template file it is a usage error, as is an unknown dialect', async () => {
    await expect(heatstack('graph', SEED, '--dialect', 'hot')).rejects.toThrow(
      /--dialect is for an app file: a template is drawn as written/,
    );
    await expect(heatstack('graph', 'examples/wordpress.ts', '--dialect', 'aws')).rejects.toThrow(
      /--dialect must be cfn or hot, not 'aws'/,
    );
  });

  test('draws the stack named of an app with several, and asks for one when none is', async () => {
    const app = 'test/fixtures/apps/multi-stack.ts';
    expect((await heatstack('graph', app, '--stack', 'Back', '--format', 'dot')).stdout).toContain('"Db" [label=');
    await expect(heatstack('graph', app)).rejects.toThrow(/has 2 stacks \(Front, Back\): pick one with --stack/);
  });

  test('refuses an unknown format (exit 2) and an invalid template (exit 1), writing nothing', async () => {
    await expect(heatstack('graph', SEED, '--format', 'gif')).rejects.toThrow(
      /--format must be svg, png or dot, not 'gif'/,
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'heat_template_version: 2016-10-14\nresources:\n  a: {type: 1}\n');
    await expect(heatstack('graph', bad, '-o', join(dir, 'bad.svg'))).rejects.toThrow(
      /bad.yaml is not a valid template/,
    );
    expect(() => readFileSync(join(dir, 'bad.svg'))).toThrow();
  });
});

describeBrowser('heatstack graph --format png', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatstack-graph-png-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('draws a PNG through headless Chromium', async () => {
    const out = join(dir, 'seed.png');
    expect((await heatstack('graph', SEED, '-o', out)).code).toBe(0);
    const png = readFileSync(out);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The IHDR chunk: the picture's width and height, as the SVG has them.
    const { width, height } = templateSvg(template(readFileSync(SEED, 'utf8')));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
  }, 60_000);
});
