import { describe, expect, test } from 'vitest';
import { linePrinter, mergeByTime } from '../../src/cli/logs.js';
import type { LogLine } from '../../src/deploy/docker/logs.js';

const line = (time: string, text: string): LogLine => ({ time: `2026-12-04T18:00:0${time}Z`, stream: 1, text });

describe('heatstack logs: lines of several containers', () => {
  test('are merged by time; lines of one container with equal times keep their order', () => {
    const db = [line('0.1', 'db 1'), line('0.3', 'db 2'), line('0.3', 'db 3')];
    const web = [line('0.2', 'web 1'), line('0.30000001', 'web 2')];
    expect(mergeByTime([db, web]).map((m) => `${m.source} ${m.line.text}`)).toEqual([
      '0 db 1',
      '1 web 1',
      '0 db 2',
      '0 db 3',
      '1 web 2',
    ]);
  });

  test('are prefixed by their resource, padded to the longest, in a colour of their own on a terminal', () => {
    const out: string[] = [];
    const printer = linePrinter(['Db', 'Web', 'Cache'], { terminal: true, colour: true, timestamps: false }, (t) =>
      out.push(t),
    );
    printer.print(0, line('1', 'a'));
    printer.print(1, line('2', 'b'));
    printer.print(2, line('3', 'c\x07'));
    expect(out).toEqual([
      '\x1b[36mDb    |\x1b[0m a\n',
      '\x1b[33mWeb   |\x1b[0m b\n',
      '\x1b[32mCache |\x1b[0m c\\x07\n',
    ]);
  });

  test('piped: no colour, the text as written, and the time when asked', () => {
    const out: string[] = [];
    const printer = linePrinter(['Db'], { terminal: false, colour: false, timestamps: true }, (t) => out.push(t));
    printer.print(0, line('1.5', 'raw \x1b[1m'));
    expect(out).toEqual(['Db | 2026-12-04T18:00:01.5Z raw \x1b[1m\n']);
  });
});
