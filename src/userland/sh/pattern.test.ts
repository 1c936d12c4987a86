// Shell patterns with characters that are special to regular expressions but not to the shell.
import { describe, it, expect } from 'vitest';
import { matchPattern } from './pattern';

describe('shell patterns', () => {
  it("match a literal '-' outside brackets (as in ${F%/etc/os-release})", () => {
    expect(matchPattern('*/etc/os-release', '/x/etc/os-release')).toBe(true);
    expect(matchPattern('a-b', 'a-b')).toBe(true);
    expect(matchPattern('a-b', 'axb')).toBe(false);
  });
  it('keep ranges and literal dashes inside brackets', () => {
    expect(matchPattern('[a-c]', 'b')).toBe(true);
    expect(matchPattern('[a-c]', '-')).toBe(false);
    expect(matchPattern('[-a]', '-')).toBe(true);
    expect(matchPattern('[a-]', '-')).toBe(true);
    expect(matchPattern('[\\]]', ']')).toBe(true);
    expect(matchPattern('x/y.z', 'x/y.z')).toBe(true);
    expect(matchPattern('x/y.z', 'x/yqz')).toBe(false);
  });
});
