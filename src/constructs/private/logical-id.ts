import { createHash } from 'node:crypto';

/**
 * The logical id of an element from its path below its stack. A direct child keeps its id as written (`Blog`);
 * a nested one gets its path in PascalCase plus an 8-character hash of the path (`SiteDatabase3F2A1B9C`): readable,
 * stable as long as the path is, and unique even when two paths squash to the same letters. `Default` is left out
 * of the readable part, as in the AWS CDK, so that wrapping a resource in a construct can keep its name readable.
 */
export function logicalIdOf(pathBelowStack: readonly string[]): string {
  if (pathBelowStack.length === 1) return pathBelowStack[0]!;
  const readable = pathBelowStack
    .filter((id) => id !== 'Default')
    .map(pascalCase)
    .join('');
  const hash = createHash('md5').update(pathBelowStack.join('/')).digest('hex').slice(0, 8).toUpperCase();
  return `${readable}${hash}`;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
