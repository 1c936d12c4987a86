// [[ ... ]] conditional expressions and the test/[ builtin's evaluator.
import type { Sys } from '../../kernel/syscall';
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, R_OK, W_OK, X_OK } from '../../kernel/syscall';
import type { CondTok } from './ast';
import type { Gen } from './expand';
import { ExpandError } from './expand';
import { matchPattern } from './pattern';
import type { Shell } from './shell';

const UNARY = new Set(['-e', '-f', '-d', '-r', '-w', '-x', '-s', '-L', '-h', '-p', '-S', '-b', '-c', '-g', '-u', '-k', '-t', '-z', '-n', '-O', '-G', '-N', '-v', '-o']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef', '=~']);

export class TestError {
  constructor(readonly msg: string) {}
}

export function* unaryTest(sys: Sys, op: string, a: string, sh?: Shell): Gen<boolean> {
  if (op === '-z') return a === '';
  if (op === '-n') return a !== '';
  if (op === '-v') return sh ? sh.vars.has(a) : false;
  if (op === '-o') return false;
  if (op === '-t') {
    const fd = Number(a);
    const r = yield* sys.ioctl(fd, 0x5401);
    return typeof r === 'object' && r !== null;
  }
  if (op === '-r' || op === '-w' || op === '-x') {
    const mode = op === '-r' ? R_OK : op === '-w' ? W_OK : X_OK;
    return (yield* sys.access(a, mode)) === 0;
  }
  const st = op === '-L' || op === '-h' ? yield* sys.lstat(a) : yield* sys.stat(a);
  if (typeof st === 'number') return false;
  const t = st.mode & S_IFMT;
  switch (op) {
    case '-e': return true;
    case '-f': return t === S_IFREG;
    case '-d': return t === S_IFDIR;
    case '-L': case '-h': return t === S_IFLNK;
    case '-p': return t === S_IFIFO;
    case '-S': return t === S_IFSOCK;
    case '-b': return t === S_IFBLK;
    case '-c': return t === S_IFCHR;
    case '-s': return st.size > 0;
    case '-g': return (st.mode & 0o2000) !== 0;
    case '-u': return (st.mode & 0o4000) !== 0;
    case '-k': return (st.mode & 0o1000) !== 0;
    case '-O': return st.uid === (yield* sys.geteuid());
    case '-G': return st.gid === (yield* sys.getegid());
    case '-N': return st.mtimeNs > st.atimeNs;
    default: return false;
  }
}

function toInt(s: string): bigint {
  const t = s.trim();
  if (!/^[-+]?[0-9]+$/.test(t)) throw new TestError(`${s}: integer expression expected`);
  return BigInt(t);
}

export function* binaryTest(sys: Sys, a: string, op: string, b: string): Gen<boolean> {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return toInt(a) === toInt(b);
    case '-ne': return toInt(a) !== toInt(b);
    case '-lt': return toInt(a) < toInt(b);
    case '-le': return toInt(a) <= toInt(b);
    case '-gt': return toInt(a) > toInt(b);
    case '-ge': return toInt(a) >= toInt(b);
    case '-nt': case '-ot': case '-ef': {
      const sa = yield* sys.stat(a);
      const sb = yield* sys.stat(b);
      if (op === '-ef') return typeof sa !== 'number' && typeof sb !== 'number' && sa.ino === sb.ino && sa.dev === sb.dev;
      const ma = typeof sa === 'number' ? -1 : sa.mtimeNs;
      const mb = typeof sb === 'number' ? -1 : sb.mtimeNs;
      return op === '-nt' ? ma > mb : ma < mb;
    }
    default: return false;
  }
}

/** test / [ : POSIX argument-count rules, then a small recursive parser. Returns 0, 1 or 2. */
export function* testCommand(sh: Shell, args: string[], name: string): Gen<number> {
  const sys = sh.sys;
  let pos = 0;
  const peek = (): string | undefined => args[pos];
  function* primary(): Gen<boolean> {
    const a = args[pos];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '!') {
      pos++;
      return !(yield* primary());
    }
    if (a === '(' ) {
      pos++;
      const v = yield* orExpr();
      if (args[pos] !== ')') throw new TestError("`)' expected");
      pos++;
      return v;
    }
    const b = args[pos + 1];
    if (b !== undefined && BINARY.has(b) && b !== '=~' && args[pos + 2] !== undefined) {
      pos += 3;
      return yield* binaryTest(sys, a, b, args[pos - 1]!);
    }
    if (UNARY.has(a) && b !== undefined) {
      pos += 2;
      return yield* unaryTest(sys, a, b, sh);
    }
    pos++;
    return a !== '';
  }
  function* andExpr(): Gen<boolean> {
    let v = yield* primary();
    while (peek() === '-a') {
      pos++;
      const r = yield* primary();
      v = v && r;
    }
    return v;
  }
  function* orExpr(): Gen<boolean> {
    let v = yield* andExpr();
    while (peek() === '-o') {
      pos++;
      const r = yield* andExpr();
      v = v || r;
    }
    return v;
  }
  try {
    let v: boolean;
    const n = args.length;
    if (n === 0) return 1;
    if (n === 1) v = args[0] !== '';
    else if (n === 2 && args[0] === '!') v = args[1] === '';
    else if (n === 2 && UNARY.has(args[0]!)) v = yield* unaryTest(sys, args[0]!, args[1]!, sh);
    else if (n === 2) throw new TestError(`${args[0]}: unary operator expected`);
    else if (n === 3 && BINARY.has(args[1]!)) v = yield* binaryTest(sys, args[0]!, args[1]!, args[2]!);
    else {
      v = yield* orExpr();
      if (pos < n) throw new TestError('too many arguments');
    }
    return v ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      yield* sh.err(`${name}: ${e.msg}`);
      return 2;
    }
    throw e;
  }
}

/** [[ ... ]]: words are expanded without splitting/globbing; == and != match patterns. */
export function* evalCond(sh: Shell, toks: CondTok[]): Gen<number> {
  let pos = 0;
  const isOp = (o: string): boolean => toks[pos]?.op === o;
  function* str(i: number): Gen<string> {
    const t = toks[i];
    if (!t?.w) return '';
    return yield* sh.exp.string(t.w);
  }
  function* primary(): Gen<boolean> {
    if (isOp('!')) {
      pos++;
      return !(yield* primary());
    }
    if (isOp('(')) {
      pos++;
      const v = yield* orExpr();
      if (isOp(')')) pos++;
      return v;
    }
    const t = toks[pos];
    const next = toks[pos + 1];
    const opName = next?.op === '<' || next?.op === '>' ? next.op : next?.w?.text;
    if (t?.w && opName && BINARY.has(opName) && toks[pos + 2]) {
      const a = yield* str(pos);
      const rt = toks[pos + 2]!;
      pos += 3;
      if (opName === '==' || opName === '=' || opName === '!=') {
        const pat = rt.w ? yield* sh.exp.pattern(rt.w) : '';
        const m = matchPattern(pat, a);
        return opName === '!=' ? !m : m;
      }
      if (opName === '=~') {
        const re = rt.w ? yield* sh.exp.string(rt.w) : '';
        let rx: RegExp;
        try {
          rx = new RegExp(re);
        } catch {
          return false;
        }
        const m = rx.exec(a);
        if (m) sh.vars.set('BASH_REMATCH', { arr: Array.from(m, (x) => x ?? ''), exported: false, readonly: false });
        return !!m;
      }
      const b = rt.w ? yield* sh.exp.string(rt.w) : '';
      return yield* binaryTest(sh.sys, a, opName, b);
    }
    if (t?.w && UNARY.has(t.w.text) && next?.w) {
      pos += 2;
      return yield* unaryTest(sh.sys, t.w.text, yield* str(pos - 1), sh);
    }
    pos++;
    return (yield* str(pos - 1)) !== '';
  }
  function* andExpr(): Gen<boolean> {
    let v = yield* primary();
    while (isOp('&&')) {
      pos++;
      const r = yield* primary();
      v = v && r;
    }
    return v;
  }
  function* orExpr(): Gen<boolean> {
    let v = yield* andExpr();
    while (isOp('||')) {
      pos++;
      const r = yield* andExpr();
      v = v || r;
    }
    return v;
  }
  try {
    return (yield* orExpr()) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      yield* sh.err(e.msg);
      return 2;
    }
    if (e instanceof ExpandError) {
      yield* sh.err(e.msg);
      return 1;
    }
    throw e;
  }
}
