import { findReferences } from '../../template/dependencies.js';
import type { Expr, Template } from '../../template/model.js';
import type { ReadValue, StackRecord } from '../state/record.js';
import { existing } from './run.js';
import type { Backend, TemplateServices } from './services.js';

/**
 * Evaluates expressions against the live stack: fetches, from the handlers, every attribute an expression reads,
 * then evaluates it synchronously. Attributes are cached by physical id, so a replaced resource is read afresh and
 * three properties reading the same object cost one read each.
 */
export class LiveValues {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly template: Template,
    private readonly parameters: Readonly<Record<string, unknown>>,
    private readonly record: StackRecord,
    private readonly backend: Backend,
    private readonly services: TemplateServices,
  ) {}

  async evaluate(expr: Expr): Promise<unknown> {
    const refs = findReferences(expr);
    const values = new Map<string, unknown>();
    await Promise.all(
      [...refs.attributes].map(async (key) => {
        const [resource, attribute] = key.split('\0') as [string, string];
        values.set(key, await this.attribute(resource, attribute));
      }),
    );
    return this.services.evaluate(expr, {
      template: this.template,
      parameters: this.parameters,
      resourceId: (name) => this.record.resources[name]?.physicalId,
      attribute: (resource, attribute) => values.get(`${resource}\0${attribute}`),
    });
  }

  /**
   * The values `expr` reads of attributes their object's list tells again on the next deploy (its handler's
   * `listedAttributes`), as read: from the cache, so after `evaluate(expr)` this asks the backend nothing.
   */
  async listedReads(expr: Expr): Promise<ReadValue[]> {
    const reads: ReadValue[] = [];
    for (const key of [...findReferences(expr).attributes].sort()) {
      const [resource, spelled] = key.split('\0') as [string, string];
      const rec = this.record.resources[resource];
      if (rec?.physicalId === undefined) continue;
      const attribute = this.services.canonicalAttribute(rec.type, spelled) ?? spelled;
      if (!this.backend.handlerFor(rec.type)?.listedAttributes?.includes(attribute)) continue;
      const value = await this.attribute(resource, spelled).catch(() => undefined);
      if (typeof value === 'string' && value !== '') reads.push({ resource, attribute, value });
    }
    return reads;
  }

  /** The first of `reads` whose object tells another value now (read afresh once per object and attribute). */
  async changedRead(reads: readonly ReadValue[]): Promise<{ read: ReadValue; now: string } | undefined> {
    for (const read of reads) {
      const now = await this.attribute(read.resource, read.attribute).catch(() => undefined);
      if (typeof now === 'string' && now !== '' && now !== read.value) return { read, now };
    }
    return undefined;
  }

  private attribute(resource: string, spelled: string): Promise<unknown> {
    const rec = this.record.resources[resource];
    if (rec?.physicalId === undefined) return Promise.resolve(undefined);
    const canonical = this.services.canonicalAttribute(rec.type, spelled) ?? spelled;
    const key = `${rec.physicalId}\0${canonical}`;
    let value = this.cache.get(key);
    if (value === undefined) {
      const handler = this.backend.handlerFor(rec.type);
      if (handler === undefined) return Promise.reject(new Error(`no handler for resource type ${rec.type}`));
      value = handler.attribute(existing(this.record.name, resource, rec, rec.physicalId), canonical);
      this.cache.set(key, value);
    }
    return value;
  }
}
