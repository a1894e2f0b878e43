import { describe, expect, test } from 'vitest';
import { showLines, showText } from '../src/terminal-text.js';
import { RAW_CONTROL } from './support/terminal.js';

const ESC = '\x1b';

describe('showText: text from a user, a template or a container, shown on one line', () => {
  test('C0 controls, DEL and C1 controls are written out as JSON or git would show them', () => {
    expect(showText('a\nb\rc\td\be\ff')).toBe('a\\nb\\rc\\td\\be\\ff');
    expect(showText(`${ESC}[2Jgone`)).toBe('\\x1b[2Jgone');
    expect(showText('\x00\x07\x7f')).toBe('\\x00\\x07\\x7f');
    expect(showText('\x9b2J\x80\x9f')).toBe('\\u009b2J\\u0080\\u009f');
  });

  test('a lone surrogate is written out; a pair (an emoji) and other text stay as they are', () => {
    expect(showText('x\ud800y')).toBe('x\\ud800y');
    expect(showText('x\udc00')).toBe('x\\udc00');
    expect(showText('😀 é ü 漢字 \\n')).toBe('😀 é ü 漢字 \\n');
    expect(showText('')).toBe('');
  });

  test('the result holds no control character, whatever the input', () => {
    let all = '';
    for (let c = 0; c < 0x100; c++) all += String.fromCharCode(c);
    expect(showText(all)).not.toMatch(RAW_CONTROL);
    expect(showText(all)).not.toContain('\n');
  });

  test('escaping escaped text changes nothing (it can be applied twice safely)', () => {
    const once = showText(`a\n${ESC}[2J\x9b`);
    expect(showText(once)).toBe(once);
  });
});

describe('showLines: a text of several lines keeps them, each escaped, continuation lines indented', () => {
  test('lines split at \\n and \\r\\n; a lone \\r and escapes within a line are written out', () => {
    expect(showLines(`exited\r\nlast ${ESC}[31mred\nprogress 1%\rprogress 99%`)).toBe(
      'exited\n    last \\x1b[31mred\n    progress 1%\\rprogress 99%',
    );
  });

  test('no continuation line can pass for a line of its own: every one is indented', () => {
    const shown = showLines('failed\n12:00:01  Db  CREATE_COMPLETE\nStack s: CREATE_COMPLETE', '  ');
    expect(shown.split('\n').slice(1)).toEqual(['  12:00:01  Db  CREATE_COMPLETE', '  Stack s: CREATE_COMPLETE']);
  });
});
