import { describe, it, expect } from 'vitest';
import { evalArith, ArithError } from './arith';

function env(init: Record<string, string> = {}) {
  const vars = new Map(Object.entries(init));
  return { vars, env: { get: (n: string) => vars.get(n), set: (n: string, v: string) => void vars.set(n, v) } };
}

function ev(s: string, init: Record<string, string> = {}): string {
  return evalArith(s, env(init).env).toString();
}

function err(s: string): string {
  try {
    evalArith(s, env().env);
  } catch (e) {
    if (e instanceof ArithError) return e.toString();
    throw e;
  }
  return 'no error';
}

describe('arithmetic', () => {
  it('precedence and operators', () => {
    expect(ev('1 + 2 * 3')).toBe('7');
    expect(ev('(1 + 2) * 3')).toBe('9');
    expect(ev('2 ** 10')).toBe('1024');
    expect(ev('2 ** 3 ** 2')).toBe('512');
    expect(ev('-7 / 2')).toBe('-3');
    expect(ev('-7 % 3')).toBe('-1');
    expect(ev('1 << 4 | 1')).toBe('17');
    expect(ev('3 > 2 ? 7 : 8')).toBe('7');
    expect(ev('!0 + ~0')).toBe('0');
    expect(ev('1 && 0 || 1')).toBe('1');
    expect(ev('1, 2, 3')).toBe('3');
    expect(ev('')).toBe('0');
  });
  it('bases', () => {
    expect(ev('0x1f')).toBe('31');
    expect(ev('010')).toBe('8');
    expect(ev('2#101')).toBe('5');
    expect(ev('36#z')).toBe('35');
  });
  it('64-bit wraparound', () => {
    expect(ev('9223372036854775807 + 1')).toBe('-9223372036854775808');
    expect(ev('2 ** 64')).toBe('0');
  });
  it('variables and assignment', () => {
    const e = env({ x: '5', y: 'x + 1' });
    expect(evalArith('x++ + ++x', e.env).toString()).toBe('12');
    expect(e.vars.get('x')).toBe('7');
    expect(evalArith('y * 2', e.env).toString()).toBe('16');
    expect(evalArith('z += 3', e.env).toString()).toBe('3');
    expect(e.vars.get('z')).toBe('3');
    expect(evalArith('unset_var', e.env).toString()).toBe('0');
  });
  it('short-circuit does not evaluate side effects', () => {
    const e = env({ a: '0' });
    evalArith('0 && a++', e.env);
    evalArith('1 || a++', e.env);
    evalArith('1 ? 2 : a++', e.env);
    expect(e.vars.get('a')).toBe('0');
    expect(evalArith('0 && 1/0', e.env).toString()).toBe('0');
  });
  it("bash's error messages", () => {
    expect(err('1/0')).toBe('1/0: division by 0 (error token is "0")');
    expect(err('1+')).toBe('1+: syntax error: operand expected (error token is "+")');
    expect(err('a b ')).toBe('a b : syntax error in expression (error token is "b ")');
    expect(err(' 2 ** -1 ')).toBe('2 ** -1 : exponent less than 0 (error token is "1 ")');
    expect(err('08')).toBe('08: value too great for base (error token is "08")');
  });
});
