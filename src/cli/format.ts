import type { RunResult } from '../deploy/engine/stack-engine.js';
import { isAlive } from '../deploy/state/lock.js';
import type { StackRecord } from '../deploy/state/record.js';
import type { StackFile } from '../deploy/state/store.js';
import type { StackEvent } from '../deploy/status.js';
import type { Template } from '../template/model.js';
import { stringifyJsonExactly } from '../template/parse/json-numbers.js';
import { showLines, showText } from '../terminal-text.js';
import { resourceLabel } from './resource-paths.js';

/** What `ls --json` prints per stack. */
export interface StackSummary {
  readonly name: string;
  readonly status: string;
  readonly statusReason: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Resources that exist (have a container); failed creates and deleted ones do not count. */
  readonly resources: number;
  /** Existing resources per state (`{"CREATE_COMPLETE": 3}`). */
  readonly resourceStates: Record<string, number>;
  /** Set when the run that left the stack in progress is dead: what to do about it. */
  readonly interrupted?: string;
}

/** `ls --json` for a state file that cannot be read. */
export interface UnreadableSummary {
  readonly name: string;
  readonly status: 'UNREADABLE';
  readonly statusReason: string;
}

export function summarize(record: StackRecord): StackSummary {
  const states: Record<string, number> = {};
  const existing = Object.values(record.resources).filter((r) => r.physicalId !== undefined);
  for (const r of existing) states[r.status] = (states[r.status] ?? 0) + 1;
  const interrupted = interruptedRun(record);
  return {
    name: record.name,
    status: record.status,
    statusReason: record.statusReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    resources: existing.length,
    resourceStates: states,
    ...(interrupted ? { interrupted } : {}),
  };
}

export function summarizeFile(file: StackFile): StackSummary | UnreadableSummary {
  return 'record' in file
    ? summarize(file.record)
    : { name: file.name, status: 'UNREADABLE', statusReason: file.error };
}

/** `interrupted: process N is gone; run deploy or destroy` when the run recorded as working on the stack is dead. */
export function interruptedRun(record: StackRecord): string | undefined {
  const pending = record.pending;
  if (pending === undefined || isAlive(pending.pid)) return undefined;
  return `interrupted: process ${pending.pid} is gone; run deploy or destroy`;
}

/** The stack's status, with the interruption hint when its run died. */
export function statusLine(record: StackRecord): string {
  const interrupted = interruptedRun(record);
  return interrupted ? `${record.status} (${interrupted})` : record.status;
}

/** Rows padded into columns, the first row a header; a cell is one line, its control characters written out. */
export function table(cells: readonly (readonly string[])[]): string {
  const rows = cells.map((row) => row.map(showText));
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `notes` adds to a stack's status (`ls`: whether its containers run), in parentheses. */
export function formatStackList(files: readonly StackFile[], notes?: ReadonlyMap<string, string>): string {
  if (files.length === 0) return 'No stacks.';
  const rows = files.map((f) => {
    if (!('record' in f)) return [f.name, `UNREADABLE (${f.error.split('\n')[0]})`, '', '', ''];
    const s = summarize(f.record);
    const note = notes?.get(f.name);
    return [
      s.name,
      note ? `${statusLine(f.record)} (${note})` : statusLine(f.record),
      s.createdAt.slice(0, 19).replace('T', ' '),
      s.updatedAt.slice(0, 19).replace('T', ' '),
      String(s.resources),
    ];
  });
  return table([['NAME', 'STATUS', 'CREATED', 'UPDATED', 'RESOURCES'], ...rows]);
}

/**
 * `Name = value` per output (`# description` above it); an output that failed shows its error. A value of several
 * lines (a container's logs) keeps them, indented under its name.
 */
export function formatOutputs(outputs: StackRecord['outputs']): string {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return 'No outputs.';
  return entries
    .map(([name, o]) => {
      const head = o.description ? `# ${showText(o.description)}\n` : '';
      const value =
        o.error !== undefined
          ? `(error: ${o.error})`
          : typeof o.value === 'string'
            ? o.value
            : stringifyJsonExactly(o.value);
      return `${head}${showText(name)} = ${showLines(value)}`;
    })
    .join('\n');
}

/** The events as a table; `template` (the record's) gives resources their construct paths, where it carries them. */
export function formatEvents(stackName: string, events: readonly StackEvent[], template?: Template): string {
  if (events.length === 0) return 'No events.';
  const rows = events.map((e) => [
    e.time.replace('T', ' ').slice(0, 23),
    e.resource === undefined ? stackName : resourceLabel(template, e.resource),
    e.status,
    (e.reason ?? '').split('\n')[0] ?? '',
  ]);
  return table([['TIME', 'RESOURCE', 'STATUS', 'REASON'], ...rows]);
}

/** The end of a deploy as JSON: the stack's state, its outputs, and why it failed. */
export function runResultJson(result: RunResult): Record<string, unknown> {
  return {
    stack: result.record.name,
    status: result.record.status,
    statusReason: result.record.statusReason,
    outputs: result.record.outputs,
    ...(result.failure ? { failure: result.failure } : {}),
  };
}
