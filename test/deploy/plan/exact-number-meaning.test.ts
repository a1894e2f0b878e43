import { describe, expect, test } from 'vitest';
import { configHash } from '../../../src/deploy/plan/config-hash.js';
import { resourceMeaning } from '../../../src/deploy/plan/meaning.js';
import type { Template } from '../../../src/template/model.js';
import { parseTemplate } from '../../../src/template/parse/index.js';

/**
 * A whole float (`1.0`) is its own value in the model (`src/template/exact-number.ts`); a deploy compares what Heat
 * compares: Python's `1 == 1.0`, so the same number written either way is no change, while text made from it
 * (`str_replace` gives `v=1` or `v=1.0`) is one.
 */

const container = (properties: string) =>
  parseTemplate(
    `heat_template_version: 2021-04-16\nresources:\n  web:\n    type: DockerInc::Docker::Container\n    properties: ${properties}\n`,
  ).template as Template;

const hashOf = (properties: string) => configHash(container(properties), 'web', {});

describe('the configuration hash of a container whose properties hold whole floats', () => {
  test('the same number written as an integer or as a float is one configuration (int(8.0) == 8)', () => {
    expect(hashOf('{image: busybox, memory: 100000000.0}')).toBe(hashOf('{image: busybox, memory: 100000000}'));
  });

  test('text made from the number differs: v=1 is not v=1.0', () => {
    const replaced = (x: string) => `{image: busybox, cmd: [echo, {str_replace: {template: v=X, params: {X: ${x}}}}]}`;
    expect(hashOf(replaced('1.0'))).not.toBe(hashOf(replaced('1')));
    expect(resourceMeaning(container(replaced('1.0')), 'web', {}).properties.cmd).toEqual(['echo', 'v=1.0']);
  });

  test('an integer beyond 2^53 is hashed by its digits, not by the nearest double', () => {
    const labelled = (n: string) => `{image: busybox, cmd: [echo, {str_replace: {template: N, params: {N: ${n}}}}]}`;
    expect(hashOf(labelled('9007199254740993'))).not.toBe(hashOf(labelled('9007199254740992')));
  });
});
