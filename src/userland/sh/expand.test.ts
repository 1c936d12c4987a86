import { describe, it, expect } from 'vitest';
import { Expander, ExpandError, type ExpandHost, type Gen } from './expand';
import { parseAll } from './parser';
import type { SimpleCommand } from './ast';

function run<T>(g: Gen<T>): T {
  const r = g.next();
  if (!r.done) throw new Error('unexpected syscall');
  return r.value;
}

function host(vars: Record<string, string>, pos: string[] = []): ExpandHost {
  const m = new Map(Object.entries(vars));
  return {
    getVar: (n) => m.get(n),
    getArray: () => undefined,
    setVar: (n, v) => void m.set(n, v),
    positional: () => pos,
    special: (c) => (c === '#' ? String(pos.length) : c === '?' ? '0' : c === '0' ? 'bash' : ''),
    nounset: () => false,
    noglob: () => false,
    cmdSubst: function* (src) {
      return src.replace(/^echo /, '');
    },
    glob: function* (p) {
      return p === '*.txt' ? ['a.txt', 'b.txt'] : [];
    },
    home: function* () {
      return '/root';
    },
  };
}

function fields(src: string, vars: Record<string, string> = {}, pos: string[] = []): string[] {
  const c = parseAll('x ' + src)[0]!.items[0]!.cmd.first.cmds[0] as SimpleCommand;
  return run(new Expander(host(vars, pos)).words(c.words.slice(1)));
}

describe('expansion', () => {
  it('parameters and defaults', () => {
    expect(fields('$a ${a} ${b:-def} ${a:+alt} ${#a}', { a: 'hello' })).toEqual(['hello', 'hello', 'def', 'alt', '5']);
    expect(fields('${e-unset} ${e:-null}', { e: '' })).toEqual(['null']);
  });
  it('pattern removal and replacement', () => {
    const v = { p: '/usr/local/bin/tool.tar.gz' };
    expect(fields('${p#*/} ${p##*/} ${p%.*} ${p%%.*}', v)).toEqual(['usr/local/bin/tool.tar.gz', 'tool.tar.gz', '/usr/local/bin/tool.tar', '/usr/local/bin/tool']);
    expect(fields('${p/o/0} ${p//o/0}', v)).toEqual(['/usr/l0cal/bin/tool.tar.gz', '/usr/l0cal/bin/t00l.tar.gz']);
    expect(fields('${p:5:5} ${p: -2}', v)).toEqual(['local', 'gz']);
  });
  it('word splitting on IFS', () => {
    expect(fields('$v', { v: '  a  b\tc ' })).toEqual(['a', 'b', 'c']);
    expect(fields('"$v"', { v: ' a b ' })).toEqual([' a b ']);
    expect(fields('$v', { v: 'a::b:', IFS: ':' })).toEqual(['a', '', 'b']);
    expect(fields('$e "" $e', { e: '' })).toEqual(['']);
    expect(fields('x$v', { v: 'a b' })).toEqual(['xa', 'b']);
  });
  it('$@ and $*', () => {
    expect(fields('"$@"', {}, ['a b', 'c'])).toEqual(['a b', 'c']);
    expect(fields('"$*"', {}, ['a b', 'c'])).toEqual(['a b c']);
    expect(fields('$@', {}, ['a b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(fields('"$@"', {}, [])).toEqual([]);
    expect(fields('"x$@y"', {}, ['1', '2'])).toEqual(['x1', '2y']);
    expect(fields('$# $1 ${2}', {}, ['a', 'b'])).toEqual(['2', 'a', 'b']);
  });
  it('command substitution, arithmetic, tilde', () => {
    expect(fields('$(echo hi) `echo yo` $((6*7)) ~ ~/x', {})).toEqual(['hi', 'yo', '42', '/root', '/root/x']);
    expect(fields('"~"')).toEqual(['~']);
  });
  it('globbing: matches, no match kept, quoted not globbed', () => {
    expect(fields('*.txt')).toEqual(['a.txt', 'b.txt']);
    expect(fields('*.none')).toEqual(['*.none']);
    expect(fields('"*.txt"')).toEqual(['*.txt']);
  });
  it('errors', () => {
    expect(() => fields('${x:?oops}')).toThrow(ExpandError);
    expect(() => fields('$((1/0))')).toThrow(ExpandError);
  });
});

describe('brace expansion', () => {
  it('lists, sequences, nesting, quoting', () => {
    expect(fields('{a,b}{1,2} x{a..c}y')).toEqual(['a1', 'a2', 'b1', 'b2', 'xay', 'xby', 'xcy']);
    expect(fields('{a..e..2} {5..1} {a,b{1,2}}c {x} {,a} {01..03}')).toEqual(['a', 'c', 'e', '5', '4', '3', '2', '1', 'ac', 'b1c', 'b2c', '{x}', 'a', '01', '02', '03']);
    expect(fields('"{a,b}" \\{a,b\\}')).toEqual(['{a,b}', '{a,b}']);
    expect(fields('{$v,2}', { v: '1' })).toEqual(['1', '2']);
  });
});
