import { App, DockerContainer, Output, Stack } from 'heatstack';
import { synthesize } from 'heatstack/template';
import { describe, expect, test } from 'vitest';
import { desiredStack } from '../../src/deploy/engine/desired.js';
import { formatPlan } from '../../src/deploy/plan/plan.js';
import { planDeploy } from '../../src/deploy/plan/planner.js';
import { deployedRecords, fakeServices } from '../deploy/support/fake-backend.js';

/** `dnsName`: a container's name on the stack network, known at synth, that records the dependency and reads nothing. */

function blog(dbImage: string) {
  const app = new App();
  const stack = new Stack(app, 'Blog');
  const db = new DockerContainer(stack, 'Database', { image: dbImage });
  new DockerContainer(stack, 'Web', { image: 'samalba/wordpress', env: [`DB_HOST=${db.dnsName}`, 'DB_PORT=3306'] });
  new Output(stack, 'DbUrl', { value: `mysql://${db.dnsName}:3306` });
  return synthesize(app, { dialect: 'hot' })[0]!.template;
}

describe('DockerContainer.dnsName', () => {
  test('is the logical id in lower case, and makes the reader depend on the container', () => {
    const template = blog('samalba/mysql');
    expect(template.resources.Web?.properties.env).toEqual(['DB_HOST=database', 'DB_PORT=3306']);
    expect(template.resources.Web?.dependsOn).toEqual(['Database']);
    expect(template.outputs.DbUrl?.value).toBe('mysql://database:3306');
  });

  test('a replace of the container it names does not replace the reader', () => {
    const records = deployedRecords(blog('samalba/mysql'));
    const observed = Object.entries(records).map(([n, r]) => ({
      logicalId: n,
      physicalId: r.physicalId as string,
      configHash: r.configHash,
      deployId: r.deployId,
    }));
    const desired = desiredStack(blog('samalba/mysql:8'), {}, fakeServices);
    expect(formatPlan(planDeploy(desired, { resources: records, observed })).split('\n')).toEqual([
      'create Database: configuration changed (image) (create before delete)',
      'delete Database: replaced: configuration changed (image) (create before delete) [after create Database]',
      'keep Web: unchanged',
    ]);
  });
});
