import { camelName, pascalName } from '../constructs/private/type-names.js';

/**
 * Variable names for the template's logical ids: camelCase (`BlogURL` → `blogUrl`, `db_port` → `dbPort`), never a
 * reserved word or a name the file already uses, and never twice (a second `blog` becomes `blog2`).
 */
export class VariableNames {
  private readonly taken = new Set<string>(RESERVED);

  /** Names the generated file itself uses (imports, the class, `app`). */
  reserve(...names: string[]): void {
    for (const n of names) this.taken.add(n);
  }

  /** A fresh name for a logical id; `suffix` (`Param`) is tried before a number when the plain name is taken. */
  name(logicalId: string, suffix: string): string {
    const base = camelName(logicalId) || suffix.toLowerCase();
    const candidates = [base, `${base}${suffix}`];
    for (let n = 2; ; n++) {
      const candidate = candidates.shift() ?? `${base}${suffix}${n}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}

/** A class name from a file name: `wordpress_mysql.yml` → `WordpressMysqlStack`. */
export function classNameFor(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const name = pascalName(base).replace(/^_/, '');
  return `${/^[A-Za-z]/.test(name) ? name : `Imported${name}`}Stack`;
}

// ECMAScript's reserved words and those strict mode and TypeScript add, and names a stack's constructor uses.
const RESERVED = [
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for'.split(
    ' ',
  ),
  ...'function if import in instanceof new null return super switch this throw true try typeof var void while with'.split(
    ' ',
  ),
  ...'yield let static implements interface package private protected public await arguments eval'.split(' '),
  ...'any boolean number string symbol object never unknown undefined NaN Infinity'.split(' '),
  'scope',
  'id',
];

/** A template key as the dialect spells it: `Properties` in CFN, `properties` in HOT (`DependsOn` → `depends_on`). */
export function templateKey(dialect: 'cfn' | 'hot', cfn: string): string {
  if (dialect === 'cfn') return cfn;
  return cfn.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
