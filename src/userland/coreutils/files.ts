// cat, head, tail, wc, tee: the stream readers.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import {
  O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, SEEK_SET, S_IFMT, S_IFREG, EINTR, EAGAIN, SIGINT, strerror,
} from '../../kernel/syscall';
import { writeAll, readAllBytes } from '../lib/io';
import { encode } from '../lib/text';
import { quoteAlways } from '../lib/format';
import { makeCtx, parseArgs, q, fail, failErrno } from './common';
import { utf8SeqLen } from './text-utils';

/** Open an input operand ('-' is stdin). Returns fd or -errno. */
function* openIn(sys: Sys, name: string): SysCall<number> {
  if (name === '-') return 0;
  return yield* sys.open(name, O_RDONLY);
}

function* readChunk(sys: Sys, fd: number): SysCall<Uint8Array | number> {
  for (;;) {
    const r = yield* sys.read(fd, 65536);
    if (r === -EINTR || r === -EAGAIN) continue;
    return r;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const c = new Uint8Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}

// ---------------------------------------------------------------- cat
interface CatState {
  lineNo: number;
  atStart: boolean;
  blankRun: number; // consecutive empty lines seen (for -s)
}

/** Transform bytes as cat -A/-b/-E/-n/-s/-T/-v do. Pure, exported for tests. */
export function catTransform(
  data: Uint8Array,
  f: { n: boolean; b: boolean; s: boolean; E: boolean; T: boolean; v: boolean },
  st: CatState,
): Uint8Array {
  const out: number[] = [];
  const push = (s: string): void => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (st.atStart) {
      if (c === 10) {
        st.blankRun++;
        if (f.s && st.blankRun > 1) continue;
      } else st.blankRun = 0;
      if (f.b ? c !== 10 : f.n) push(String(++st.lineNo).padStart(6, ' ') + '\t');
      st.atStart = false;
    }
    if (c === 10) {
      if (f.E) out.push(36);
      out.push(10);
      st.atStart = true;
      continue;
    }
    if (c === 9) {
      if (f.T) push('^I');
      else out.push(9);
      continue;
    }
    if (!f.v) {
      out.push(c);
      continue;
    }
    if (c >= 128) {
      push('M-');
      const d = c - 128;
      if (d < 32) push('^' + String.fromCharCode(d + 64));
      else if (d === 127) push('^?');
      else out.push(d);
    } else if (c < 32) push('^' + String.fromCharCode(c + 64));
    else if (c === 127) push('^?');
    else out.push(c);
  }
  return Uint8Array.from(out);
}

export function* cat(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'cat');
  const p = yield* parseArgs(ctx, argv.slice(1), 'AbeEnstTuv', [
    { name: 'show-all', arg: 'none', key: 'A' },
    { name: 'number-nonblank', arg: 'none', key: 'b' },
    { name: 'show-ends', arg: 'none', key: 'E' },
    { name: 'number', arg: 'none', key: 'n' },
    { name: 'squeeze-blank', arg: 'none', key: 's' },
    { name: 'show-tabs', arg: 'none', key: 'T' },
    { name: 'show-nonprinting', arg: 'none', key: 'v' },
  ]);
  if (typeof p === 'number') return p;
  const f = { n: false, b: false, s: false, E: false, T: false, v: false };
  for (const [k] of p.opts) {
    if (k === 'A') f.v = f.E = f.T = true;
    else if (k === 'e') f.v = f.E = true;
    else if (k === 't') f.v = f.T = true;
    else if (k in f) (f as Record<string, boolean>)[k] = true;
  }
  const plain = !f.n && !f.b && !f.s && !f.E && !f.T && !f.v;
  const st: CatState = { lineNo: 0, atStart: true, blankRun: 0 };
  let status = 0;
  for (const name of p.operands.length ? p.operands : ['-']) {
    const fd = yield* openIn(sys, name);
    if (fd < 0) {
      yield* failErrno(ctx, name, -fd);
      status = 1;
      continue;
    }
    for (;;) {
      const r = yield* readChunk(sys, fd);
      if (typeof r === 'number') {
        yield* failErrno(ctx, name, -r);
        status = 1;
        break;
      }
      if (r.length === 0) break;
      const w = yield* writeAll(sys, 1, plain ? r : catTransform(r, f, st));
      if (w < 0) {
        yield* fail(ctx, `write error: ${strerror(-w)}`);
        if (fd > 0) yield* sys.close(fd);
        return 1;
      }
    }
    if (fd > 0) yield* sys.close(fd);
  }
  return status;
}

// ---------------------------------------------------------------- head / tail number parsing
const MULT: Record<string, number> = {
  b: 512, k: 1024, K: 1024, KiB: 1024, KB: 1000, kB: 1000,
  M: 1024 ** 2, MiB: 1024 ** 2, MB: 1e6, G: 1024 ** 3, GiB: 1024 ** 3, GB: 1e9,
  T: 1024 ** 4, TiB: 1024 ** 4, TB: 1e12, P: 1024 ** 5, PiB: 1024 ** 5, PB: 1e15,
  E: 1024 ** 6, EiB: 1024 ** 6, EB: 1e18,
};

/** xstrtoumax with coreutils' size suffixes ("10", "2K", "1MB", "3b"). undefined if invalid. */
export function parseCount(s: string): number | undefined {
  const m = /^(\d+)([A-Za-z]*)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!m[2]) return n;
  const k = MULT[m[2]];
  return k === undefined ? undefined : n * k;
}

/** Turn historical "-5" / "-5c" / "+5" forms into options, as head/tail accept them. */
function obsoleteArg(args: string[], tail: boolean): string[] {
  const a = args[0];
  if (a === undefined) return args;
  const m = /^-(\d+)([bcklmn]?)([fqv]*)$/.exec(a);
  if (!m || (!tail && m[3]!.includes('f'))) return args;
  const unit = m[2] === 'c' ? 'c' : m[2] === 'b' ? 'c' : 'n';
  const count = m[2] === 'b' ? String(Number(m[1]) * 512) : m[2] === 'k' ? String(Number(m[1]) * 1024) : m[1]!;
  const extra = m[3]!.split('').map((c) => '-' + c);
  return [`-${unit}`, count, ...extra, ...args.slice(1)];
}

// ---------------------------------------------------------------- head
export function* head(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'head');
  const p = yield* parseArgs(ctx, obsoleteArg(argv.slice(1), false), 'c:n:qvz', [
    { name: 'bytes', arg: 'required', key: 'c' },
    { name: 'lines', arg: 'required', key: 'n' },
    { name: 'quiet', arg: 'none', key: 'q' },
    { name: 'silent', arg: 'none', key: 'q' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'zero-terminated', arg: 'none', key: 'z' },
  ]);
  if (typeof p === 'number') return p;
  let bytes = false;
  let count = 10;
  let allBut = false;
  let headers: boolean | undefined;
  let delim = 10;
  for (const [k, v] of p.opts) {
    if (k === 'c' || k === 'n') {
      bytes = k === 'c';
      let s = v!;
      allBut = s.startsWith('-');
      if (allBut || s.startsWith('+')) s = s.slice(1);
      const n = parseCount(s);
      if (n === undefined) {
        // the message quotes the number without a leading '-' (a '+' stays)
        yield* fail(ctx, `invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(ctx, v!.replace(/^-/, ''))}`);
        return 1;
      }
      count = n;
    } else if (k === 'q') headers = false;
    else if (k === 'v') headers = true;
    else if (k === 'z') delim = 0;
  }
  const files = p.operands.length ? p.operands : ['-'];
  const showHeaders = headers ?? files.length > 1;
  let status = 0;
  let first = true;
  for (const name of files) {
    const fd = yield* openIn(sys, name);
    if (fd < 0) {
      yield* fail(ctx, `cannot open ${quoteAlways(name)} for reading: ${strerror(-fd)}`);
      status = 1;
      continue;
    }
    if (showHeaders) {
      yield* writeAll(sys, 1, `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
    }
    first = false;
    let r: number;
    if (allBut) {
      const all = yield* readAllBytes(sys, fd);
      if (typeof all === 'number') r = all;
      else {
        let end: number;
        if (bytes) end = Math.max(0, all.length - count);
        else {
          // drop the last `count` lines
          let n = count;
          let i = all.length;
          if (n > 0 && i > 0 && all[i - 1] !== delim) {
            // last partial line counts as a line
            n--;
            while (i > 0 && all[i - 1] !== delim) i--;
          }
          while (n > 0 && i > 0) {
            i--;
            while (i > 0 && all[i - 1] !== delim) i--;
            n--;
          }
          end = i;
        }
        r = yield* writeAll(sys, 1, all.subarray(0, end));
      }
    } else r = yield* headStream(sys, fd, count, bytes, delim);
    if (r < 0) {
      yield* fail(ctx, `error reading ${quoteAlways(name)}: ${strerror(-r)}`);
      status = 1;
    }
    if (fd > 0) yield* sys.close(fd);
  }
  return status;
}

function* headStream(sys: Sys, fd: number, count: number, bytes: boolean, delim: number): SysCall<number> {
  let left = count;
  while (left > 0) {
    const r = yield* readChunk(sys, fd);
    if (typeof r === 'number') return r;
    if (r.length === 0) break;
    let end = r.length;
    if (bytes) {
      end = Math.min(r.length, left);
      left -= end;
    } else {
      for (let i = 0; i < r.length; i++) {
        if (r[i] === delim && --left === 0) {
          end = i + 1;
          break;
        }
      }
    }
    const w = yield* writeAll(sys, 1, r.subarray(0, end));
    if (w < 0) return 0;
  }
  return 0;
}

// ---------------------------------------------------------------- tail
const FOLLOW_POLL_NS = 50_000_000;
/** The part of `all` tail prints. Pure, exported for tests. */
export function tailSlice(all: Uint8Array, count: number, bytes: boolean, fromStart: boolean, delim = 10): Uint8Array {
  if (bytes) return fromStart ? all.subarray(Math.max(0, count - 1)) : all.subarray(Math.max(0, all.length - count));
  if (fromStart) {
    let line = 1;
    let i = 0;
    while (line < count && i < all.length) {
      if (all[i] === delim) line++;
      i++;
    }
    return all.subarray(i);
  }
  if (count === 0) return all.subarray(all.length);
  let i = all.length;
  if (i > 0 && all[i - 1] === delim) i--;
  let n = count;
  while (i > 0) {
    if (all[i - 1] === delim && --n === 0) break;
    i--;
  }
  return all.subarray(i);
}

export function* tail(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'tail');
  const p = yield* parseArgs(ctx, obsoleteArg(argv.slice(1), true), 'c:n:fFqvs:z', [
    { name: 'bytes', arg: 'required', key: 'c' },
    { name: 'lines', arg: 'required', key: 'n' },
    { name: 'follow', arg: 'optional', key: 'f' },
    { name: 'quiet', arg: 'none', key: 'q' },
    { name: 'silent', arg: 'none', key: 'q' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'sleep-interval', arg: 'required', key: 's' },
    { name: 'retry', arg: 'none', key: 'retry' },
    { name: 'zero-terminated', arg: 'none', key: 'z' },
  ]);
  if (typeof p === 'number') return p;
  let bytes = false;
  let count = 10;
  let fromStart = false;
  let follow = false;
  let headers: boolean | undefined;
  let interval = 1e9;
  let delim = 10;
  for (const [k, v] of p.opts) {
    if (k === 'c' || k === 'n') {
      bytes = k === 'c';
      let s = v!;
      fromStart = s.startsWith('+');
      if (fromStart || s.startsWith('-')) s = s.slice(1);
      const n = parseCount(s);
      if (n === undefined) {
        // the message quotes the number without a leading '-' (a '+' stays)
        yield* fail(ctx, `invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(ctx, v!.replace(/^-/, ''))}`);
        return 1;
      }
      count = n;
    } else if (k === 'f' || k === 'F') follow = true;
    else if (k === 'q') headers = false;
    else if (k === 'v') headers = true;
    else if (k === 'z') delim = 0;
    else if (k === 's') {
      const n = Number(v);
      if (!/^\d*\.?\d+$/.test(v!) || !Number.isFinite(n)) {
        yield* fail(ctx, `invalid number of seconds: ${q(ctx, v!)}`);
        return 1;
      }
      interval = n * 1e9;
    }
  }
  const files = p.operands.length ? p.operands : ['-'];
  const showHeaders = headers ?? files.length > 1;
  let status = 0;
  let first = true;
  const followed: Array<{ name: string; fd: number; pos: number }> = [];
  for (const name of files) {
    const fd = yield* openIn(sys, name);
    if (fd < 0) {
      yield* fail(ctx, `cannot open ${quoteAlways(name)} for reading: ${strerror(-fd)}`);
      status = 1;
      continue;
    }
    if (showHeaders) yield* writeAll(sys, 1, `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
    first = false;
    const all = yield* readAllBytes(sys, fd);
    if (typeof all === 'number') {
      yield* fail(ctx, `error reading ${quoteAlways(name)}: ${strerror(-all)}`);
      status = 1;
      continue;
    }
    yield* writeAll(sys, 1, tailSlice(all, count, bytes, fromStart, delim));
    const st = yield* sys.fstat(fd);
    const regular = typeof st !== 'number' && (st.mode & S_IFMT) === S_IFREG;
    if (follow && regular) followed.push({ name, fd, pos: all.length });
    else if (fd > 0) yield* sys.close(fd);
  }
  if (!follow) return status;
  if (followed.length === 0) {
    if (status !== 0 && !files.includes('-')) {
      yield* fail(ctx, 'no files remaining');
      return 1;
    }
    return status;
  }
  // Debian's tail follows regular files with inotify: appended data shows up at once. There is no
  // inotify here, so poll (fstat, read what was appended) often enough to look immediate; -s only
  // matters to tail without inotify.
  void interval;
  let last = followed[followed.length - 1]!;
  for (;;) {
    const r = yield* sys.nanosleep(FOLLOW_POLL_NS);
    if (r === -EINTR) continue;
    for (const f of followed) {
      const st = yield* sys.fstat(f.fd);
      if (typeof st === 'number') continue;
      if (st.size < f.pos) {
        yield* fail(ctx, `${f.name}: file truncated`);
        yield* sys.lseek(f.fd, 0, SEEK_SET);
        f.pos = 0;
      }
      if (st.size === f.pos) continue;
      yield* sys.lseek(f.fd, f.pos, SEEK_SET);
      const data = yield* readAllBytes(sys, f.fd);
      if (typeof data === 'number' || data.length === 0) continue;
      f.pos += data.length;
      let text: Uint8Array = data;
      if (showHeaders && f !== last) text = concat(encode(`\n==> ${f.name} <==\n`), data);
      last = f;
      yield* writeAll(sys, 1, text);
    }
  }
}

// ---------------------------------------------------------------- wc
interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
  maxLine: number;
}

/** Count like wc. `utf8`: -m counts characters, else bytes. Pure, exported for tests. */
export function wcCount(data: Uint8Array, utf8: boolean): Counts {
  const c: Counts = { lines: 0, words: 0, chars: 0, bytes: data.length, maxLine: 0 };
  let inWord = false;
  let col = 0;
  let seqEnd = 0; // -m: end of the current valid UTF-8 sequence (invalid bytes are not characters)
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (!utf8) c.chars++;
    else if (i >= seqEnd) {
      const n = utf8SeqLen(data, i);
      if (n > 0) {
        c.chars++;
        seqEnd = i + n;
      }
    }
    if (b === 10) {
      c.lines++;
      if (col > c.maxLine) c.maxLine = col;
      col = 0;
    } else if (b === 9) col += 8 - (col % 8);
    else if (!utf8 || (b & 0xc0) !== 0x80) col++;
    const space = b === 32 || (b >= 9 && b <= 13);
    if (space) inWord = false;
    else if (b > 32 && b !== 127 || b >= 128) {
      if (!inWord) c.words++;
      inWord = true;
    }
  }
  if (col > c.maxLine) c.maxLine = col;
  return c;
}

export function* wc(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'wc');
  const p = yield* parseArgs(ctx, argv.slice(1), 'clLmw', [
    { name: 'bytes', arg: 'none', key: 'c' },
    { name: 'chars', arg: 'none', key: 'm' },
    { name: 'lines', arg: 'none', key: 'l' },
    { name: 'words', arg: 'none', key: 'w' },
    { name: 'max-line-length', arg: 'none', key: 'L' },
  ]);
  if (typeof p === 'number') return p;
  const sel = new Set(p.opts.map(([k]) => k));
  let totalMode = 'auto';
  for (const [k, v] of p.opts) if (k === 'total') totalMode = v!;
  if (!['auto', 'always', 'only', 'never'].includes(totalMode)) {
    let msg = `${ctx.prog}: invalid argument ${q(ctx, totalMode)} for ${q(ctx, '--total')}\nValid arguments are:\n`;
    for (const a of ['auto', 'always', 'only', 'never']) msg += `  - ${q(ctx, a)}\n`;
    yield* writeAll(sys, 2, msg + `Try '${ctx.prog} --help' for more information.\n`);
    return 1;
  }
  sel.delete('total');
  if (sel.size === 0) ['l', 'w', 'c'].forEach((k) => sel.add(k));
  const files = p.operands.length ? p.operands : [undefined];
  const results: Array<{ name?: string; c?: Counts; st?: { reg: boolean; size: number } }> = [];
  let status = 0;
  const errors: string[] = [];
  for (const name of files) {
    const fd = name === undefined ? 0 : yield* openIn(sys, name);
    if (fd < 0) {
      errors.push(`${ctx.prog}: ${name}: ${strerror(-fd)}\n`);
      results.push({ name });
      status = 1;
      continue;
    }
    const st = yield* sys.fstat(fd);
    const info = typeof st === 'number' ? undefined : { reg: (st.mode & S_IFMT) === S_IFREG, size: st.size };
    const data = yield* readAllBytes(sys, fd);
    if (fd > 0) yield* sys.close(fd);
    if (typeof data === 'number') {
      errors.push(`${ctx.prog}: ${name ?? 'standard input'}: ${strerror(-data)}\n`);
      results.push({ name, c: wcCount(new Uint8Array(0), ctx.utf8), st: info });
      status = 1;
      continue;
    }
    results.push({ name, c: wcCount(data, ctx.utf8), st: info });
  }
  // column width as wc.c compute_number_width()
  let width = 1;
  const nCounts = sel.size;
  if (!(nCounts === 1 && files.length === 1)) {
    let min = 1;
    let regTotal = 0;
    for (const r of results) {
      if (!r.st) continue;
      if (r.st.reg) regTotal += r.st.size;
      else min = 7;
    }
    for (; regTotal >= 10; regTotal = Math.floor(regTotal / 10)) width++;
    if (width < min) width = min;
  }
  const order: Array<[string, keyof Counts]> = [['l', 'lines'], ['w', 'words'], ['m', 'chars'], ['c', 'bytes'], ['L', 'maxLine']];
  const fmt = (c: Counts, name?: string): string => {
    const cols: string[] = [];
    for (const [k, f] of order) if (sel.has(k)) cols.push(String(c[f]).padStart(width));
    return cols.join(' ') + (name !== undefined ? ` ${name}` : '') + '\n';
  };
  let text = '';
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  let ei = 0;
  for (const r of results) {
    if (!r.c) {
      text += '\0ERR';
      continue;
    }
    total.lines += r.c.lines;
    total.words += r.c.words;
    total.chars += r.c.chars;
    total.bytes += r.c.bytes;
    total.maxLine = Math.max(total.maxLine, r.c.maxLine);
    if (totalMode !== 'only') text += fmt(r.c, r.name);
  }
  if (totalMode === 'always' || (totalMode === 'auto' && files.length > 1)) text += fmt(total, 'total');
  else if (totalMode === 'only') text += fmt(total);
  // interleave error messages where they occurred (stderr is usually the same terminal)
  const parts = text.split('\0ERR');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]) yield* writeAll(sys, 1, parts[i]!);
    if (i < parts.length - 1) yield* writeAll(sys, 2, errors[ei++]!);
  }
  // read errors on files that were open (e.g. directories) were not placed above
  while (ei < errors.length) yield* writeAll(sys, 2, errors[ei++]!);
  return status;
}

// ---------------------------------------------------------------- tee
export function* tee(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'tee');
  const p = yield* parseArgs(ctx, argv.slice(1), 'aip', [
    { name: 'append', arg: 'none', key: 'a' },
    { name: 'ignore-interrupts', arg: 'none', key: 'i' },
    { name: 'output-error', arg: 'optional', key: 'p' },
  ]);
  if (typeof p === 'number') return p;
  const append = p.opts.some(([k]) => k === 'a');
  if (p.opts.some(([k]) => k === 'i')) yield* sys.sigaction(SIGINT, { handler: 'ignore' });
  let status = 0;
  const outs: Array<{ fd: number; name: string }> = [{ fd: 1, name: 'standard output' }];
  for (const name of p.operands) {
    if (name === '-') {
      outs.push({ fd: 1, name: '-' });
      continue;
    }
    const fd = yield* sys.open(name, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o666);
    if (fd < 0) {
      yield* failErrno(ctx, name, -fd);
      status = 1;
      continue;
    }
    outs.push({ fd, name });
  }
  for (;;) {
    const r = yield* readChunk(sys, 0);
    if (typeof r === 'number') {
      yield* failErrno(ctx, 'read error', -r);
      status = 1;
      break;
    }
    if (r.length === 0) break;
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      if (o.fd < 0) continue;
      const w = yield* writeAll(sys, o.fd, r);
      if (w < 0) {
        yield* failErrno(ctx, o.name, -w);
        status = 1;
        o.fd = -1;
      }
    }
    if (outs.every((o) => o.fd < 0)) break;
  }
  for (const o of outs) if (o.fd > 2) yield* sys.close(o.fd);
  return status;
}

