import { HeatstackError } from '../../errors.js';
import { lookupFunction, type Spelling, spellingFor } from '../functions/index.js';
import type { FnContext } from '../functions/spellings.js';
import { KEY_NAMES, type KeyNames } from '../key-names.js';
import type { Call, Expr, FnName, TemplateVersion } from '../model.js';
import { describeVersion, featuresOf, type VersionFeatures } from '../versions.js';
import type { Plain } from './yaml-writer.js';

/**
 * The state of writing a template in one dialect and version (`Shaper`: key names, features, function spellings, the
 * template path for messages), and the error a template that cannot be written throws.
 */

/** A template that cannot be written in the requested dialect or version; the message names the template path. */
export class TemplateEmitError extends HeatstackError {
  override name = 'TemplateEmitError';
  /** Where (the template path, as the target spells it), what is wrong there, and the call that cannot be written. */
  declare readonly at?: { readonly path: string; readonly problem: string; readonly call?: Call };
  constructor(message: string, at?: TemplateEmitError['at']) {
    super(message);
    // Not enumerable: the error equals another of the same message.
    Object.defineProperty(this, 'at', { value: at, enumerable: false });
  }
}

export type MutableMap = Record<string, Plain>;

const NAMES = KEY_NAMES;

type Names = KeyNames;

export class Shaper {
  readonly path: (string | number)[] = [];
  readonly names: Names;
  readonly features: VersionFeatures;
  readonly hotDate?: string;
  private readonly spellings = new Map<FnName, Spelling | null>();
  private readonly usable: Record<FnContext, Map<string, string | null>> = { value: new Map(), condition: new Map() };

  constructor(readonly version: TemplateVersion) {
    this.names = NAMES[version.dialect];
    this.features = featuresOf(version);
    this.hotDate = version.dialect === 'hot' ? version.value : undefined;
  }

  pathText(): string {
    let out = '';
    for (const p of this.path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
    return out;
  }

  at<T>(key: string | number, f: () => T): T {
    this.path.push(key);
    const result = f();
    this.path.pop();
    return result;
  }

  spelling(fn: FnName): Spelling | undefined {
    let s = this.spellings.get(fn);
    if (s === undefined) {
      s = spellingFor(fn, this.version) ?? null;
      this.spellings.set(fn, s);
    }
    return s ?? undefined;
  }

  /** Why `name` would not read back as a function in `context` (or `undefined` when it would). */
  problemReading(name: string, context: FnContext): string | undefined {
    const cache = this.usable[context];
    let p = cache.get(name);
    if (p === undefined) {
      const found = lookupFunction(name, this.version, context);
      p = found?.kind === 'function' ? null : (found?.message ?? `"${name}" is not a function here`);
      cache.set(name, p);
    }
    return p ?? undefined;
  }

  /** Whether a single-key map `{name: …}` would be read back as a function call instead of data. */
  readsAsFunction(name: string, context: FnContext): boolean {
    const found = lookupFunction(name, this.version, context);
    return found !== undefined && found.kind !== 'plain';
  }
}

export function fail(s: Shaper, message: string, call?: Call): never {
  const where = s.pathText();
  throw new TemplateEmitError(`${where ? `${where}: ` : ''}${message} (writing ${describeVersion(s.version)})`, {
    path: where,
    problem: message,
    ...(call !== undefined && { call }),
  });
}

/** `obj[key] = value`, safe for a key named `__proto__`. */
export function setKey(obj: MutableMap, key: string, value: Plain): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * HOT from 2016-10-14 also spells deletion policies in lower case (`retain`); Heat reads both the same. A version
 * without them gets the capitalized spelling, so a converted template keeps its meaning.
 */
export function deletionPolicyFor(policy: Expr, s: Shaper): Expr {
  if (typeof policy !== 'string' || s.features.lowerCaseDeletionPolicies) return policy;
  return policy.charAt(0).toUpperCase() + policy.slice(1);
}

export function hasEntries(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * The functions whose calls the JSON writers write themselves (`json-lines.ts` and `fast-json.ts`), defined once:
 * those whose spelling gives the arguments as they are (`writesAsIs`), and `get_param`, whose `write` renames only
 * its scalar first argument. A call of any other is shaped by `callToPlain`; each writer still checks that the
 * spelling's output has the arguments in place, and otherwise shapes the call too.
 */
export function isWrittenDirectly(fn: FnName, spelling: Spelling | undefined): boolean {
  return spelling?.write !== undefined && (spelling.writesAsIs !== undefined || fn === 'get_param');
}
