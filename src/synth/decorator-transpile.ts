import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  type ClassDeclaration,
  Node,
  Project,
  type PropertyDeclaration,
  SyntaxKind,
  type TypeNode,
  ts,
} from 'ts-morph';
import { AMBIGUOUS_TYPE } from '../constructs/decorators.js';

/**
 * An app file that declares stack members with `@parameter`/`@output`, compiled by the TypeScript compiler (the
 * one ts-morph carries) with legacy decorators and their type metadata (`design:type`), and with
 * `useDefineForClassFields` off so that a declared field (`dbPassword!: string`) does not hide the value the stack
 * gives it. `reflect-metadata` is imported for the metadata to be kept. A member whose type metadata cannot tell
 * (a union is written as `Object`, as an object type is) is marked just after its class, on the same line, so the
 * inline source map still points at the lines the user wrote.
 */
export function compileWithDecoratorMetadata(text: string, fileName: string): string {
  const marked = withAmbiguousMarks(text);
  // By its path: the app's folder need not have reflect-metadata, heatstack has it.
  const reflect = pathToFileURL(createRequire(import.meta.url).resolve('reflect-metadata')).href;
  const out = ts.transpileModule(`${marked}\nimport ${JSON.stringify(reflect)};\n`, {
    fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  return out.outputText;
}

function withAmbiguousMarks(text: string): string {
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
  return (
    t.getKind() === SyntaxKind.UndefinedKeyword ||
    (Node.isLiteralTypeNode(t) && t.getLiteral().getKind() === SyntaxKind.NullKeyword)
  );
}
