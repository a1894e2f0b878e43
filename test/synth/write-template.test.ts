import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { App, DockerContainer, Stack } from '../../src/constructs/index.js';
import { writeTemplateFile } from '../../src/synth/index.js';
import { emitTemplate } from '../../src/template/emit/index.js';
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
