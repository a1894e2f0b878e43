import { findReferences } from '../../template/dependencies.js';
import type { Expr, Template } from '../../template/model.js';
import type { StackRecord } from '../state/record.js';
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
