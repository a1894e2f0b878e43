import type { RunResult } from './engine/stack-engine.js';
import type { StackRecord } from './state/record.js';
import type { StackEvent } from './status.js';

/** What `ls --json` prints per stack. */
export interface StackSummary {
  readonly name: string;
  readonly status: string;
  readonly statusReason: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resources: number;
  /** Resources per state (`{"CREATE_COMPLETE": 3}`). */
  readonly resourceStates: Record<string, number>;
}

export function summarize(record: StackRecord): StackSummary {
  const states: Record<string, number> = {};
  for (const r of Object.values(record.resources)) states[r.status] = (states[r.status] ?? 0) + 1;
  return {
    name: record.name,
    status: record.status,
    statusReason: record.statusReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    resources: Object.keys(record.resources).length,
    resourceStates: states,
  };
}

/** Rows padded into columns, the first row a header. */
export function table(rows: readonly (readonly string[])[]): string {
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

export function formatStackList(records: readonly StackRecord[]): string {
  if (records.length === 0) return 'No stacks.';
  const rows = records.map((r) => {
    const s = summarize(r);
    return [
      s.name,
      s.status,
      s.createdAt.slice(0, 19).replace('T', ' '),
      s.updatedAt.slice(0, 19).replace('T', ' '),
      String(s.resources),
    ];
  });
  return table([['NAME', 'STATUS', 'CREATED', 'UPDATED', 'RESOURCES'], ...rows]);
}

/** `Name = value` per output (`# description` above it); an output that failed shows its error. */
export function formatOutputs(outputs: StackRecord['outputs']): string {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return 'No outputs.';
  return entries
    .map(([name, o]) => {
      const head = o.description ? `# ${o.description}\n` : '';
      const value =
        o.error !== undefined ? `(error: ${o.error})` : typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
      return `${head}${name} = ${value}`;
    })
    .join('\n');
}

export function formatEvents(stackName: string, events: readonly StackEvent[]): string {
  if (events.length === 0) return 'No events.';
  const rows = events.map((e) => [
    e.time.replace('T', ' ').slice(0, 23),
    e.resource ?? stackName,
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
