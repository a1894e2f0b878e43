import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { App, DockerContainer, Stack } from '../../src/constructs/index.js';
import { writeTemplateFile } from '../../src/synth/index.js';
import { emitTemplate, shapeFor } from '../../src/template/emit/index.js';
import { call, emptyTemplate, type Template } from '../../src/template/model.js';

const dir = mkdtempSync(join(tmpdir(), 'heatstack-write-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chain(count: number): Template {
  const app = new App();
  const stack = new Stack(app, 'Chain');
  let prev = new DockerContainer(stack, 'C0', { image: 'busybox' });
  for (let i = 1; i < count; i++) {
    prev = new DockerContainer(stack, `C${i}`, {
      image: 'busybox',
      env: [`PREV_IP=${prev.networkIp}`, `GREETING=grüß dich, ${i} 👋`],
    });
  }
  return app.synth()[0]!.template;
}

test.each(['json', 'yaml'] as const)('the file holds the bytes emitTemplate gives (%s, several chunks)', (format) => {
  // GIVEN a template whose text is several chunks long
  const template = chain(400);
  const file = join(dir, `chain.${format}`);
  // WHEN
  const bytes = writeTemplateFile(file, template, { dialect: 'cfn', format, version: 'auto' });
  // THEN
  const expected = emitTemplate(template, { dialect: 'cfn', format, version: 'auto' });
  expect(readFileSync(file, 'utf8')).toBe(expected);
  expect(bytes).toBe(Buffer.byteLength(expected));
});

test('a version that cannot express the template is abandoned and the file started over in the next', () => {
  // GIVEN a CFN template with a condition, which only AWSTemplateFormatVersion has
  const template: Template = {
    ...emptyTemplate('cfn'),
    conditions: { Always: call('equals', 'a', 'a') },
    resources: {
      Box: { type: 'OS::Heat::Docker', properties: { Image: 'busybox' }, dependsOn: [], condition: 'Always' },
    },
  };
  const file = join(dir, 'conditions.yaml');
  // WHEN
  writeTemplateFile(file, template, { dialect: 'cfn', format: 'yaml', version: 'auto' });
  // THEN
  const text = readFileSync(file, 'utf8');
  expect(text).toBe(emitTemplate(template, { dialect: 'cfn', format: 'yaml', version: 'auto' }));
  expect(text.startsWith("AWSTemplateFormatVersion: '2010-09-09'")).toBe(true);
});

test('a JSON resource bigger than the write buffer is written whole, as JSON.stringify writes it', () => {
  // GIVEN one resource whose text is over a megabyte: long strings, some to escape, some beyond ASCII
  const long = 'x'.repeat(300_000);
  const template: Template = {
    ...emptyTemplate('hot'),
    resources: {
      Big: {
        type: 'OS::Heat::Docker',
        properties: { env: [long, `${long}"quoted"\n`, `${long}ü€👋`, call('join', '', [long, 'end'])] },
        dependsOn: [],
      },
    },
  };
  const file = join(dir, 'big.json');
  // WHEN
  const bytes = writeTemplateFile(file, template, { dialect: 'hot', format: 'json' });
  // THEN
  const text = readFileSync(file, 'utf8');
  expect(bytes).toBe(Buffer.byteLength(text));
  expect(text).toBe(`${JSON.stringify(shapeFor(template, { dialect: 'hot' }), null, 2)}\n`);
  expect(JSON.parse(text).resources.Big.properties.env[2]).toBe(`${long}ü€👋`);
  const tail = `"${long}",\n                "end"\n              ]\n            ]\n          }\n        ]\n      }\n    }\n  }\n}\n`;
  expect(text.endsWith(tail)).toBe(true);
});

test('a template a version cannot express leaves no partial JSON: the next version is written from the start', () => {
  // GIVEN a CFN template whose second resource calls Fn::If (AWSTemplateFormatVersion only), after a big one
  const template: Template = {
    ...emptyTemplate('cfn'),
    resources: {
      Big: { type: 'OS::Heat::Docker', properties: { Image: 'y'.repeat(200_000) }, dependsOn: [] },
      Box: { type: 'OS::Heat::Docker', properties: { Image: call('if', 'Always', 'a', 'b') }, dependsOn: [] },
    },
  };
  const file = join(dir, 'if.json');
  // WHEN
  writeTemplateFile(file, template, { dialect: 'cfn', format: 'json', version: 'auto' });
  // THEN
  const text = readFileSync(file, 'utf8');
  expect(text).toBe(emitTemplate(template, { dialect: 'cfn', format: 'json', version: 'auto' }));
  expect(text.startsWith('{\n  "AWSTemplateFormatVersion": "2010-09-09",')).toBe(true);
  expect(JSON.parse(text).Resources.Box.Properties.Image).toEqual({ 'Fn::If': ['Always', 'a', 'b'] });
});
