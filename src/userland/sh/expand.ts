// Word expansion in bash's order: tilde, parameter, command substitution, arithmetic, word
// splitting on IFS, pathname expansion, quote removal. Pure except through ExpandHost (command
// substitution and directory reads are syscalls, so expansion runs as a generator).
import type { SysReq } from '../../kernel/syscall';
import type { ParamPart, Word, WordPart } from './ast';
import { evalArith, ArithError } from './arith';
import { hasGlob, escapePattern, removeAffix, replacePattern, unescapePattern } from './pattern';
import { parseHeredocBody } from './parser';
import { braceExpand } from './brace';

export type Gen<T> = Generator<SysReq, T, unknown>;

/** An expansion error (bash prints it and abandons the command; non-interactive shells exit). */
export class ExpandError {
  readonly kind = 'expanderror';
  constructor(
    readonly msg: string,
    readonly status = 1,
    readonly fatal = true,
  ) {}
}

export interface ExpandHost {
  getVar(name: string): string | undefined;
  getArray(name: string): string[] | undefined;
  setVar(name: string, value: string): void;
  positional(): string[];
  /** $? $$ $! $- $0 $# */
  special(ch: string): string;
  nounset(): boolean;
  noglob(): boolean;
  cmdSubst(src: string, line: number): Gen<string>;
  /** Pathname expansion of a pattern; [] when nothing matches. */
  glob(pattern: string): Gen<string[]>;
  home(user: string): Gen<string | undefined>;
}

interface Piece {
  s: string;
  q: boolean; // quoted: not split, not globbed
  sp: boolean; // from an unquoted expansion: subject to splitting
  brk?: boolean; // field break ("$@")
}

const isIfsWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\n';

export class Expander {
  constructor(readonly host: ExpandHost) {}

  // ---------- public entry points ----------

  /** Full expansion to fields (command arguments, for-lists). */
  *words(words: Word[]): Gen<string[]> {
    const out: string[] = [];
    for (const w of braceExpand(words)) {
      const pieces = yield* this.pieces(w, false, true);
      for (const f of this.split(pieces)) {
        if (!this.host.noglob() && f.some((p) => !p.q && hasGlob(p.s))) {
          const pat = f.map((p) => (p.q ? escapePattern(p.s) : p.s)).join('');
          const m = yield* this.host.glob(pat);
          if (m.length) {
            out.push(...m);
            continue;
          }
          out.push(f.map((p) => (p.q ? p.s : unescapePattern(p.s))).join(''));
          continue;
        }
        out.push(f.map((p) => p.s).join(''));
      }
    }
    return out;
  }

  /** Expansion without splitting or globbing (assignments, case word, here-strings). */
  *string(w: Word, tilde = true): Gen<string> {
    const pieces = yield* this.pieces(w, false, tilde);
    return pieces.filter((p) => !p.brk).map((p) => p.s).join('');
  }

  /** Expansion to a pattern: quoted characters escaped. */
  *pattern(w: Word): Gen<string> {
    const pieces = yield* this.pieces(w, false, true);
    return pieces.map((p) => (p.q ? escapePattern(p.s) : p.s)).join('');
  }

  /** Redirection target: expanded, globbed if exactly one match. */
  *redirTarget(w: Word): Gen<string | { ambiguous: true }> {
    const f = yield* this.words([w]);
    if (f.length !== 1) return { ambiguous: true };
    return f[0]!;
  }

  *heredoc(body: string, quoted: boolean): Gen<string> {
    if (quoted) return body;
    const parts = parseHeredocBody(body);
    const pieces: Piece[] = [];
    yield* this.parts(parts, true, pieces);
    return pieces.map((p) => p.s).join('');
  }

  /** Evaluate an arithmetic expression after expanding $ and ` in it. */
  *arith(src: string): Gen<bigint> {
    const text = yield* this.heredoc(src, false);
    try {
      return evalArith(text, {
        get: (n) => this.arithGet(n),
        set: (n, v) => this.host.setVar(n, v),
      });
    } catch (e) {
      if (e instanceof ArithError) throw new ExpandError(e.toString(), 1);
      throw e;
    }
  }

  private arithGet(n: string): string | undefined {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(n);
    if (m) {
      const arr = this.host.getArray(m[1]!);
      const idx = Number(m[2]);
      return arr?.[idx];
    }
    const v = this.host.getVar(n);
    if (v === undefined && this.host.nounset()) throw new ExpandError(`${n}: unbound variable`, 1);
    return v;
  }

  // ---------- pieces ----------

  private *pieces(w: Word, inDq: boolean, tilde: boolean): Gen<Piece[]> {
    const out: Piece[] = [];
    let parts = w.parts;
    if (tilde && !inDq && parts[0]?.k === 'lit' && parts[0].v.startsWith('~')) {
      const lit = parts[0].v;
      const slash = lit.indexOf('/');
      const prefix = slash >= 0 ? lit.slice(1, slash) : lit.slice(1);
      // only if nothing quoted follows inside the prefix
      if (slash >= 0 || parts.length === 1) {
        let home: string | undefined;
        if (prefix === '') home = this.host.getVar('HOME') ?? (yield* this.host.home(''));
        else if (prefix === '+') home = this.host.getVar('PWD');
        else if (prefix === '-') home = this.host.getVar('OLDPWD');
        else if (/^[A-Za-z0-9_.-]+$/.test(prefix)) home = yield* this.host.home(prefix);
        if (home !== undefined) {
          out.push({ s: home, q: true, sp: false });
          const rest = slash >= 0 ? lit.slice(slash) : '';
          parts = [...(rest ? [{ k: 'lit' as const, v: rest }] : []), ...parts.slice(1)];
        }
      }
    }
    yield* this.parts(parts, inDq, out);
    return out;
  }

  private *parts(parts: WordPart[], inDq: boolean, out: Piece[]): Gen<void> {
    for (const p of parts) {
      switch (p.k) {
        case 'lit':
          out.push({ s: p.v, q: inDq, sp: false });
          break;
        case 'q':
          out.push({ s: p.v, q: true, sp: false });
          break;
        case 'dq': {
          const before = out.length;
          yield* this.parts(p.parts, true, out);
          // "" still makes a field
          const atOnly = p.parts.some((x) => x.k === 'param' && (x.name === '@' || x.index?.text === '@'));
          if (out.length === before && !atOnly) out.push({ s: '', q: true, sp: false });
          break;
        }
        case 'cmd': {
          const s = yield* this.host.cmdSubst(p.src, p.line);
          out.push({ s, q: inDq, sp: !inDq });
          break;
        }
        case 'arith': {
          const v = yield* this.arith(p.src);
          out.push({ s: v.toString(), q: inDq, sp: !inDq });
          break;
        }
        case 'param':
          yield* this.param(p, inDq, out);
          break;
      }
    }
  }

  private values(p: ParamPart): { list: string[] | undefined; isList: boolean; star: boolean } {
    const h = this.host;
    let name = p.name;
    if (p.bang && p.index && (p.index.text === '@' || p.index.text === '*')) {
      // ${!arr[@]}: the indices
      const arr = h.getArray(name);
      const keys = arr ? arr.map((_, i) => String(i)) : h.getVar(name) !== undefined ? ['0'] : [];
      return { list: keys, isList: true, star: p.index.text === '*' };
    }
    if (p.bang && p.op !== 'len') {
      const ind = this.scalar(name);
      if (ind === undefined) return { list: undefined, isList: false, star: false };
      name = ind;
    }
    if (name === '@' || name === '*') return { list: h.positional(), isList: true, star: name === '*' };
    const arr = h.getArray(name);
    if (p.index) {
      const it = p.index.text;
      if (it === '@' || it === '*') {
        const l = arr ?? (h.getVar(name) !== undefined ? [h.getVar(name)!] : []);
        return { list: l, isList: true, star: it === '*' };
      }
      return { list: undefined, isList: false, star: false };
    }
    return { list: undefined, isList: false, star: false };
  }

  private scalar(name: string): string | undefined {
    const h = this.host;
    if (/^[0-9]+$/.test(name)) {
      const n = Number(name);
      if (n === 0) return h.special('0');
      return h.positional()[n - 1];
    }
    if (name.length === 1 && '?$!-#'.includes(name)) {
      const v = h.special(name);
      return name === '!' && v === '' ? undefined : v;
    }
    const arr = h.getArray(name);
    if (arr) return arr[0];
    return h.getVar(name);
  }

  private *param(p: ParamPart, inDq: boolean, out: Piece[]): Gen<void> {
    if (p.op === 'bad') throw new ExpandError(`${p.name}: bad substitution`, 1);
    const { list, isList, star } = this.values(p);
    let value: string | undefined;
    if (!isList) {
      if (p.index && !p.bang) {
        const arr = this.host.getArray(p.name);
        const idx = yield* this.arith(p.index.text);
        if (arr) value = arr[idx < 0n ? arr.length + Number(idx) : Number(idx)];
        else value = idx === 0n ? this.host.getVar(p.name) : undefined;
      } else value = this.scalar(p.bang && p.op !== 'len' ? (this.scalar(p.name) ?? '') : p.name);
      if (p.bang && p.op !== 'len' && this.scalar(p.name) === undefined) value = undefined;
    }
    const ifs = this.host.getVar('IFS');
    const sep = ifs === undefined ? ' ' : ifs.slice(0, 1);
    if (p.op === 'len') {
      const n = isList ? list!.length : p.name === '#' ? undefined : value === undefined ? 0 : Array.from(value).length;
      if (n === undefined) {
        out.push({ s: String(Array.from(this.host.special('#')).length), q: inDq, sp: !inDq });
        return;
      }
      if (!isList && value === undefined && this.host.nounset() && !'@*'.includes(p.name)) {
        throw new ExpandError(`${p.name}: unbound variable`, 1);
      }
      out.push({ s: String(n), q: inDq, sp: !inDq });
      return;
    }
    const isSet = isList ? list!.length > 0 : value !== undefined;
    const isNull = isList ? list!.length === 0 || (list!.length === 1 && list![0] === '') : !value;
    const useAlt = p.colon ? !isSet || isNull : !isSet;
    switch (p.op) {
      case '-':
        if (useAlt) {
          yield* this.parts(p.arg!.parts, inDq, out);
          return;
        }
        break;
      case '=':
        if (useAlt) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) {
            throw new ExpandError(`$${p.name}: cannot assign in this way`, 1);
          }
          const v = yield* this.string(p.arg!);
          this.host.setVar(p.name, v);
          out.push({ s: v, q: inDq, sp: !inDq });
          return;
        }
        break;
      case '?':
        if (useAlt) {
          const msg = p.arg && p.arg.text ? yield* this.string(p.arg) : isSet ? 'parameter null or not set' : 'parameter null or not set';
          throw new ExpandError(`${p.name}: ${msg}`, 127);
        }
        break;
      case '+':
        if (!useAlt) yield* this.parts(p.arg!.parts, inDq, out);
        return;
      default:
        break;
    }
    if (!isSet && this.host.nounset() && !(isList && (p.name === '@' || p.name === '*'))) {
      throw new ExpandError(`${p.name}: unbound variable`, 1);
    }
    let items = isList ? list!.slice() : [value ?? ''];
    if (p.op === ':' && isList) {
      // ${@:off:len} / ${arr[@]:off:len} slice the list ($0 is element 0 for positional params)
      const all = p.name === '@' || p.name === '*' ? [this.host.special('0'), ...items] : items;
      let off = Number(yield* this.arith(p.arg!.text));
      if (off < 0) off = Math.max(0, all.length + off);
      let end = all.length;
      if (p.arg2) {
        const len = Number(yield* this.arith(p.arg2.text));
        if (len < 0) throw new ExpandError(`${p.arg2.text}: substring expression < 0`, 1);
        end = Math.min(all.length, off + len);
      }
      items = all.slice(off, end);
    } else if (p.op !== '' && p.op !== '-' && p.op !== '=' && p.op !== '?') {
      const mapped: string[] = [];
      const arg = p.arg ? yield* this.pattern(p.arg) : '';
      for (const it of items) mapped.push(yield* this.transform(p, it, arg));
      items = mapped;
    }
    if (!isList) {
      out.push({ s: items[0]!, q: inDq, sp: !inDq });
      return;
    }
    if (inDq) {
      if (star) out.push({ s: items.join(sep), q: true, sp: false });
      else
        items.forEach((it, i) => {
          if (i > 0) out.push({ s: '', q: true, sp: false, brk: true });
          out.push({ s: it, q: true, sp: false });
        });
      return;
    }
    items.forEach((it, i) => {
      if (i > 0) out.push({ s: '', q: false, sp: false, brk: true });
      out.push({ s: it, q: false, sp: true });
    });
  }

  private *transform(p: ParamPart, v: string, pat: string): Gen<string> {
    switch (p.op) {
      case '#':
      case '##':
      case '%':
      case '%%':
        return removeAffix(v, pat, p.op);
      case '/':
      case '//':
      case '/#':
      case '/%': {
        const rep = p.arg2 ? yield* this.string(p.arg2) : '';
        return replacePattern(v, pat, rep, p.op);
      }
      case '^':
        return v.slice(0, 1).toUpperCase() + v.slice(1);
      case '^^':
        return v.toUpperCase();
      case ',':
        return v.slice(0, 1).toLowerCase() + v.slice(1);
      case ',,':
        return v.toLowerCase();
      case ':': {
        const chars = Array.from(v);
        let off = Number(yield* this.arith(p.arg!.text));
        if (off < 0) off = Math.max(0, chars.length + off);
        let end = chars.length;
        if (p.arg2) {
          const len = Number(yield* this.arith(p.arg2.text));
          if (len < 0) {
            end = chars.length + len;
            if (end < off) throw new ExpandError(`${p.arg2.text}: substring expression < 0`, 1);
          } else end = Math.min(chars.length, off + len);
        }
        return chars.slice(off, end).join('');
      }
      default:
        return v;
    }
  }

  // ---------- field splitting ----------

  private split(pieces: Piece[]): Piece[][] {
    const ifsRaw = this.host.getVar('IFS');
    const ifs = ifsRaw === undefined ? ' \t\n' : ifsRaw;
    const fields: Piece[][] = [];
    let cur: Piece[] = [];
    let has = false;
    let jdws = false;
    const push = (): void => {
      fields.push(cur);
      cur = [];
      has = false;
    };
    for (const p of pieces) {
      if (p.brk) {
        if (has || p.q) push();
        jdws = false;
        continue;
      }
      if (!p.sp || ifs === '') {
        if (p.s !== '' || p.q) {
          cur.push(p);
          has = true;
        }
        jdws = false;
        continue;
      }
      let buf = '';
      const flush = (): void => {
        if (buf) {
          cur.push({ s: buf, q: false, sp: false });
          has = true;
        }
        buf = '';
      };
      for (const c of p.s) {
        if (!ifs.includes(c)) {
          buf += c;
          jdws = false;
          continue;
        }
        flush();
        if (isIfsWs(c)) {
          if (has) {
            push();
            jdws = true;
          }
        } else {
          if (has) push();
          else if (!jdws) push();
          jdws = false;
        }
      }
      flush();
    }
    if (has) push();
    return fields;
  }
}
