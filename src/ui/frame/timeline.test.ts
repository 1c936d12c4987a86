import { describe, it, expect } from 'vitest';
import { formatT, timelineOf } from './timeline';
import type { LogEntry } from '../../worker/protocol';

const tty = (i: number, data: string, terminal: 'console' | 'pts/0' = 'console'): LogEntry => ({ t: i * 1e9, n: i * 10, input: { kind: 'tty', terminal, data } });

describe('timelineOf', () => {
  it('reads keystrokes back as the command lines a line editor would submit', () => {
    const log: LogEntry[] = [
      { t: 0, n: 1, input: { kind: 'resize', terminal: 'console', rows: 30, cols: 90 } },
      tty(1, 's'),
      tty(2, 'leep 100 &'),
      tty(3, '\r'),
      tty(4, 'kilx\x7fl %1\x1b[D\x1b[C\r'),
      tty(5, 'cat\r'),
      tty(6, '\x03'),
      tty(7, 'ec\x15echo a\x17b\r'),
      { t: 8e9, n: 80, input: { kind: 'open', terminal: 'pts/0', rows: 30, cols: 90 } },
      tty(9, 'ps\r', 'pts/0'),
      { t: 10e9, n: 100, input: { kind: 'close', terminal: 'pts/0' } },
    ];
    expect(timelineOf(log).map((i) => [i.index, i.terminal, i.kind, i.label])).toEqual([
      [1, 'console', 'command', 'sleep 100 &'],
      [4, 'console', 'command', 'kill %1'],
      [5, 'console', 'command', 'cat'],
      [6, 'console', 'control', '^C'],
      [7, 'console', 'command', 'echo b'],
      [8, 'pts/0', 'open', 'pts/0'],
      [9, 'pts/0', 'command', 'ps'],
      [10, 'pts/0', 'close', 'pts/0'],
    ]);
  });

  it('formats virtual time as min:s.ms', () => {
    expect(formatT(0)).toBe('0:00.000');
    expect(formatT(62_345_678_901)).toBe('1:02.345');
    expect(formatT(3_723_004e6)).toBe('1:02:03.004');
  });
});
