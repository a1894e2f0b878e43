/**
 * The app loader's transpiler for files that declare stack members with `@parameter`/`@output`
 * (`constructs/decorators.ts`): their types come from TypeScript's decorator metadata (`design:type`), which
 * neither sucrase nor Node's type stripping writes. It claims only such files (a look at the text), first in
 * `TRANSPILERS`, so every other file loads as fast as before; the TypeScript compiler (the one ts-morph carries)
 * is loaded on the first file it compiles, and its output is cached like any other (`cache.ts`).
 *
 * Compiled with legacy decorators and their metadata, and `useDefineForClassFields` off so that a declared field
 * (`dbPassword!: string`) does not hide the value the stack gives it. `reflect-metadata` is imported first, for the
 * metadata to be kept. A member whose type metadata cannot tell (a union is written as `Object`, as an object type
 * is) is marked just after its class, on the same line, so the inline source map still points at the user's lines.
 */

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ClassDeclaration, PropertyDeclaration, TypeNode } from 'ts-morph';
import { AMBIGUOUS_TYPE } from '../../constructs/private/decorator-marks.js';
import { loadOnce } from '../../load-once.js';
import type { ModuleFormat, Transpiler } from './transpile.js';

const require = createRequire(import.meta.url);

/** ts-morph (and the TypeScript compiler in it), loaded on the first decorated file the cache does not hold. */
const morph = loadOnce<typeof import('ts-morph')>('ts-morph');

const USES_MEMBER_DECORATORS = /@(?:parameter|output)\s*\(/;

export const DECORATOR_METADATA: Transpiler = {
  id: `ts-morph-${(require('ts-morph/package.json') as { version: string }).version}-decorators-2`,
  claims: (_file, source) => USES_MEMBER_DECORATORS.test(source),
  compile: compileWithDecoratorMetadata,
};

/** The JavaScript of a decorated TypeScript file, as an ES module or CommonJS, with an inline source map. */
export function compileWithDecoratorMetadata(file: string, text: string, format: ModuleFormat): string {
  const { ts } = morph();
  const marked = withAmbiguousMarks(text);
  // By its path: the app's folder need not have reflect-metadata, heatstack has it.
  const reflectPath = require.resolve('reflect-metadata');
  const reflect = format === 'module' ? pathToFileURL(reflectPath).href : reflectPath;
  const out = ts.transpileModule(withImportFirst(marked, reflect), {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  return out.outputText;
}

/**
 * The source with `import "<reflect>";` at its head, on its first line (after a `#!` line), so every line stays
 * where it was. First, not last: CommonJS output keeps the imports in place as `require` calls, and one at the end
 * ran after the decorators, whose metadata was then dropped (`__metadata` writes nothing without `Reflect.metadata`).
 */
function withImportFirst(text: string, reflect: string): string {
  const head = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  return `${text.slice(0, head)}import ${JSON.stringify(reflect)}; ${text.slice(head)}`;
}

function withAmbiguousMarks(text: string): string {
  const { Node, Project, SyntaxKind } = morph();
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  const file = project.createSourceFile('app.ts', text);
  const inserts: { pos: number; text: string }[] = [];
  for (const cls of file.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
    const marks = ambiguousMembers(cls).map(
      (name) =>
        ` Reflect.defineMetadata(${JSON.stringify(AMBIGUOUS_TYPE)}, true, ${cls.getName()}.prototype, ${JSON.stringify(name)});`,
    );
    if (marks.length > 0 && cls.getName() !== undefined && Node.isSourceFile(cls.getParent())) {
      inserts.push({ pos: cls.getEnd(), text: marks.join('') });
    }
  }
  let out = text;
  for (const { pos, text: mark } of inserts.sort((a, b) => b.pos - a.pos))
    out = out.slice(0, pos) + mark + out.slice(pos);
  return out;
}

/** `@parameter` fields whose declared type `design:type` cannot give: none, `any`/`unknown`, a union of kinds. */
function ambiguousMembers(cls: ClassDeclaration): string[] {
  return cls
    .getProperties()
    .filter((p) => p.getDecorators().some((d) => d.getName() === 'parameter') && isAmbiguous(p))
    .map((p) => p.getName());
}

function isAmbiguous(p: PropertyDeclaration): boolean {
  const type = p.getTypeNode();
  if (type === undefined) return true;
  return kindOf(type) === undefined;
}

/** The one kind a type node stands for (`string`, `number`, …), or undefined when it is several or none. */
function kindOf(type: TypeNode): string | undefined {
  const { Node, SyntaxKind } = morph();
  if (Node.isParenthesizedTypeNode(type)) return kindOf(type.getTypeNode());
  if (Node.isUnionTypeNode(type)) {
    const kinds = new Set(
      type
        .getTypeNodes()
        .filter((t) => !isNullish(t))
        .map(kindOf),
    );
    return kinds.size === 1 ? [...kinds][0] : undefined;
  }
  if (Node.isLiteralTypeNode(type)) {
    const literal = type.getLiteral();
    if (Node.isStringLiteral(literal)) return 'string';
    if (Node.isNumericLiteral(literal) || Node.isPrefixUnaryExpression(literal)) return 'number';
    if (Node.isTrueLiteral(literal) || Node.isFalseLiteral(literal)) return 'boolean';
    return undefined;
  }
  const kind = type.getKind();
  if (kind === SyntaxKind.AnyKeyword || kind === SyntaxKind.UnknownKeyword) return undefined;
  return type.getText();
}

function isNullish(t: TypeNode): boolean {
  const { Node, SyntaxKind } = morph();
  return (
    t.getKind() === SyntaxKind.UndefinedKeyword ||
    (Node.isLiteralTypeNode(t) && t.getLiteral().getKind() === SyntaxKind.NullKeyword)
  );
}
