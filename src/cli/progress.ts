import type { EngineListener } from '../deploy/engine/run.js';
import type { StackRecord } from '../deploy/state/record.js';
import { progressOf, type StackEvent } from '../deploy/status.js';
import type { Template } from '../template/model.js';
import { showLines, showText } from '../terminal-text.js';
import { resourceLabel } from './resource-paths.js';

export interface ProgressStream {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Reporter extends EngineListener {
  /** A line to show below the progress (what an interrupt does), without breaking a redrawn table. */
  notice(line: string): void;
  /** Stops redrawing and leaves the final table (or nothing more, for plain lines) on screen. */
  finish(): void;
}

/**
 * Live progress of a run: on a terminal, a table of resources with their state and duration, redrawn in place; plain
 * event lines otherwise, or when `CI` is set (logs keep every line; a redrawn table would be noise there).
 */
export function createReporter(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): Reporter {
  const live = stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
  return live ? new TableReporter(stream) : new LineReporter(stream);
}

/**
 * One line per event: `12:00:01  Blog  CREATE_COMPLETE  state changed`; a resource whose construct path the
 * template carries shows it beside its id (`SiteDb3F2A1B9C (Site/Db)`). Names and reasons come from the template and
 * from containers: their control characters are written out (`showText`), and continuation lines of a reason (a
 * container's last output lines) are indented under the event they belong to.
 */
export function formatEventLine(stackName: string, event: StackEvent, template?: Template): string {
  const time = event.time.slice(11, 19);
  const reason = event.reason ? `  ${showLines(event.reason)}` : '';
  const name = event.resource === undefined ? stackName : resourceLabel(template, event.resource);
  return `${time}  ${showText(name)}  ${showText(event.status)}${reason}`;
}

class LineReporter implements Reporter {
  constructor(private readonly stream: ProgressStream) {}

  onEvent(event: StackEvent, record: StackRecord): void {
    this.stream.write(`${formatEventLine(record.name, event, record.template)}\n`);
  }

  onProgress(resource: string, message: string): void {
    this.stream.write(`${showText(resource)}: ${showText(message)}\n`);
  }

  notice(line: string): void {
    this.stream.write(`${line}\n`);
  }

  finish(): void {}
}

interface Row {
  readonly name: string;
  type: string;
  status: string;
  reason: string;
  started: number;
  ended?: number;
}

const ESC = '\x1b[';
const COLORS: Record<string, string> = { IN_PROGRESS: '33', COMPLETE: '32', FAILED: '31' };

/** The table, redrawn at most every 100 ms and once a second for the running clocks. */
class TableReporter implements Reporter {
  private readonly rows = new Map<string, Row>();
  private stack = { name: '', status: '', reason: '', started: Date.now() };
  private drawnLines = 0;
  /** Drawn under the table, so that a redraw keeps them. */
  private readonly notices: string[] = [];
  private pending: NodeJS.Timeout | undefined;
  private readonly clock: NodeJS.Timeout;

  constructor(private readonly stream: ProgressStream) {
    this.clock = setInterval(() => this.draw(), 1000);
    this.clock.unref();
  }

  onEvent(event: StackEvent, record: StackRecord): void {
    const at = Date.parse(event.time);
    if (event.resource === undefined) {
      this.stack = { name: record.name, status: event.status, reason: event.reason, started: this.stack.started };
    } else {
      let row = this.rows.get(event.resource);
      if (row === undefined || (progressOf(event.status) === 'IN_PROGRESS' && row.ended !== undefined)) {
        row = {
          name: showText(resourceLabel(record.template, event.resource)),
          type: event.type ?? '',
          status: event.status,
          reason: event.reason,
          started: at,
        };
        this.rows.set(event.resource, row);
      }
      row.status = event.status;
      row.reason = event.reason;
      row.ended = progressOf(event.status) === 'IN_PROGRESS' ? undefined : at;
    }
    this.schedule();
  }

  onProgress(resource: string, message: string): void {
    const row = this.rows.get(resource);
    if (row) row.reason = message;
    this.schedule();
  }

  notice(line: string): void {
    this.notices.push(line);
    this.schedule();
  }

  finish(): void {
    clearInterval(this.clock);
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    this.draw();
  }

  private schedule(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, 100);
  }

  private draw(): void {
    const width = Math.max(40, this.stream.columns || 120);
    const nameWidth = Math.max(8, ...[...this.rows.values()].map((row) => row.name.length));
    const lines = [
      `${showText(this.stack.name)}  ${paint(this.stack.status)}  ${seconds(Date.now() - this.stack.started)}`,
    ];
    for (const row of this.rows.values()) {
      const took = seconds((row.ended ?? Date.now()) - row.started);
      const reason = showText(row.reason.split('\n')[0] ?? '');
      const line = `  ${row.name.padEnd(nameWidth)}  ${paint(row.status.padEnd(20))} ${took.padStart(6)}  ${reason}`;
      lines.push(truncate(line, width));
    }
    lines.push(...this.notices.map((n) => truncate(n, width)));
    const up = this.drawnLines > 0 ? `${ESC}${this.drawnLines}A\r${ESC}0J` : '';
    this.stream.write(`${up}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

function paint(status: string): string {
  const trimmed = status.trim();
  const color =
    COLORS[trimmed.endsWith('IN_PROGRESS') ? 'IN_PROGRESS' : trimmed.endsWith('COMPLETE') ? 'COMPLETE' : 'FAILED'];
  return trimmed === '' ? status : `${ESC}${color}m${status}${ESC}0m`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Cuts a line to the terminal's width (escape sequences do not take up columns), so a redraw never wraps. */
function truncate(line: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= width - 1) break;
    out += line[i];
    visible++;
  }
  return out.includes(ESC) ? `${out}${ESC}0m` : out;
}
