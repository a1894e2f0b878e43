import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { App } from '../../src/constructs/app.js';
import { DockerContainer } from '../../src/constructs/docker-container.js';
import { Output } from '../../src/constructs/output.js';
import { Stack } from '../../src/constructs/stack.js';
import { destroyStack } from '../../src/deploy/engine/stack-engine.js';
import { LABELS } from '../../src/deploy/handler.js';
import { parseTemplate } from '../../src/template/parse/index.js';
import { deployableResourceTypes } from '../../src/template/resource-types/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { deployFile, dockerObjectsOf, e2eWorkspace, session } from '../deploy/support/e2e.js';
import { describeDocker, testDocker } from '../support/docker.js';
import { TEST_IMAGES } from '../support/images.js';
import { ExampleVolume } from './example-volume/construct.js';

// The registry line of docs/adding-a-resource-type.md, step 2 (a test adds it here rather than ship the example).
vi.mock('../../src/template/resource-types/registry.js', async (importOriginal) => {
  const { RESOURCE_TYPES } = await importOriginal<typeof import('../../src/template/resource-types/registry.js')>();
  const { EXAMPLE_VOLUME_TYPE } = await import('./example-volume/module.js');
  return { RESOURCE_TYPES: [...RESOURCE_TYPES, EXAMPLE_VOLUME_TYPE] };
});

/** A stack of a volume and a container that prints the volume's name. */
function volumeApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Files');
  const data = new ExampleVolume(stack, 'Data', { labels: { purpose: 'test' } });
  const reader = new DockerContainer(stack, 'Reader', { image: 'busybox', env: [`VOLUME=${data.volumeName}`] });
  new Output(stack, 'Volume', { value: data.volumeName });
  void reader;
  return app;
}

const HOT = `heat_template_version: 2021-04-16
resources:
  Data:
    type: Example::Docker::Volume
    properties:
      labels: { purpose: test }
  Reader:
    type: DockerInc::Docker::Container
    properties:
      image: ${TEST_IMAGES.busybox}
      cmd: [sh, -c, 'echo "$VOLUME"; trap "exit 0" TERM; sleep 3600 & wait']
      env: [{ list_join: ['', ['VOLUME=', { get_attr: [Data, name] }]] }]
outputs:
  Volume:
    value: { get_attr: [Data, mountpoint] }
`;

describe('a resource type added by following docs/adding-a-resource-type.md (a Docker volume)', () => {
  test('is registered, listed as deployable, and synthesized by its typed construct', () => {
    expect(deployableResourceTypes()).toContain('Example::Docker::Volume');
    const [template] = volumeApp().synth({ dialect: 'hot' });
    expect(template?.template.resources.Data).toEqual({
      type: 'Example::Docker::Volume',
      properties: { labels: { purpose: 'test' } },
      dependsOn: [],
    });
    expect(template?.template.resources.Reader?.type).toBe('DockerInc::Docker::Container');
  });

  test('is validated against its schema, with paths and suggestions', () => {
    const parsed = parseTemplate(
      'heat_template_version: 2021-04-16\nresources:\n  Data:\n    type: Example::Docker::Volume\n    properties:\n      driver: [local]\n      label: {}\n',
    );
    if (parsed.template === undefined) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
    const messages = validateTemplate(parsed.template).map((d) => `${d.path}: ${d.message}`);
    expect(messages.join('\n')).toMatch(/resources\.Data\.properties\.driver: .*string/);
    expect(messages.join('\n')).toMatch(/label.*did you mean 'labels'/);
  });
});

describeDocker('the example volume type against Docker', () => {
  const ws = e2eWorkspace('doc-type');

  test('deploys, is kept by a second deploy, and is destroyed with nothing left', async () => {
    const stack = ws.newStack('vol');
    const file = join(ws.dir, `${stack}.yaml`);
    writeFileSync(file, HOT);
    // WHEN deployed
    const first = await deployFile(file, stack, ws.stateDir);
    // THEN the volume exists under the stack's labels, and its attribute reached the output
    expect(first.record.status).toBe('CREATE_COMPLETE');
    const docker = await testDocker();
    const volumes = (await docker.listVolumes({ filters: JSON.stringify({ label: [`${LABELS.stack}=${stack}`] }) }))
      .Volumes;
    expect(volumes?.map((v) => v.Labels?.[LABELS.resource])).toEqual(['Data']);
    expect(volumes?.[0]?.Labels?.purpose).toBe('test');
    expect(first.record.outputs.Volume?.value).toBe(volumes?.[0]?.Mountpoint);
    // WHEN deployed again unchanged, THEN nothing is replaced (the container's sweep left the volume alone too)
    const second = await deployFile(file, stack, ws.stateDir);
    expect(second.record.resources.Data?.physicalId).toBe(first.record.resources.Data?.physicalId);
    // WHEN destroyed, THEN nothing of the stack is left
    const destroyed = await destroyStack(stack, session(ws.stateDir));
    expect(destroyed.ok).toBe(true);
    expect(await dockerObjectsOf(stack)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
