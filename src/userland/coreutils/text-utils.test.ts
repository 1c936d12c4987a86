import { describe, it, expect } from 'vitest';
import {
  printfFormat, unescapeInner, toBytes, trSet, trMap, parseKey, keyText, compareKey, noFlags, parseList, fixedC,
} from './text-utils';

const q = (s: string): string => `‘${s}’`;
const pf = (fmt: string, ...args: string[]): string => printfFormat(fmt, args, q).out;

describe('printf', () => {
  it('formats like coreutils printf', () => {
    expect(pf('%g|%g|%g|%g|%e|%.3e|%G|%10.4f|%-5d|%+d|% d|%#o|%#x|%c|%5s|%.2s|%b|%q\n',
      '100000', '1000000', '0.0001', '0.00001', '12345.678', '0', '1e-10', '3.14159', '42', '5', '5', '8', '255', 'hello', 'ab', 'abc', 'a\\tb', 'a b'))
      .toBe("100000|1e+06|0.0001|1e-05|1.234568e+04|0.000e+00|1E-10|    3.1416|42   |+5| 5|010|0xff|h|   ab|ab|a\tb|'a b'\n");
    expect(pf('%5.1f|%.0f|%.0f\n', '2.25', '2.5', '3.5')).toBe('  2.2|2|4\n');
    expect(pf('%i|%05.1f|%x\n', '-3', '2.25', '-1')).toBe('-3|002.2|ffffffffffffffff\n');
    expect(pf('%d %s\n', '1', 'a', '2', 'b', '3')).toBe('1 a\n2 b\n3 \n');
    expect(pf('\\101\\x42\\u00e9\\n')).toBe('ABé\n');
    expect([...toBytes(pf('\\xc3\\xa9é'))]).toEqual([0xc3, 0xa9, 0xc3, 0xa9]);
    expect(pf('%s\\c', 'a')).toBe('a');
    expect(pf('%b\n', 'a\\0101\\c')).toBe('aA');
  });
  it('reports bad numbers and excess arguments', () => {
    const r = printfFormat('%d\n', ['abc', '12abc', "'A"], q);
    expect(r.out).toBe('0\n12\n65\n');
    expect(r.errors).toEqual(['‘abc’: expected a numeric value', '‘12abc’: value not completely converted']);
    expect(printfFormat('x\n', ['extra'], q).warning).toBe('warning: ignoring excess arguments, starting with ‘extra’');
    expect(printfFormat('%5%', [], q).errors).toEqual(['%5%: invalid conversion specification']);
  });
  it('rounds exactly', () => {
    expect(fixedC(0.125, 2)).toBe('0.12');
    expect(fixedC(1.005, 2)).toBe('1.00');
    expect(fixedC(123.456, 0)).toBe('123');
  });
});

describe('echo escapes', () => {
  it('handles \\c and \\0NNN', () => {
    expect(unescapeInner('a\\tb\\0101\\x41', true, true)).toEqual({ text: 'a\tbAA', stop: false });
    expect(unescapeInner('a\\cb', true, true)).toEqual({ text: 'a', stop: true });
  });
});

describe('tr sets', () => {
  const tr = (s1: string, s2: string, input: string): string => {
    const a = trSet(s1, false);
    const b = trSet(s2, true);
    if (typeof a === 'string' || typeof b === 'string') throw new Error('bad set');
    const m = trMap(a.bytes, b, false);
    if (typeof m === 'string') throw new Error(m);
    return String.fromCharCode(...[...input].map((c) => m[c.charCodeAt(0)]!));
  };
  it('translates ranges, classes and repeats', () => {
    expect(tr('a-y', 'b-z', 'hello')).toBe('ifmmp');
    expect(tr('[:lower:]', '[:upper:]', 'Hello')).toBe('HELLO');
    expect(tr('abc', 'x[y*]', 'abcabc')).toBe('xyyxyy');
    expect(tr('a\\-b', 'xyz', 'a-b')).toBe('xyz');
    expect(tr('abc', 'x', 'abc')).toBe('xxx');
  });
  it('rejects bad sets', () => {
    expect(trSet('z-a', false)).toMatch(/reverse collating sequence order/);
    expect(trSet('[:foo:]', false)).toMatch(/invalid character class/);
  });
});

describe('sort keys', () => {
  it('extracts fields like GNU sort', () => {
    const k = parseKey('2');
    if (typeof k === 'string') throw new Error(k);
    expect(keyText('a  b c', k, undefined)).toBe('  b c');
    const k2 = parseKey('2,2');
    if (typeof k2 === 'string') throw new Error(k2);
    expect(keyText('a  b c', k2, undefined)).toBe('  b');
    expect(keyText('x:y:z', k2, ':')).toBe('y');
    const k3 = parseKey('1.2,1.3');
    if (typeof k3 === 'string') throw new Error(k3);
    expect(keyText('abcdef', k3, undefined)).toBe('bc');
  });
  it('compares numerically and human-readably', () => {
    const n = { ...noFlags(), numeric: true };
    expect(compareKey(' 10', '9', n)).toBe(1);
    expect(compareKey('-1', 'abc', n)).toBe(-1);
    const h = { ...noFlags(), human: true };
    expect(compareKey('2K', '1M', h)).toBe(-1);
    expect(compareKey('10K', '9K', h)).toBe(1);
  });
});

describe('cut lists', () => {
  it('parses ranges', () => {
    expect(parseList('1,3-5,7-', q)).toEqual([{ lo: 1, hi: 1 }, { lo: 3, hi: 5 }, { lo: 7, hi: Infinity }]);
    expect(parseList('-2', q)).toEqual([{ lo: 1, hi: 2 }]);
    expect(parseList('0', q)).toBe('fields are numbered from 1');
    expect(parseList('0', q, false)).toBe('byte/character positions are numbered from 1');
    expect(parseList('3-1', q)).toBe('invalid decreasing range');
  });
});
