import type { Diagnostic } from '../diagnostics.js';
import type { SourcePosition } from '../model.js';
import type { TemplatePaths } from './paths.js';

/**
 * Collects diagnostics, each with its position: the position of its path or, when the source has none for
 * that exact path (a path inside a function's arguments, a value given on the command line), of the nearest
 * enclosing path that has one.
 */
export class Report {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly paths: TemplatePaths,
    private readonly positionOf?: (path: string) => SourcePosition | undefined,
  ) {}

  error(path: string, message: string): void {
    this.add(path, message, 'error');
  }

  warning(path: string, message: string): void {
    this.add(path, message, 'warning');
  }

  /** This report, its errors given as warnings saying why (what Heat never checks, and heatstack only notes). */
  asWarnings(why: string): Report {
    const view = Object.create(this) as Report;
    view.error = (path, message) => this.warning(path, `${message} (${why})`);
    return view;
  }

  private add(path: string, message: string, severity: Diagnostic['severity']): void {
    const key = `${severity}\0${path}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const position = this.locate(path);
    this.diagnostics.push(position ? { path, message, severity, position } : { path, message, severity });
  }

  private locate(path: string): SourcePosition | undefined {
    if (this.positionOf === undefined) return undefined;
    let p = path;
    while (p !== '') {
      const found = this.positionOf(p);
      if (found) return found;
      p = parentPath(p);
    }
    return undefined;
  }
}

/** `a.b[1]` → `a.b`; `a.b` → `a`; `a` → ``. Keys holding dots (`Fn::Join` has none) are not split specially. */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}
