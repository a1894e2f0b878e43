import { App, DockerContainer, DockerImage, Stack } from 'heatstack';
import { describe, expect, test } from 'vitest';

describe('DockerImage', () => {
  test('synthesizes a Heatstack::Docker::Image; a container takes it by reference (get_resource)', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const web = new DockerImage(stack, 'Web', {
      context: './web',
      dockerfile: 'Dockerfile.prod',
      buildArgs: { BASE_IMAGE: 'busybox:1.36' },
      target: 'serve',
      labels: { team: 'web' },
    });
    new DockerContainer(stack, 'Server', { image: web.ref, env: [`IMAGE_ID=${web.imageId}`] });
    const resources = app.synth({ dialect: 'hot' })[0]!.template.resources;
    expect(resources.Web).toMatchObject({
      type: 'Heatstack::Docker::Image',
      properties: {
        context: './web',
        dockerfile: 'Dockerfile.prod',
        build_args: { BASE_IMAGE: 'busybox:1.36' },
        target: 'serve',
        labels: { team: 'web' },
      },
    });
    expect(JSON.stringify(resources.Server?.properties.image)).toContain('get_resource');
    expect(JSON.stringify(resources.Server?.properties.env)).toContain('image_id');
  });

  test('a missing context is reported with the construct path and an example', () => {
    const app = new App();
    new DockerImage(new Stack(app, 'S'), 'Web', {} as never);
    expect(() => app.synth()).toThrow(/S\/Web[\s\S]*context[\s\S]*'\.\/web'/);
  });
});
