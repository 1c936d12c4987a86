import { describe, it, expect } from 'vitest';
import { tailSlice, catTransform, wcCount, parseCount } from './files';
import { parseInterval, xargsItems } from './misc';
import { statFormat, parseTouchDate } from './fsops';
import { compileMode } from './mode';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('head/tail helpers', () => {
  it('parses counts with suffixes', () => {
    expect(parseCount('10')).toBe(10);
    expect(parseCount('2K')).toBe(2048);
    expect(parseCount('1kB')).toBe(1000);
    expect(parseCount('3b')).toBe(1536);
    expect(parseCount('x')).toBeUndefined();
  });
  it('slices the tail of a buffer', () => {
    const d = enc('1\n2\n3\n4\n');
    expect(dec(tailSlice(d, 2, false, false))).toBe('3\n4\n');
    expect(dec(tailSlice(d, 3, false, true))).toBe('3\n4\n');
    expect(dec(tailSlice(enc('a\nb'), 1, false, false))).toBe('b');
    expect(dec(tailSlice(d, 3, true, false))).toBe('\n4\n');
    expect(dec(tailSlice(d, 0, false, false))).toBe('');
  });
});

describe('cat -A / -n / -s', () => {
  it('transforms bytes like GNU cat', () => {
    const st = { lineNo: 0, atStart: true, blankRun: 0 };
    const all = { n: false, b: false, s: false, E: true, T: true, v: true };
    expect(dec(catTransform(Uint8Array.from([0x61, 9, 0x62, 1, 0xc3, 0xa9, 0x80, 10]), all, st))).toBe('a^Ib^AM-CM-)M-^@$\n');
    const st2 = { lineNo: 0, atStart: true, blankRun: 0 };
    expect(dec(catTransform(enc('a\n\n\n\nb\n'), { n: true, b: false, s: true, E: false, T: false, v: false }, st2))).toBe(
      '     1\ta\n     2\t\n     3\tb\n',
    );
  });
});

describe('wc counts', () => {
  it('counts lines, words, chars', () => {
    expect(wcCount(enc('a b\n\nc'), true)).toMatchObject({ lines: 2, words: 3, bytes: 6, chars: 6 });
    expect(wcCount(enc('héllo\n'), true)).toMatchObject({ chars: 6, bytes: 7, maxLine: 5 });
  });
});

describe('sleep and xargs parsing', () => {
  it('parses intervals', () => {
    expect(parseInterval('1.5')).toBe(1.5);
    expect(parseInterval('2m')).toBe(120);
    expect(parseInterval('1d')).toBe(86400);
    expect(parseInterval('inf')).toBe(Infinity);
    expect(parseInterval('1x')).toBeUndefined();
    expect(parseInterval('-1')).toBeUndefined();
  });
  it('splits xargs input with quotes', () => {
    expect(xargsItems('1 2 "a b" c\\\'d\n')).toEqual(['1', '2', 'a b', "c'd"]);
    expect(xargsItems('"a\n')).toMatch(/^unmatched double quote/);
  });
});

describe('stat and touch helpers', () => {
  it('expands stat formats', () => {
    const st = {
      dev: 0x801, ino: 42, mode: 0o100644, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 6, blksize: 4096, blocks: 8,
      atimeNs: 1795825316e9, mtimeNs: 1795825316e9, ctimeNs: 1795825316e9,
    };
    const f = { name: 'f', st, userName: 'root', groupName: 'root' };
    expect(statFormat('%n %s %04a %10.10A %-5i| %U:%G %F %Y %d %Hd,%Ld %%\n', f)).toBe(
      'f 6 0644 -rw-r--r-- 42   | root:root regular file 1795825316 2049 8,1 %\n',
    );
    expect(statFormat('%N', { ...f, name: 'a b', linkTarget: 'x' })).toBe("'a b' -> x");
  });
  it('parses touch dates', () => {
    expect(parseTouchDate('@10', 0)).toBe(10e9);
    expect(parseTouchDate('2026-11-28 00:21:56', 0)).toBe(1795825316e9);
    expect(parseTouchDate('garbage', 0)).toBeUndefined();
  });
});

describe('modes', () => {
  it('compiles octal and symbolic modes', () => {
    expect(compileMode('755')!.apply(0o644, false, 0o022)).toBe(0o755);
    expect(compileMode('u+x')!.apply(0o644, false, 0o022)).toBe(0o744);
    expect(compileMode('go-w,a+X')!.apply(0o666, true, 0o022)).toBe(0o755);
    expect(compileMode('=r')!.apply(0o777, false, 0o022)).toBe(0o444);
    expect(compileMode('999')).toBeUndefined();
    expect(compileMode('abc')).toBeUndefined();
  });
});
