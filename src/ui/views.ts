import {
  emitTemplate,
  firstEventNumber,
  HIDDEN_VALUE,
  isAlive,
  type StackEvent,
  type StackRecord,
  type StackSummary,
  type Status,
  summarize,
  type Template,
} from './engine.js';

/**
 * What the dashboard sends about a stack: built from its record, which holds hidden parameter values only as
 * `******` (and masks them in events, reasons and outputs); what the record keeps beyond that — a hidden
 * parameter's default in the template — is masked here, so no response carries a hidden value.
 */

/** A stack as the list and the live updates show it: what `ls --json` gives, and more. */
export interface StackView extends StackSummary {
  /** Each resource's status, for the topology's colours. */
  readonly resourceStatuses: Readonly<Record<string, Status>>;
  /** The live run working on it now (its lock's owner), if any. */
  readonly busy?: { readonly pid: number; readonly action: string; readonly startedAt: string };
  /** What its page offers now (`stackActions`). */
  readonly actions: StackActions;
}

/** The actions a stack's page offers: those the engine would take now. */
export interface StackActions {
  readonly update: boolean;
  readonly suspend: boolean;
  readonly resume: boolean;
  readonly delete: boolean;
}

/**
 * What the engine would take now: nothing while a run holds the stack (it would be refused as busy); resume only for
 * a stack suspended, even in part (a resume that did not finish), which a deploy refuses; suspend unless it is.
 */
export function stackActions(status: Status, busy: boolean): StackActions {
  if (busy) return { update: false, suspend: false, resume: false, delete: false };
  const suspended = status.startsWith('SUSPEND_') || status === 'RESUME_IN_PROGRESS' || status === 'RESUME_FAILED';
  return { update: !suspended, suspend: status !== 'SUSPEND_COMPLETE', resume: suspended, delete: true };
}

export interface ResourceView {
  readonly name: string;
  readonly type: string;
  readonly physicalId?: string;
  readonly status: Status;
  readonly statusReason: string;
  readonly updatedAt: string;
}

export interface OutputView {
  readonly name: string;
  readonly description?: string;
  readonly value?: unknown;
  readonly error?: string;
  /** The value is an http(s) URL: the page makes it a link. */
  readonly url?: string;
}

export interface StackDetail extends StackView {
  readonly resourceList: readonly ResourceView[];
  readonly outputs: readonly OutputView[];
  readonly parameters: readonly { readonly name: string; readonly value: unknown; readonly hidden: boolean }[];
  readonly events: readonly StackEvent[];
  /** The number of the first of `events` (older ones were purged: `event-log.ts`); live events come numbered. */
  readonly firstEvent: number;
  /** The template as deployed, in its own dialect, as YAML. */
  readonly template: string;
  readonly source?: string;
}

export function stackSummary(record: StackRecord): StackView {
  const pending = record.pending;
  const live = pending !== undefined && isAlive(pending.pid);
  return {
    ...summarize(record),
    resourceStatuses: Object.fromEntries(Object.entries(record.resources).map(([n, r]) => [n, r.status])),
    ...(live ? { busy: { pid: pending.pid, action: pending.action, startedAt: pending.startedAt } } : {}),
    actions: stackActions(record.status, live),
  };
}

export function stackDetail(record: StackRecord): StackDetail {
  const hidden = hiddenParameters(record.template);
  return {
    ...stackSummary(record),
    resourceList: Object.entries(record.resources).map(([name, r]) => ({
      name,
      type: r.type,
      physicalId: r.physicalId,
      status: r.status,
      statusReason: r.statusReason,
      updatedAt: r.updatedAt,
    })),
    outputs: Object.entries(record.outputs).map(([name, o]) => ({ name, ...o, ...urlOf(o.value) })),
    parameters: Object.entries(record.parameters)
      .filter(([name]) => Object.hasOwn(record.template.parameters, name))
      .map(([name, value]) => ({ name, value: hidden.has(name) ? HIDDEN_VALUE : value, hidden: hidden.has(name) })),
    events: record.events,
    firstEvent: firstEventNumber(record),
    template: templateText(record.template),
    source: record.source,
  };
}

function urlOf(value: unknown): { url?: string } {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) return {};
  // Linked as it reads (the page shows the value), once it parses as a URL.
  return URL.canParse(value) ? { url: value } : {};
}

function hiddenParameters(template: Template): Set<string> {
  return new Set(Object.entries(template.parameters).flatMap(([n, d]) => (d.hidden ? [n] : [])));
}

/** The template with each hidden parameter's default written as `******`. */
export function maskedTemplate(template: Template): Template {
  const parameters = Object.fromEntries(
    Object.entries(template.parameters).map(([name, def]) => [
      name,
      def.hidden && def.default !== undefined ? { ...def, default: HIDDEN_VALUE } : def,
    ]),
  );
  return { ...template, parameters };
}

/** The template as YAML in its own dialect (and version), hidden defaults masked. */
export function templateText(template: Template): string {
  try {
    return emitTemplate(maskedTemplate(template), { dialect: template.version.dialect, format: 'yaml' });
  } catch (err) {
    return `# the template cannot be written out: ${(err as Error).message}`;
  }
}
