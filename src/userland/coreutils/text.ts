// echo, printf, sort, uniq, cut, tr, seq.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, EINTR, strerror } from '../../kernel/syscall';
import { writeAll, readAllBytes } from '../lib/io';
import { makeCtx, parseArgs, q, fail, usageError, printHelp, printVersion, getenv, Out, type Ctx } from './common';
import {
  unescapeInner, printfFormat, trSet, trMap, parseKey, applyFlag, noFlags, keyText, compareKey,
  parseList, inList, fixedC, toBytes, decodeRaw, type KeySpec, type SortFlags,
} from './text-utils';

/** Read every operand ('-' or none = stdin) fully. Returns texts or prints errors. */
function* readInputs(
  ctx: Ctx,
  files: string[],
  errFmt: (name: string, errno: number) => string,
): SysCall<{ data: Uint8Array[]; ok: boolean }> {
  const data: Uint8Array[] = [];
  let ok = true;
  for (const f of files.length ? files : ['-']) {
    const fd = f === '-' ? 0 : yield* ctx.sys.open(f, O_RDONLY);
    if (fd < 0) {
      yield* writeAll(ctx.sys, 2, errFmt(f, -fd));
      ok = false;
      continue;
    }
    const r = yield* readAllBytes(ctx.sys, fd);
    if (fd > 0) yield* ctx.sys.close(fd);
    if (typeof r === 'number') {
      yield* writeAll(ctx.sys, 2, errFmt(f, -r));
      ok = false;
      continue;
    }
    data.push(r);
  }
  return { data, ok };
}

/** Split text into lines (without terminators); a final unterminated line counts. */
function splitLines(text: string, delim = '\n'): string[] {
  if (text === '') return [];
  const lines = text.split(delim);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** bytes → "binary string" (one char per byte) and back, for byte-exact tools. */
function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
function unlatin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

// ---------------------------------------------------------------- echo
export function* echo(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'echo');
  const args = argv.slice(1);
  if (args.length === 1 && getenv(envp, 'POSIXLY_CORRECT') === undefined) {
    if (args[0] === '--help') return yield* printHelp(ctx);
    if (args[0] === '--version') return yield* printVersion(ctx);
  }
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const u = unescapeInner(text, true, true);
    text = u.text;
    if (u.stop) newline = false;
  }
  const r = yield* writeAll(sys, 1, toBytes(text + (newline ? '\n' : '')));
  if (r < 0) {
    yield* fail(ctx, `write error: ${strerror(-r)}`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- printf
export function* printf(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'printf');
  const args = argv.slice(1);
  if (args.length === 1 && args[0] === '--help') return yield* printHelp(ctx);
  if (args.length === 1 && args[0] === '--version') return yield* printVersion(ctx);
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  const r = printfFormat(args[0]!, args.slice(1), (s) => q(ctx, s));
  // diagnostics are printed where they are found, with gnulib error(), which flushes stdout first
  let flushed = 0;
  let w = 0;
  const flushTo = function* (end: number): SysCall<void> {
    if (end > flushed && w >= 0) {
      w = yield* writeAll(sys, 1, toBytes(r.out.slice(flushed, end)));
      flushed = end;
    }
  };
  let status = 0;
  for (let k = 0; k < r.errors.length; k++) {
    yield* flushTo(r.errorsAt?.[k] ?? 0);
    yield* fail(ctx, r.errors[k]!);
    status = 1;
  }
  if (r.warning) {
    yield* flushTo(r.out.length);
    yield* fail(ctx, r.warning);
  }
  if (flushed < r.out.length && w >= 0) w = yield* writeAll(sys, 1, toBytes(r.out.slice(flushed)));
  if (w < 0) {
    yield* fail(ctx, `write error: ${strerror(-w)}`);
    return 1;
  }
  return status;
}

// ---------------------------------------------------------------- sort
export function* sort(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'sort');
  const p = yield* parseArgs(ctx, argv.slice(1), 'bcCdfghik:Mmno:rRsS:t:T:uVz', [
    { name: 'ignore-leading-blanks', arg: 'none', key: 'b' },
    { name: 'check', arg: 'optional', key: 'c' },
    { name: 'dictionary-order', arg: 'none', key: 'd' },
    { name: 'ignore-case', arg: 'none', key: 'f' },
    { name: 'general-numeric-sort', arg: 'none', key: 'g' },
    { name: 'human-numeric-sort', arg: 'none', key: 'h' },
    { name: 'key', arg: 'required', key: 'k' },
    { name: 'month-sort', arg: 'none', key: 'M' },
    { name: 'merge', arg: 'none', key: 'm' },
    { name: 'numeric-sort', arg: 'none', key: 'n' },
    { name: 'output', arg: 'required', key: 'o' },
    { name: 'reverse', arg: 'none', key: 'r' },
    { name: 'stable', arg: 'none', key: 's' },
    { name: 'buffer-size', arg: 'required', key: 'S' },
    { name: 'field-separator', arg: 'required', key: 't' },
    { name: 'temporary-directory', arg: 'required', key: 'T' },
    { name: 'unique', arg: 'none', key: 'u' },
    { name: 'version-sort', arg: 'none', key: 'V' },
    { name: 'zero-terminated', arg: 'none', key: 'z' },
    { name: 'parallel', arg: 'required', key: 'parallel' },
  ]);
  if (typeof p === 'number') return p;
  const global = noFlags();
  const keys: KeySpec[] = [];
  let tab: string | undefined;
  let unique = false;
  let stable = false;
  let output: string | undefined;
  let check = false;
  let delim = '\n';
  for (const [k, v] of p.opts) {
    if ('bdfghMnrV'.includes(k) && k.length === 1) applyFlag(global, k);
    else if (k === 'k') {
      const key = parseKey(v!);
      if (typeof key === 'string') {
        yield* fail(ctx, `invalid number at field start: invalid count at start of ${q(ctx, v!)}`);
        return 2;
      }
      keys.push(key);
    } else if (k === 't') {
      if (v!.length !== 1 && v !== '\\0') {
        yield* fail(ctx, `multi-character tab ${q(ctx, v!)}`);
        return 2;
      }
      tab = v === '\\0' ? '\0' : v;
    } else if (k === 'u') unique = true;
    else if (k === 's') stable = true;
    else if (k === 'o') output = v;
    else if (k === 'c' || k === 'C') check = true;
    else if (k === 'z') delim = '\0';
  }
  for (const k of keys) if (!k.hasOpts) k.opts = { ...global };
  const inputs = yield* readInputs(ctx, p.operands, (f, e) => `${ctx.prog}: cannot read: ${f}: ${strerror(e)}\n`);
  if (!inputs.ok) return 2;
  const lines: string[] = [];
  for (const d of inputs.data) lines.push(...splitLines(decodeRaw(d), delim));
  const cmpKeys = (a: string, b: string): number => {
    if (keys.length === 0) {
      const c = compareKey(a, b, global);
      return global.reverse ? -c : c;
    }
    for (const k of keys) {
      const c = compareKey(keyText(a, k, tab), keyText(b, k, tab), k.opts);
      if (c) return k.opts.reverse ? -c : c;
    }
    return 0;
  };
  const anyOpt = (f: SortFlags): boolean => f.numeric || f.human || f.general || f.fold || f.dict || f.month || f.version || f.blanks;
  const needLast = keys.length > 0 || anyOpt(global);
  const cmp = (a: string, b: string): number => {
    const c = cmpKeys(a, b);
    if (c || unique || stable || !needLast) return c;
    const l = a < b ? -1 : a > b ? 1 : 0;
    return global.reverse ? -l : l;
  };
  if (check) {
    for (let i = 1; i < lines.length; i++) {
      const c = cmp(lines[i - 1]!, lines[i]!);
      if (c > 0 || (unique && c === 0)) {
        yield* fail(ctx, `${p.operands[0] ?? '-'}:${i + 1}: disorder: ${lines[i]}`);
        return 1;
      }
    }
    return 0;
  }
  const sorted = lines.map((l, i) => [l, i] as const).sort((x, y) => cmp(x[0], y[0]) || x[1] - y[1]).map((x) => x[0]);
  let res = sorted;
  if (unique) {
    res = [];
    for (const l of sorted) if (res.length === 0 || cmpKeys(res[res.length - 1]!, l) !== 0) res.push(l);
  }
  const text = res.length ? res.join(delim) + delim : '';
  let fd = 1;
  if (output !== undefined) {
    fd = yield* sys.open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o666);
    if (fd < 0) {
      yield* fail(ctx, `open failed: ${output}: ${strerror(-fd)}`);
      return 2;
    }
  }
  const w = yield* writeAll(sys, fd, toBytes(text));
  if (fd !== 1) yield* sys.close(fd);
  if (w < 0) {
    yield* fail(ctx, `write failed: ${output ?? "'standard output'"}: ${strerror(-w)}`);
    return 2;
  }
  return 0;
}

// ---------------------------------------------------------------- uniq
export function* uniq(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'uniq');
  const p = yield* parseArgs(ctx, argv.slice(1), 'cdDf:is:uw:z', [
    { name: 'count', arg: 'none', key: 'c' },
    { name: 'repeated', arg: 'none', key: 'd' },
    { name: 'all-repeated', arg: 'optional', key: 'D' },
    { name: 'skip-fields', arg: 'required', key: 'f' },
    { name: 'ignore-case', arg: 'none', key: 'i' },
    { name: 'skip-chars', arg: 'required', key: 's' },
    { name: 'unique', arg: 'none', key: 'u' },
    { name: 'check-chars', arg: 'required', key: 'w' },
    { name: 'zero-terminated', arg: 'none', key: 'z' },
  ]);
  if (typeof p === 'number') return p;
  let count = false;
  let onlyDup = false;
  let allDup = false;
  let onlyUniq = false;
  let icase = false;
  let skipF = 0;
  let skipC = 0;
  let checkC = Infinity;
  let delim = '\n';
  for (const [k, v] of p.opts) {
    if (k === 'c') count = true;
    else if (k === 'd') onlyDup = true;
    else if (k === 'D') allDup = true;
    else if (k === 'u') onlyUniq = true;
    else if (k === 'i') icase = true;
    else if (k === 'z') delim = '\0';
    else {
      if (!/^\d+$/.test(v!)) {
        const what = k === 'f' ? 'number of fields to skip' : k === 's' ? 'number of bytes to skip' : 'number of bytes to compare';
        yield* fail(ctx, `${q(ctx, v!)}: invalid ${what}`);
        return 1;
      }
      if (k === 'f') skipF = Number(v);
      else if (k === 's') skipC = Number(v);
      else checkC = Number(v);
    }
  }
  if (count && allDup) {
    yield* usageError(ctx, 'printing all duplicated lines and repeat counts is meaningless');
    return 1;
  }
  if (p.operands.length > 2) {
    yield* usageError(ctx, `extra operand ${q(ctx, p.operands[2]!)}`);
    return 1;
  }
  const inp = p.operands[0] ?? '-';
  const inputs = yield* readInputs(ctx, [inp], (f, e) => `${ctx.prog}: ${f}: ${strerror(e)}\n`);
  if (!inputs.ok) return 1;
  const lines = splitLines(decodeRaw(inputs.data[0]!), delim);
  const keyOf = (l: string): string => {
    let s = l;
    for (let f = 0; f < skipF; f++) s = s.replace(/^[ \t]*[^ \t]*/, '');
    s = s.slice(skipC);
    if (checkC !== Infinity) s = s.slice(0, checkC);
    return icase ? s.toLowerCase() : s;
  };
  let out = '';
  let i = 0;
  while (i < lines.length) {
    let j = i + 1;
    const k = keyOf(lines[i]!);
    while (j < lines.length && keyOf(lines[j]!) === k) j++;
    const n = j - i;
    if (allDup) {
      if (n > 1) for (let x = i; x < j; x++) out += lines[x]! + delim;
    } else if (!(onlyDup && n < 2) && !(onlyUniq && n > 1)) {
      out += (count ? String(n).padStart(7) + ' ' : '') + lines[i]! + delim;
    }
    i = j;
  }
  let fd = 1;
  if (p.operands[1] !== undefined && p.operands[1] !== '-') {
    fd = yield* sys.open(p.operands[1], O_WRONLY | O_CREAT | O_TRUNC, 0o666);
    if (fd < 0) {
      yield* fail(ctx, `${p.operands[1]}: ${strerror(-fd)}`);
      return 1;
    }
  }
  yield* writeAll(sys, fd, toBytes(out));
  if (fd !== 1) yield* sys.close(fd);
  return 0;
}

// ---------------------------------------------------------------- cut
export function* cut(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'cut');
  const p = yield* parseArgs(ctx, argv.slice(1), 'b:c:d:f:nsz', [
    { name: 'bytes', arg: 'required', key: 'b' },
    { name: 'characters', arg: 'required', key: 'c' },
    { name: 'delimiter', arg: 'required', key: 'd' },
    { name: 'fields', arg: 'required', key: 'f' },
    { name: 'only-delimited', arg: 'none', key: 's' },
    { name: 'complement', arg: 'none', key: 'complement' },
    { name: 'output-delimiter', arg: 'required', key: 'od' },
    { name: 'zero-terminated', arg: 'none', key: 'z' },
  ]);
  if (typeof p === 'number') return p;
  let mode: 'b' | 'f' | undefined;
  let list = '';
  let delimC: string | undefined;
  let onlyDelim = false;
  let complement = false;
  let outDelim: string | undefined;
  let eol = '\n';
  for (const [k, v] of p.opts) {
    if (k === 'b' || k === 'c' || k === 'f') {
      if (mode !== undefined) {
        yield* usageError(ctx, 'only one type of list may be specified');
        return 1;
      }
      mode = k === 'f' ? 'f' : 'b';
      list = v!;
    } else if (k === 'd') {
      if ([...v!].length > 1) {
        yield* usageError(ctx, 'the delimiter must be a single character');
        return 1;
      }
      delimC = v === '' ? '\0' : v;
    } else if (k === 's') onlyDelim = true;
    else if (k === 'complement') complement = true;
    else if (k === 'od') outDelim = v;
    else if (k === 'z') eol = '\0';
  }
  if (mode === undefined) {
    yield* usageError(ctx, 'you must specify a list of bytes, characters, or fields');
    return 1;
  }
  if (mode === 'b' && delimC !== undefined) {
    yield* usageError(ctx, 'an input delimiter may be specified only when operating on fields');
    return 1;
  }
  if (mode === 'b' && onlyDelim) {
    yield* usageError(ctx, 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
    return 1;
  }
  const ranges = parseList(list, (s) => q(ctx, s), mode === 'f');
  if (typeof ranges === 'string') {
    yield* usageError(ctx, ranges);
    return 1;
  }
  const sel = (n: number): boolean => inList(ranges, n) !== complement;
  const delim = delimC ?? '\t';
  let status = 0;
  for (const f of p.operands.length ? p.operands : ['-']) {
    const r = yield* readInputs(ctx, [f], (n, e) => `${ctx.prog}: ${n}: ${strerror(e)}\n`);
    if (!r.ok) {
      status = 1;
      continue;
    }
    const text = latin1(r.data[0]!);
    let res = '';
    for (const line of splitLines(text, eol)) {
      if (mode === 'b') {
        let s = '';
        let last = -2;
        for (let i = 0; i < line.length; i++) {
          if (!sel(i + 1)) continue;
          if (outDelim !== undefined && last >= 0 && i !== last + 1) s += outDelim;
          s += line[i];
          last = i;
        }
        res += s + eol;
      } else {
        if (!line.includes(delim)) {
          if (!onlyDelim) res += line + eol;
          continue;
        }
        const fields = line.split(delim);
        const picked: string[] = [];
        fields.forEach((fv, i) => {
          if (sel(i + 1)) picked.push(fv);
        });
        res += picked.join(outDelim ?? delim) + eol;
      }
    }
    // res holds bytes as chars (latin1): write them back as bytes
    const w = yield* writeAll(sys, 1, unlatin1(res));
    if (w < 0) {
      yield* fail(ctx, `write error: ${strerror(-w)}`);
      return 1;
    }
  }
  return status;
}

// ---------------------------------------------------------------- tr
export function* tr(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'tr');
  const p = yield* parseArgs(ctx, argv.slice(1), 'cCdst', [
    { name: 'complement', arg: 'none', key: 'c' },
    { name: 'delete', arg: 'none', key: 'd' },
    { name: 'squeeze-repeats', arg: 'none', key: 's' },
    { name: 'truncate-set1', arg: 'none', key: 't' },
  ]);
  if (typeof p === 'number') return p;
  let comp = false;
  let del = false;
  let squeeze = false;
  let trunc = false;
  for (const [k] of p.opts) {
    if (k === 'c' || k === 'C') comp = true;
    else if (k === 'd') del = true;
    else if (k === 's') squeeze = true;
    else if (k === 't') trunc = true;
  }
  const ops = p.operands;
  const translating = !del && ops.length >= 2;
  const need = del && squeeze ? 2 : del || (squeeze && ops.length < 2) ? 1 : 2;
  if (ops.length < need || ops.length === 0) {
    if (ops.length === 0) yield* usageError(ctx, 'missing operand');
    else {
      const extra = del && squeeze ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.';
      yield* writeAll(sys, 2, `${ctx.prog}: missing operand after ${q(ctx, ops[ops.length - 1]!)}\n${extra}\n`);
      yield* usageError(ctx);
    }
    return 1;
  }
  if (ops.length > need) {
    const extra = del && !squeeze && ops.length === 2 ? '\nOnly one string may be given when deleting without squeezing repeats.' : '';
    yield* writeAll(sys, 2, `${ctx.prog}: extra operand ${q(ctx, ops[need]!)}${extra}\n`);
    yield* usageError(ctx);
    return 1;
  }
  const s1 = trSet(ops[0]!, false);
  if (typeof s1 === 'string') {
    yield* fail(ctx, s1);
    return 1;
  }
  let set1 = s1.bytes;
  if (comp) {
    const has = new Set(set1);
    set1 = [];
    for (let c = 0; c < 256; c++) if (!has.has(c)) set1.push(c);
  }
  let map: number[] | undefined;
  let sqSet: Set<number> | undefined;
  const delSet = del ? new Set(set1) : undefined;
  if (translating) {
    const s2 = trSet(ops[1]!, true);
    if (typeof s2 === 'string') {
      yield* fail(ctx, s2);
      return 1;
    }
    // [:lower:] ↔ [:upper:] pairs line up by construction (both are 26 letters in order)
    const m = trMap(set1, s2, trunc);
    if (typeof m === 'string') {
      yield* fail(ctx, m);
      return 1;
    }
    map = m;
    if (squeeze) sqSet = new Set(s2.bytes.length ? s2.bytes : []);
    if (squeeze && s2.fill) sqSet!.add(s2.fill.byte);
  } else if (squeeze) {
    if (del) {
      const s2 = trSet(ops[1]!, true);
      if (typeof s2 === 'string') {
        yield* fail(ctx, s2);
        return 1;
      }
      sqSet = new Set(s2.bytes);
    } else sqSet = new Set(set1);
  }
  let last = -1;
  for (;;) {
    const r = yield* sys.read(0, 65536);
    if (r === -EINTR) continue;
    if (typeof r === 'number') {
      yield* fail(ctx, `read error: ${strerror(-r)}`);
      return 1;
    }
    if (r.length === 0) break;
    const outb = new Uint8Array(r.length);
    let n = 0;
    for (let i = 0; i < r.length; i++) {
      let c = r[i]!;
      if (delSet && delSet.has(c)) continue;
      if (map) c = map[c]!;
      if (sqSet && c === last && sqSet.has(c)) continue;
      last = c;
      outb[n++] = c;
    }
    const w = yield* writeAll(sys, 1, outb.subarray(0, n));
    if (w < 0) {
      yield* fail(ctx, `write error: ${strerror(-w)}`);
      return 1;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- seq
function decimals(s: string): number {
  if (/[eE]/.test(s)) return -1;
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

export function* seq(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'seq');
  // negative numbers are operands, not options: stop option parsing at the first "-N"
  const raw = argv.slice(1);
  const optArgs: string[] = [];
  let k = 0;
  for (; k < raw.length; k++) {
    const a = raw[k]!;
    if (/^-\d|^-\.\d|^-inf|^-nan/i.test(a) || !a.startsWith('-') || a === '-') break;
    optArgs.push(a);
    if ((a === '-s' || a === '-f' || a === '--separator' || a === '--format') && k + 1 < raw.length) optArgs.push(raw[++k]!);
    if (a === '--') {
      k++;
      break;
    }
  }
  const p = yield* parseArgs(ctx, optArgs, 'f:s:w', [
    { name: 'format', arg: 'required', key: 'f' },
    { name: 'separator', arg: 'required', key: 's' },
    { name: 'equal-width', arg: 'none', key: 'w' },
  ]);
  if (typeof p === 'number') return p;
  let sep = '\n';
  let width = false;
  let format: string | undefined;
  for (const [o, v] of p.opts) {
    if (o === 's') sep = v!;
    else if (o === 'w') width = true;
    else if (o === 'f') format = v;
  }
  const ops = [...p.operands, ...raw.slice(k)];
  if (ops.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  if (ops.length > 3) {
    yield* usageError(ctx, `extra operand ${q(ctx, ops[3]!)}`);
    return 1;
  }
  const nums: number[] = [];
  for (const s of ops) {
    const t = s.trim();
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : /^[+-]?inf(inity)?$/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : NaN;
    if (Number.isNaN(v)) {
      yield* usageError(ctx, `invalid floating point argument: ${q(ctx, s)}`);
      return 1;
    }
    nums.push(v);
  }
  const first = ops.length >= 2 ? nums[0]! : 1;
  const step = ops.length === 3 ? nums[1]! : 1;
  const last = nums[nums.length - 1]!;
  if (step === 0) {
    yield* usageError(ctx, `invalid Zero increment value: ${q(ctx, ops[1]!)}`);
    return 1;
  }
  const firstS = ops.length >= 2 ? ops[0]! : '1';
  const stepS = ops.length === 3 ? ops[1]! : '1';
  const dFirst = decimals(firstS);
  const dStep = decimals(stepS);
  const prec = dFirst < 0 || dStep < 0 ? -1 : Math.max(dFirst, dStep);
  let fmt = (v: number): string => (prec < 0 ? fmtG(v) : (v < 0 ? '-' : '') + fixedC(Math.abs(v), prec));
  if (format !== undefined) {
    const f = format;
    fmt = (v: number): string => printfFormat(f, [String(v)]).out;
  }
  const vals: string[] = [];
  const out = new Out(sys);
  let buf = '';
  let n = 0;
  for (let i = 0; ; i++) {
    const v = first + i * step;
    if (step > 0 ? v > last + Math.abs(step) * 1e-12 : v < last - Math.abs(step) * 1e-12) break;
    const s = fmt(v);
    if (width) vals.push(s);
    else {
      buf += (n++ ? sep : '') + s;
      if (buf.length > 65536) {
        yield* out.write(buf);
        buf = '';
      }
      if (out.error) break;
    }
    if (i > 1e7) break;
  }
  if (width) {
    const w = Math.max(...vals.map((s) => s.length), 0);
    buf = vals.map((s) => (s.startsWith('-') ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0'))).join(sep);
    n = vals.length;
  }
  if (n > 0) buf += '\n';
  yield* out.write(buf);
  return yield* out.finish(ctx, 0);
}

function fmtG(v: number): string {
  return printfFormat('%g', [String(v)]).out;
}

