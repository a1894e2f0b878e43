import { loadAppFile, synthesize } from 'heatstack/template';

/** An app file creating one stack whose one container runs `image` (computed by `expression`, in TypeScript). */
export function appImporting(imports: string, expression: string): string {
  return [
    "import { App, DockerContainer, Stack } from 'heatstack';",
    imports,
    'const app = new App();',
    "const stack = new Stack(app, 'S');",
    `const image: string = ${expression};`,
    "new DockerContainer(stack, 'Web', { image });",
    'export default app;',
    '',
  ].join('\n');
}

export async function imageOf(file: string): Promise<unknown> {
  const [stack] = synthesize(await loadAppFile(file));
  return stack!.template.resources.Web!.properties.Image;
}
