import { describe, expect, test } from 'vitest';
import { createReporter, formatEventLine } from '../../src/cli/progress.js';
import type { StackRecord } from '../../src/deploy/state/record.js';
import type { StackEvent } from '../../src/deploy/status.js';
import { emptyTemplate } from '../../src/template/model.js';
import { RAW_CONTROL } from '../support/terminal.js';

const record = { name: 'blog' } as StackRecord;
const ESC = String.fromCharCode(27);
const event = (
  resource: string | undefined,
  status: StackEvent['status'],
  reason: string,
  time = '2026-01-01T12:00:01.000Z',
): StackEvent => ({ time, resource, status, reason });

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (t: string) => chunks.push(t) > 0 } };
}

/** What a plain-line reporter writes for one event and one progress message of a resource. */
function plainLines(resource: string, status: StackEvent['status'], reason: string, progress: string): string[] {
  const { chunks, stream } = sink(false);
  const reporter = createReporter(stream, {});
  reporter.onEvent?.(event(resource, status, reason), record);
  reporter.onProgress?.(resource, progress);
  reporter.finish();
  return chunks;
}

describe('progress', () => {
  test('an event line shows time, resource (or stack), status and reason, continuation lines indented', () => {
    expect(formatEventLine('blog', event('Db', 'CREATE_COMPLETE', 'state changed'))).toBe(
      '12:00:01  Db  CREATE_COMPLETE  state changed',
    );
    expect(
      formatEventLine('blog', event(undefined, 'CREATE_FAILED', 'Resource CREATE failed: Db: exited\nlast line')),
    ).toBe('12:00:01  blog  CREATE_FAILED  Resource CREATE failed: Db: exited\n    last line');
  });

  test('not on a terminal: one plain line per event, as it happens', () => {
    expect(plainLines('Db', 'CREATE_IN_PROGRESS', 'state changed: new resource', 'pulling busybox: 50%')).toEqual([
      '12:00:01  Db  CREATE_IN_PROGRESS  state changed: new resource\n',
      'Db: pulling busybox: 50%\n',
    ]);
  });

  test('on a terminal with CI set: plain lines too', () => {
    const { chunks, stream } = sink(true);
    const reporter = createReporter(stream, { CI: 'true' });
    reporter.onEvent?.(event('Db', 'CREATE_COMPLETE', 'state changed'), record);
    reporter.finish();
    expect(chunks).toEqual(['12:00:01  Db  CREATE_COMPLETE  state changed\n']);
  });

  test('on a terminal: a table of resources redrawn in place, with states and durations', () => {
    const { chunks, stream } = sink(true);
    const reporter = createReporter(stream, {});
    reporter.onEvent?.(event(undefined, 'CREATE_IN_PROGRESS', 'Stack CREATE started'), record);
    reporter.onEvent?.(event('Database', 'CREATE_IN_PROGRESS', 'state changed', '2026-01-01T12:00:01.000Z'), record);
    reporter.onEvent?.(event('Database', 'CREATE_COMPLETE', 'state changed', '2026-01-01T12:00:03.500Z'), record);
    reporter.onEvent?.(event('Blog', 'CREATE_IN_PROGRESS', 'state changed', '2026-01-01T12:00:03.500Z'), record);
    reporter.finish();
    reporter.finish();
    // The first draw has no cursor movement; the second moves up over the 3 lines it drew and clears them.
    const plain = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    expect(chunks[0]).not.toContain('\x1b[3A');
    expect(chunks[1]?.startsWith('\x1b[3A\r\x1b[0J')).toBe(true);
    const lines = plain(chunks[1] ?? '')
      .replace('\x1b[3A\r\x1b[0J', '')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^blog {2}CREATE_IN_PROGRESS {2}\d+\.\ds$/);
    expect(lines[1]).toMatch(/^ {2}Database {2}CREATE_COMPLETE\s+2\.5s {2}state changed$/);
    expect(lines[2]).toMatch(/^ {2}Blog {6}CREATE_IN_PROGRESS\s+\d+\.\ds {2}state changed$/);
  });

  test('a notice (what an interrupt does) is a line of its own: under the table, kept by every redraw', () => {
    const { chunks, stream } = sink(true);
    const reporter = createReporter(stream, {});
    reporter.onEvent?.(event('Db', 'DELETE_IN_PROGRESS', 'state changed'), record);
    reporter.finish();
    reporter.notice('interrupted (Ctrl-C): rolling back');
    reporter.finish();
    reporter.finish();
    const lastDraws = chunks.slice(1).map((c) => c.split('\n').filter((l) => l !== ''));
    expect(lastDraws.map((lines) => lines.at(-1))).toEqual([
      'interrupted (Ctrl-C): rolling back',
      'interrupted (Ctrl-C): rolling back',
    ]);
    // The redraw after the notice moves up over the table and the notice alike.
    expect(chunks[2]?.startsWith('\x1b[3A\r\x1b[0J')).toBe(true);
  });

  test('not on a terminal: a notice is one more line', () => {
    const { chunks, stream } = sink(false);
    createReporter(stream, {}).notice('interrupted (Ctrl-C): rolling back');
    expect(chunks).toEqual(['interrupted (Ctrl-C): rolling back\n']);
  });

  test('a resource whose template carries its construct path shows it beside its hashed id, in lines and in the table', () => {
    const nested = {
      name: 'blog',
      template: {
        ...emptyTemplate('hot'),
        resources: {
          SiteDatabaseAE06730E: {
            type: 'T',
            properties: {},
            dependsOn: [],
            metadata: { 'heatstack:path': 'Blog/Site/Database' },
          },
        },
      },
    } as unknown as StackRecord;
    const done = event('SiteDatabaseAE06730E', 'CREATE_COMPLETE', 'state changed');
    expect(formatEventLine('blog', done, nested.template)).toBe(
      '12:00:01  SiteDatabaseAE06730E (Site/Database)  CREATE_COMPLETE  state changed',
    );
    const { chunks, stream } = sink(true);
    const reporter = createReporter(stream, {});
    reporter.onEvent?.(done, nested);
    reporter.finish();
    expect(chunks.join('')).toContain('  SiteDatabaseAE06730E (Site/Database)  ');
  });

  describe('names and reasons from a template or a container never reach the terminal raw', () => {
    const name = `Db\n12:00:02  Web  CREATE_COMPLETE`;
    const reason = `exited${ESC}[2J\r\nlast line\x9b`;

    test('plain lines: one line per event (continuations indented), every control written out', () => {
      expect(plainLines(name, 'CREATE_FAILED', reason, `pulling${ESC}[1A`)).toEqual([
        '12:00:01  Db\\n12:00:02  Web  CREATE_COMPLETE  CREATE_FAILED  exited\\x1b[2J\n    last line\\u009b\n',
        'Db\\n12:00:02  Web  CREATE_COMPLETE: pulling\\x1b[1A\n',
      ]);
    });

    test('the table: one line per resource, and no escape sequence but its own colours and cursor moves', () => {
      const { chunks, stream } = sink(true);
      const reporter = createReporter(stream, {});
      reporter.onEvent?.(event(name, 'CREATE_FAILED', reason), record);
      reporter.finish();
      const drawn = chunks.join('');
      const own = new RegExp(`${ESC}\\[([0-9;]*m|\\d+A\\r${ESC}\\[0J)`, 'g');
      expect(drawn.replace(own, '')).not.toMatch(RAW_CONTROL);
      const lines = drawn.replace(own, '').trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^ {2}Db\\n12:00:02 {2}Web {2}CREATE_COMPLETE {2}CREATE_FAILED\s+\S+ {2}exited\\x1b\[2/);
    });
  });
});
