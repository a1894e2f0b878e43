import { describe, expect, test } from 'vitest';
import { App } from '../../src/constructs/app.js';
import { DockerContainer } from '../../src/constructs/docker-container.js';
import { DockerVolume } from '../../src/constructs/docker-volume.js';
import { Output } from '../../src/constructs/output.js';
import { Stack } from '../../src/constructs/stack.js';
import { createBackend } from '../../src/deploy/backend.js';
import { emitTemplate } from '../../src/template/emit/index.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { DOCKER_VOLUME_TYPE } from '../../src/template/resource-types/docker-volume.js';
import { deployableResourceTypes } from '../../src/template/resource-types/index.js';
import { RESOURCE_TYPES } from '../../src/template/resource-types/registry.js';
import { validateTemplate } from '../../src/template/validate/index.js';

// docs/adding-a-resource-type.md takes the Docker volume type as its worked example: what it says of a type module
// holds of that one (its deploy against Docker: test/deploy/e2e/storage.test.ts, test/deploy/docker/).

/** A stack of a volume and a container that reads the volume's name. */
function volumeApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Files');
  const data = new DockerVolume(stack, 'Data', { labels: { purpose: 'test' } });
  new DockerContainer(stack, 'Reader', { image: 'busybox', env: [`VOLUME=${data.volumeName}`] });
  new Output(stack, 'Volume', { value: data.volumeName });
  return app;
}

describe('the worked example of docs/adding-a-resource-type.md (the Docker volume type)', () => {
  test('is one line of the registry, listed as deployable', () => {
    expect(RESOURCE_TYPES).toContain(DOCKER_VOLUME_TYPE);
    expect(deployableResourceTypes()).toContain('Heatstack::Docker::Volume');
  });

  test('is synthesized by its typed construct, its attribute read by another resource', () => {
    const [template] = volumeApp().synth({ dialect: 'hot' });
    expect(template?.template.resources.Data).toEqual({
      type: 'Heatstack::Docker::Volume',
      properties: { labels: { purpose: 'test' } },
      dependsOn: [],
    });
    const text = emitTemplate(template!.template, { dialect: 'hot', format: 'yaml' });
    expect(text).toContain(
      "- list_join:\n            - ''\n            - - VOLUME=\n              - get_attr: [Data, name]",
    );
  });

  test('is validated against its schema, with paths and suggestions', () => {
    const parsed = parseTemplate(
      'heat_template_version: 2021-04-16\nresources:\n  Data:\n    type: Heatstack::Docker::Volume\n    properties:\n      driver: [local]\n      label: {}\n',
    );
    if (parsed.template === undefined) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
    const messages = validateTemplate(parsed.template).map((d) => `${d.path}: ${d.message}`);
    expect(messages.join('\n')).toMatch(/resources\.Data\.properties\.driver: .*string/);
    expect(messages.join('\n')).toMatch(/label.*did you mean 'labels'/);
  });

  test('reaches its handler through the backend, which loads the module lazily', async () => {
    const backend = createBackend({}, [DOCKER_VOLUME_TYPE]);
    const handler = backend.handlerFor('Heatstack::Docker::Volume');
    expect(handler?.defaultDeletionPolicy).toBe('Retain');
    expect(handler?.locatorOf?.({ docker_endpoint: 'tcp://h:2376', driver: 'local' })).toEqual({
      docker_endpoint: 'tcp://h:2376',
    });
  });
});
