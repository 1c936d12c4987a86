import { describe, expect, it } from 'vitest';
import { getopt, isGetoptError, type LongOpt } from './getopt';

const LONGS: LongOpt[] = [
  { name: 'kilo', arg: 'none', key: 'kilo' },
  { name: 'kibi', arg: 'none', key: 'k' },
  { name: 'list', arg: 'optional', key: 'l' },
  { name: 'seconds', arg: 'required', key: 's' },
  { name: 'help', arg: 'none', key: 'help' },
];

describe('getopt', () => {
  it('parses clusters, attached and separate arguments, permutes operands, stops at --', () => {
    const r = getopt(['-kl9', 'a', '-s', '2', '--seconds=3', '--', '-k'], 'kl::s:', LONGS);
    expect(r).toEqual({
      opts: [['k', undefined], ['l', '9'], ['s', '2'], ['s', '3']],
      operands: ['a', '-k'],
      optind: [0, 1, 4, 5],
    });
  });

  it('reports optind as glibc does: same element inside a cluster, next element after it', () => {
    const r = getopt(['-kk', '--list', 'x', '-l'], 'kl::', LONGS);
    if (isGetoptError(r)) throw new Error(r.message);
    expect(r.opts).toEqual([['k', undefined], ['k', undefined], ['l', undefined], ['l', undefined]]);
    expect(r.optind).toEqual([0, 1, 2, 4]);
    expect(r.operands).toEqual(['x']);
  });

  it('uses glibc messages, the ambiguous one with the whole argument', () => {
    const msg = (args: string[]) => {
      const r = getopt(args, 'ks:', LONGS);
      return isGetoptError(r) ? r.message : '';
    };
    expect(msg(['-z'])).toBe("invalid option -- 'z'");
    expect(msg(['-s'])).toBe("option requires an argument -- 's'");
    expect(msg(['--bogus'])).toBe("unrecognized option '--bogus'");
    expect(msg(['--sec'])).toBe("option '--seconds' requires an argument");
    expect(msg(['--help=1'])).toBe("option '--help' doesn't allow an argument");
    expect(msg(['--k'])).toBe("option '--k' is ambiguous; possibilities: '--kilo' '--kibi'");
    expect(msg(['--k=3'])).toBe("option '--k=3' is ambiguous; possibilities: '--kilo' '--kibi'");
  });

  it('returns the options parsed before an error, and glibc optopt', () => {
    const r = getopt(['--help', 'x', '-k', '--bogus', '-z'], 'ks:', LONGS);
    expect(r).toEqual({
      message: "unrecognized option '--bogus'",
      opts: [['help', undefined], ['k', undefined]],
      optind: [1, 3],
      optopt: '',
    });
    const e = getopt(['-k1'], 'ks:', LONGS);
    expect(isGetoptError(e) && e.optopt).toBe('1');
    const l = getopt(['--help=2'], '', LONGS);
    expect(isGetoptError(l) && l.optopt).toBe('help');
  });

  it('stops at the first operand when posixly', () => {
    expect(getopt(['-k', 'a', '-k'], 'k', [], true)).toEqual({ opts: [['k', undefined]], operands: ['a', '-k'], optind: [1] });
  });
});
