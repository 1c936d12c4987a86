// Shell arithmetic ($((...)), let, ((...)), for ((...))): C-like 64-bit integer expressions with
// bash's operators, precedence and error messages ("division by 0 (error token is "0")").

export class ArithError {
  readonly kind = 'aritherror';
  constructor(
    readonly expr: string,
    readonly msg: string,
    readonly token: string,
  ) {}
  /** bash's text: `1/0: division by 0 (error token is "0")` */
  toString(): string {
    return `${this.expr}: ${this.msg} (error token is "${this.token}")`;
  }
}

export interface ArithEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const I64 = (v: bigint): bigint => BigInt.asIntN(64, v);

type Tok = { t: 'num'; v: bigint } | { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'eof' };

const OPS3 = ['<<=', '>>=', '**='];
const OPS2 = ['**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|='];
const OPS1 = '+-*/%<>=!~&^|?:,()';

class Evaluator {
  private pos = 0;
  private tok: Tok = { t: 'eof' };
  private lasttp = 0;
  private noeval = 0;
  private depth: number;

  constructor(
    private readonly s: string,
    private readonly env: ArithEnv,
    depth: number,
  ) {
    this.depth = depth;
  }

  private err(msg: string, token?: string): never {
    throw new ArithError(this.s.replace(/^\s+/, ''), msg, token ?? this.s.slice(this.lasttp));
  }

  private next(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
    if (this.pos >= this.s.length) {
      this.tok = { t: 'eof' };
      return;
    }
    this.lasttp = this.pos;
    const c = this.s[this.pos]!;
    if (/[0-9]/.test(c)) {
      let j = this.pos;
      while (j < this.s.length && /[0-9A-Za-z_@#]/.test(this.s[j]!)) j++;
      const text = this.s.slice(this.pos, j);
      this.pos = j;
      this.tok = { t: 'num', v: this.parseNum(text) };
      return;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = this.pos;
      while (j < this.s.length && /[A-Za-z0-9_]/.test(this.s[j]!)) j++;
      let name = this.s.slice(this.pos, j);
      // array element a[i]: kept as part of the name
      if (this.s[j] === '[') {
        const k = this.s.indexOf(']', j);
        if (k > 0) {
          name = this.s.slice(this.pos, k + 1);
          j = k + 1;
        }
      }
      this.pos = j;
      this.tok = { t: 'id', v: name };
      return;
    }
    for (const o of OPS3) {
      if (this.s.startsWith(o, this.pos)) {
        this.pos += 3;
        this.tok = { t: 'op', v: o };
        return;
      }
    }
    for (const o of OPS2) {
      if (this.s.startsWith(o, this.pos)) {
        this.pos += 2;
        this.tok = { t: 'op', v: o };
        return;
      }
    }
    if (OPS1.includes(c)) {
      this.pos++;
      this.tok = { t: 'op', v: c };
      return;
    }
    this.pos++;
    this.err('syntax error: invalid arithmetic operator', this.s.slice(this.lasttp));
  }

  private parseNum(text: string): bigint {
    let base = 10;
    let digits = text;
    const hash = text.indexOf('#');
    if (hash >= 0) {
      base = Number(text.slice(0, hash));
      digits = text.slice(hash + 1);
      if (!/^[0-9]+$/.test(text.slice(0, hash)) || base < 2 || base > 64) this.err('invalid arithmetic base', text);
    } else if (/^0[xX]/.test(text)) {
      base = 16;
      digits = text.slice(2);
    } else if (text.length > 1 && text[0] === '0') {
      base = 8;
      digits = text.slice(1);
    }
    let v = 0n;
    for (const ch of digits) {
      let d: number;
      if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
      else if (ch >= 'a' && ch <= 'z') d = ch.charCodeAt(0) - 97 + 10;
      else if (ch >= 'A' && ch <= 'Z') d = base <= 36 ? ch.charCodeAt(0) - 65 + 10 : ch.charCodeAt(0) - 65 + 36;
      else if (ch === '@') d = 62;
      else if (ch === '_') d = 63;
      else d = 99;
      if (d >= base) this.err('value too great for base', text);
      v = I64(v * BigInt(base) + BigInt(d));
    }
    return v;
  }

  run(): bigint {
    this.next();
    if (this.cur().t === 'eof') return 0n;
    const v = this.comma();
    if (this.cur().t !== 'eof') this.err('syntax error in expression');
    return v;
  }

  private cur(): Tok {
    return this.tok;
  }

  private isOp(...ops: string[]): boolean {
    return this.tok.t === 'op' && ops.includes(this.tok.v);
  }

  private comma(): bigint {
    let v = this.assign();
    while (this.isOp(',')) {
      this.next();
      v = this.assign();
    }
    return v;
  }

  private varValue(name: string): bigint {
    const raw = this.env.get(name);
    if (raw === undefined || raw === '') return 0n;
    if (/^\s*-?[0-9]+\s*$/.test(raw) && !/^\s*-?0[0-9]/.test(raw)) return I64(BigInt(raw.trim()));
    if (this.depth > 1024) this.err('expression recursion level exceeded', name);
    return evalArithDepth(raw, this.env, this.depth + 1);
  }

  private setVar(name: string, v: bigint): void {
    if (this.noeval === 0) this.env.set(name, v.toString());
  }

  private assign(): bigint {
    if (this.tok.t === 'id') {
      // lookahead for an assignment operator
      const save = { pos: this.pos, tok: this.tok, lasttp: this.lasttp };
      const name = this.tok.v;
      this.next();
      const ops = ['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=', '**='];
      const at = this.cur();
      if (at.t === 'op' && ops.includes(at.v)) {
        const op = at.v;
        this.next();
        const rhs = this.assign();
        let v: bigint;
        if (op === '=') v = rhs;
        else v = this.binop(op.slice(0, -1), this.noeval ? 0n : this.varValue(name), rhs);
        this.setVar(name, v);
        return v;
      }
      this.pos = save.pos;
      this.tok = save.tok;
      this.lasttp = save.lasttp;
    }
    return this.ternary();
  }

  private ternary(): bigint {
    const c = this.lor();
    if (!this.isOp('?')) return c;
    this.next();
    if (c === 0n) this.noeval++;
    const a = this.comma();
    if (c === 0n) this.noeval--;
    if (!this.isOp(':')) this.err("syntax error: `:' expected for conditional expression");
    this.next();
    if (c !== 0n) this.noeval++;
    const b = this.ternary();
    if (c !== 0n) this.noeval--;
    return c !== 0n ? a : b;
  }

  private lor(): bigint {
    let v = this.land();
    while (this.isOp('||')) {
      this.next();
      if (v !== 0n) this.noeval++;
      const r = this.land();
      if (v !== 0n) this.noeval--;
      v = v !== 0n || r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private land(): bigint {
    let v = this.bor();
    while (this.isOp('&&')) {
      this.next();
      if (v === 0n) this.noeval++;
      const r = this.bor();
      if (v === 0n) this.noeval--;
      v = v !== 0n && r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private level(ops: string[], sub: () => bigint): bigint {
    let v = sub();
    while (this.tok.t === 'op' && ops.includes(this.tok.v)) {
      const op = this.tok.v;
      this.next();
      const r = sub();
      v = this.binop(op, v, r);
    }
    return v;
  }

  private bor = (): bigint => this.level(['|'], this.bxor);
  private bxor = (): bigint => this.level(['^'], this.band);
  private band = (): bigint => this.level(['&'], this.eq);
  private eq = (): bigint => this.level(['==', '!='], this.rel);
  private rel = (): bigint => this.level(['<', '>', '<=', '>='], this.shift);
  private shift = (): bigint => this.level(['<<', '>>'], this.add);
  private add = (): bigint => this.level(['+', '-'], this.mul);
  private mul = (): bigint => this.level(['*', '/', '%'], this.pow);

  private pow = (): bigint => {
    const base = this.unary();
    if (this.isOp('**')) {
      this.next();
      const e = this.pow();
      return this.binop('**', base, e);
    }
    return base;
  };

  private binop(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '+': return I64(a + b);
      case '-': return I64(a - b);
      case '*': return I64(a * b);
      case '/':
      case '%':
        if (b === 0n) {
          if (this.noeval) return 0n;
          this.err('division by 0');
        }
        if (a === -(2n ** 63n) && b === -1n) return op === '/' ? a : 0n;
        return op === '/' ? I64(a / b) : I64(a % b);
      case '**': {
        if (b < 0n) {
          if (this.noeval) return 0n;
          this.err('exponent less than 0');
        }
        let r = 1n;
        let x = a;
        let e = b;
        while (e > 0n) {
          if (e & 1n) r = I64(r * x);
          x = I64(x * x);
          e >>= 1n;
        }
        return r;
      }
      case '<<': return I64(a << (b & 63n));
      case '>>': return I64(a >> (b & 63n));
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '&': return I64(a & b);
      case '|': return I64(a | b);
      case '^': return I64(a ^ b);
      default: return this.err('syntax error: invalid arithmetic operator');
    }
  }

  private unary(): bigint {
    if (this.tok.t === 'op') {
      const op = this.tok.v;
      if (op === '!' || op === '~' || op === '-' || op === '+') {
        this.next();
        const v = this.unary();
        if (op === '!') return v === 0n ? 1n : 0n;
        if (op === '~') return I64(~v);
        if (op === '-') return I64(-v);
        return v;
      }
      if (op === '++' || op === '--') {
        this.next();
        const it = this.cur();
        if (it.t !== 'id') this.err('syntax error: operand expected');
        const name = it.v;
        this.next();
        const v = I64(this.varValue(name) + (op === '++' ? 1n : -1n));
        this.setVar(name, v);
        return v;
      }
    }
    return this.postfix();
  }

  private postfix(): bigint {
    const t = this.tok;
    if (t.t === 'num') {
      this.next();
      return t.v;
    }
    if (t.t === 'id') {
      this.next();
      const v = this.noeval ? 0n : this.varValue(t.v);
      if (this.isOp('++', '--')) {
        const op = (this.tok as { v: string }).v;
        this.next();
        this.setVar(t.v, I64(v + (op === '++' ? 1n : -1n)));
      }
      return v;
    }
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const v = this.comma();
      if (!this.isOp(')')) this.err("syntax error: `)' expected");
      this.next();
      return v;
    }
    if (t.t === 'eof') this.err('syntax error: operand expected');
    this.err('syntax error: operand expected');
  }
}

function evalArithDepth(expr: string, env: ArithEnv, depth: number): bigint {
  return new Evaluator(expr, env, depth).run();
}

/** Evaluates `expr`; throws ArithError on errors. */
export function evalArith(expr: string, env: ArithEnv): bigint {
  return evalArithDepth(expr, env, 0);
}
