import { describe, it, expect } from 'vitest';
import { translate, escapeFixed, RegexError } from './regex';

const re = (p: string, ere = false, icase = false): RegExp => new RegExp(translate(p, ere, icase).source, icase ? 'iu' : 'u');
const err = (p: string, ere = false): string => {
  try {
    translate(p, ere);
  } catch (e) {
    if (e instanceof RegexError) return e.message;
  }
  return 'no error';
};

describe('BRE', () => {
  it('treats + ? | ( ) { } as literals and \\( \\) \\{ \\} \\| as operators', () => {
    expect(re('a+').test('a+')).toBe(true);
    expect(re('a+').test('aa')).toBe(false);
    expect(re('(x)').test('(x)')).toBe(true);
    expect(re('a\\+').test('aaa')).toBe(true);
    expect(re('\\(ab\\)\\1').test('abab')).toBe(true);
    expect(re('a\\{2\\}').test('aa')).toBe(true);
    expect(re('a\\{2\\}').test('a')).toBe(false);
    expect(re('foo\\|bar').test('bar')).toBe(true);
    expect(re('a|b').test('a|b')).toBe(true);
  });
  it('handles * at the start and anchors in the middle', () => {
    expect(re('*a').test('*a')).toBe(true);
    expect(re('*a').test('a')).toBe(false);
    expect(re('^*a').test('*a')).toBe(true);
    expect(re('a^b').test('a^b')).toBe(true);
    expect(re('a$b').test('a$b')).toBe(true);
    expect(re('^ab$').test('ab')).toBe(true);
    expect(re('b**').test('b')).toBe(true);
  });
  it('supports brackets and classes', () => {
    expect(re('[[:digit:]]\\{3\\}').test('a123')).toBe(true);
    expect(re('[]a]').test(']')).toBe(true);
    expect(re('[^]a]').test(']')).toBe(false);
    expect(re('[a\\]').test('\\')).toBe(true);
    expect(re('[[:upper:]]', false, true).test('x')).toBe(true);
    expect(re('\\<foo\\>').test('a foo b')).toBe(true);
    expect(re('\\<foo\\>').test('afoo')).toBe(false);
    expect(re('x\\.y').test('xzy')).toBe(false);
  });
  it('reports GNU regex errors', () => {
    expect(err('\\(')).toBe('Unmatched ( or \\(');
    expect(err('\\)')).toBe('Unmatched ) or \\)');
    expect(err('[a')).toBe('Unmatched [, [^, [:, [., or [=');
    expect(err('a\\')).toBe('Trailing backslash');
    expect(err('\\(a\\)\\2')).toBe('Invalid back reference');
    expect(err('a\\{1')).toBe('Unmatched \\{');
    expect(err('[b-a]')).toBe('Invalid range end');
    expect(err('[[:foo:]]')).toBe('Invalid character class name');
    expect(err('[:space:]')).toBe('character class syntax is [[:space:]], not [:space:]');
  });
});

describe('ERE', () => {
  it('supports groups, alternation, intervals', () => {
    expect(re('ba(r|z)', true).test('baz')).toBe(true);
    expect(re('a{1,2}', true).test('a')).toBe(true);
    expect(re('(a)\\1', true).test('aa')).toBe(true);
    expect(re('colou?r', true).test('color')).toBe(true);
  });
  it('treats stray ) and bad { as literals, and ignores a leading *', () => {
    expect(re('a)', true).test('a)b')).toBe(true);
    expect(re('a{x', true).test('a{x')).toBe(true);
    expect(re('a{1', true).test('a{1')).toBe(true);
    const t = translate('*a', true);
    expect(t.warning).toBe('* at start of expression');
    expect(new RegExp(t.source, 'u').test('xa')).toBe(true);
    expect(err('(', true)).toBe('Unmatched ( or \\(');
  });
  it('renumbers back-references of later patterns', () => {
    const a = translate('\\(x\\)\\1', false);
    const b = translate('\\(y\\)\\1', false, false, a.groups);
    const r = new RegExp(`(?:${a.source})|(?:${b.source})`, 'u');
    expect(r.test('yy')).toBe(true);
  });
});

describe('fixed strings', () => {
  it('escapes everything', () => {
    expect(new RegExp(escapeFixed('a.b*[c]'), 'u').test('a.b*[c]')).toBe(true);
    expect(new RegExp(escapeFixed('a.b'), 'u').test('axb')).toBe(false);
  });
});
