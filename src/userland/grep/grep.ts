// GNU grep 3.8: -E -F -G -P -e -f -i -v -w -x -c -l -L -q -s -n -h -H -o -m -r -R -A -B -C -a -Z
// --color (GREP_COLORS defaults), --include/--exclude/--exclude-dir, --label.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import { O_RDONLY, O_DIRECTORY, EINTR, EISDIR, S_IFMT, S_IFDIR, S_IFLNK, TCGETS, strerror } from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { streamDecoder } from '../lib/text';
import { rawStreamDecoder, hasRaw, rawToBytes } from '../lib/utf8';
import { getopt, isGetoptError } from '../lib/getopt';
import { translate, escapeFixed, RegexError } from './regex';
import { HELP, VERSION } from './gnu-texts';

interface Opts {
  invert: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  quiet: boolean;
  silent: boolean;
  lineNo: boolean;
  byteOffset: boolean;
  withName: boolean | undefined;
  onlyMatching: boolean;
  maxCount: number;
  after: number;
  before: number;
  recursive: 0 | 1 | 2; // 0 no, 1 -r, 2 -R
  text: boolean;
  nullName: boolean;
  label: string;
  include: string[];
  exclude: string[];
  excludeDir: string[];
  color: boolean;
}

interface Ctx {
  sys: Sys;
  prog: string;
  o: Opts;
  re: RegExp;
  reG: RegExp;
  out: string;
  matchedAny: boolean;
  error: boolean;
  done: boolean; // -q matched: stop everything
  names: boolean;
  sepNeeded: boolean; // context separator "--" state across files
}

const LONGS = [
  { name: 'extended-regexp', arg: 'none', key: 'E' },
  { name: 'fixed-strings', arg: 'none', key: 'F' },
  { name: 'basic-regexp', arg: 'none', key: 'G' },
  { name: 'perl-regexp', arg: 'none', key: 'P' },
  { name: 'regexp', arg: 'required', key: 'e' },
  { name: 'file', arg: 'required', key: 'f' },
  { name: 'ignore-case', arg: 'none', key: 'i' },
  { name: 'no-ignore-case', arg: 'none', key: 'no-ignore-case' },
  { name: 'word-regexp', arg: 'none', key: 'w' },
  { name: 'line-regexp', arg: 'none', key: 'x' },
  { name: 'no-messages', arg: 'none', key: 's' },
  { name: 'invert-match', arg: 'none', key: 'v' },
  { name: 'version', arg: 'none', key: 'V' },
  { name: 'help', arg: 'none', key: 'help' },
  { name: 'max-count', arg: 'required', key: 'm' },
  { name: 'byte-offset', arg: 'none', key: 'b' },
  { name: 'line-number', arg: 'none', key: 'n' },
  { name: 'line-buffered', arg: 'none', key: 'line-buffered' },
  { name: 'with-filename', arg: 'none', key: 'H' },
  { name: 'no-filename', arg: 'none', key: 'h' },
  { name: 'label', arg: 'required', key: 'label' },
  { name: 'only-matching', arg: 'none', key: 'o' },
  { name: 'quiet', arg: 'none', key: 'q' },
  { name: 'silent', arg: 'none', key: 'q' },
  { name: 'binary-files', arg: 'required', key: 'binary-files' },
  { name: 'text', arg: 'none', key: 'a' },
  { name: 'recursive', arg: 'none', key: 'r' },
  { name: 'dereference-recursive', arg: 'none', key: 'R' },
  { name: 'include', arg: 'required', key: 'include' },
  { name: 'exclude', arg: 'required', key: 'exclude' },
  { name: 'exclude-dir', arg: 'required', key: 'exclude-dir' },
  { name: 'files-without-match', arg: 'none', key: 'L' },
  { name: 'files-with-matches', arg: 'none', key: 'l' },
  { name: 'count', arg: 'none', key: 'c' },
  { name: 'null', arg: 'none', key: 'Z' },
  { name: 'before-context', arg: 'required', key: 'B' },
  { name: 'after-context', arg: 'required', key: 'A' },
  { name: 'context', arg: 'required', key: 'C' },
  { name: 'color', arg: 'optional', key: 'color' },
  { name: 'colour', arg: 'optional', key: 'color' },
] as const;

/** fnmatch() for --include/--exclude: * ? [..] */
function globToRe(g: string): RegExp {
  let s = '^';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') s += '.*';
    else if (c === '?') s += '.';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) s += '\\[';
      else {
        s += '[' + g.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else s += /[.+^${}()|\\/]/.test(c) ? '\\' + c : c;
  }
  return new RegExp(s + '$', 'su');
}

// GREP_COLORS defaults: ms=01;31:mc=01;31:sl=:cx=:fn=35:ln=32:bn=32:se=36
const SGR = (code: string, text: string): string => `\x1b[${code}m\x1b[K${text}\x1b[m\x1b[K`;

export function* grep(sys: Sys, argv: string[], envp: string[]): Program {
  const prog = argv[0] ?? 'grep';
  const usage = function* (msg?: string): SysCall<number> {
    yield* writeAll(sys, 2, `${msg ? `${prog}: ${msg}\n` : ''}Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
    return 2;
  };
  const p = getopt(argv.slice(1), '0123456789A:B:C:D:EFGHIPTUVXZabcd:e:f:hiLlm:noqRrsuvwxyz', LONGS.map((l) => ({ ...l })));
  if (isGetoptError(p)) return yield* usage(p.message);
  const o: Opts = {
    invert: false, count: false, filesWith: false, filesWithout: false, quiet: false, silent: false,
    lineNo: false, byteOffset: false, withName: undefined, onlyMatching: false, maxCount: Infinity,
    after: 0, before: 0, recursive: 0, text: false, nullName: false, label: '(standard input)',
    include: [], exclude: [], excludeDir: [], color: false,
  };
  let mode: 'G' | 'E' | 'F' | 'P' = 'G';
  let icase = false;
  let word = false;
  let line = false;
  const patterns: string[] = [];
  let patGiven = false;
  let digits = '';
  for (const [k, v] of p.opts) {
    if (/^\d$/.test(k)) {
      digits += k;
      o.after = o.before = Number(digits);
      continue;
    }
    digits = '';
    switch (k) {
      case 'E': case 'F': case 'G': case 'P': mode = k; break;
      case 'e': patterns.push(...v!.split('\n')); patGiven = true; break;
      case 'f': {
        const t = v === '-' ? yield* readStdin(sys) : yield* readFile(sys, v!);
        if (typeof t === 'number') {
          yield* writeAll(sys, 2, `${prog}: ${v}: ${strerror(-t)}\n`);
          return 2;
        }
        const ls = t.split('\n');
        if (ls[ls.length - 1] === '') ls.pop();
        patterns.push(...ls);
        patGiven = true;
        break;
      }
      case 'i': case 'y': icase = true; break;
      case 'no-ignore-case': icase = false; break;
      case 'w': word = true; break;
      case 'x': line = true; break;
      case 's': o.silent = true; break;
      case 'v': o.invert = true; break;
      case 'V': yield* writeAll(sys, 1, VERSION['grep']!); return 0;
      case 'help': yield* writeAll(sys, 1, HELP['grep']!); return 0;
      case 'm': {
        if (!/^-?\d+$/.test(v!)) {
          yield* writeAll(sys, 2, `${prog}: invalid max count\n`);
          return 2;
        }
        const n = Number(v);
        o.maxCount = n < 0 ? Infinity : n;
        break;
      }
      case 'b': o.byteOffset = true; break;
      case 'n': o.lineNo = true; break;
      case 'H': o.withName = true; break;
      case 'h': o.withName = false; break;
      case 'label': o.label = v!; break;
      case 'o': o.onlyMatching = true; break;
      case 'q': o.quiet = true; break;
      case 'a': o.text = true; break;
      case 'binary-files':
        if (v === 'text') o.text = true;
        else if (v !== 'binary' && v !== 'without-match') {
          yield* writeAll(sys, 2, `${prog}: unknown binary-files type\n`);
          return 2;
        }
        break;
      case 'r': o.recursive = Math.max(o.recursive, 1) as 1 | 2; break;
      case 'R': o.recursive = 2; break;
      case 'include': o.include.push(v!); break;
      case 'exclude': o.exclude.push(v!); break;
      case 'exclude-dir': o.excludeDir.push(v!); break;
      case 'L': o.filesWithout = true; o.filesWith = false; break;
      case 'l': o.filesWith = true; o.filesWithout = false; break;
      case 'c': o.count = true; break;
      case 'Z': o.nullName = true; break;
      case 'A': case 'B': case 'C': {
        if (!/^\d+$/.test(v!)) {
          yield* writeAll(sys, 2, `${prog}: ${v}: invalid context length argument\n`);
          return 2;
        }
        const n = Number(v);
        if (k !== 'B') o.after = n;
        if (k !== 'A') o.before = n;
        break;
      }
      case 'color': {
        const okv = [undefined, 'never', 'always', 'auto', 'yes', 'no', 'force', 'none', 'tty', 'if-tty'];
        if (!okv.includes(v)) {
          yield* usage(`invalid argument '${v}' for '--color'`);
          return 2;
        }
        if (v === 'always' || v === 'yes' || v === 'force') o.color = true;
        else if (v === 'never' || v === 'no' || v === 'none') o.color = false;
        else {
          let term: string | undefined;
          for (const e of envp) if (e.startsWith('TERM=')) term = e.slice(5);
          const tty = yield* sys.ioctl(1, TCGETS);
          o.color = !(typeof tty === 'number' && tty < 0) && term !== undefined && term !== 'dumb';
        }
        break;
      }
      default: break; // -D -d -I -T -U -u -z -line-buffered: accepted
    }
  }
  const operands = p.operands.slice();
  if (!patGiven) {
    if (operands.length === 0) return yield* usage();
    patterns.push(...operands.shift()!.split('\n'));
  }
  // compile
  let source: string;
  try {
    const parts: string[] = [];
    let groups = 0;
    for (const pat of patterns) {
      if (mode === 'F') parts.push(escapeFixed(pat));
      else if (mode === 'P') {
        parts.push(pat);
      } else {
        const t = translate(pat, mode === 'E', icase, groups);
        for (const w of t.warnings) yield* writeAll(sys, 2, `${prog}: warning: ${w}\n`);
        groups += t.groups;
        parts.push(t.source);
      }
    }
    source = parts.map((s) => `(?:${s})`).join('|');
    if (line) source = `^(?:${source})$`;
    else if (word) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
    if (patterns.length === 0) source = '(?!)';
  } catch (e) {
    if (e instanceof RegexError) {
      yield* writeAll(sys, 2, `${prog}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let re: RegExp;
  let reG: RegExp;
  try {
    re = new RegExp(source, icase ? 'iu' : 'u');
    reG = new RegExp(source, icase ? 'giu' : 'gu');
  } catch {
    yield* writeAll(sys, 2, `${prog}: Invalid regular expression\n`);
    return 2;
  }
  if (o.recursive && operands.length === 0) operands.push('.');
  const implicitDot = o.recursive > 0 && p.operands.length === (patGiven ? 0 : 1);
  const files = operands.length ? operands : ['-'];
  const ctx: Ctx = {
    sys, prog, o, re, reG, out: '', matchedAny: false, error: false, done: false,
    names: o.withName ?? (files.length > 1 || o.recursive > 0), sepNeeded: false,
  };
  for (const f of files) {
    if (ctx.done) break;
    if (f === '-') yield* grepFd(ctx, 0, o.label);
    else yield* grepPath(ctx, f, true, implicitDot);
  }
  yield* flush(ctx);
  return ctx.error && !(o.quiet && ctx.matchedAny) ? 2 : ctx.matchedAny ? 0 : 1;
}

function* readStdin(sys: Sys): SysCall<string | number> {
  const dec = streamDecoder();
  let s = '';
  for (;;) {
    const r = yield* sys.read(0, 65536);
    if (r === -EINTR) continue;
    if (typeof r === 'number') return r;
    if (r.length === 0) return s;
    s += dec(r);
  }
}

function* flush(ctx: Ctx): SysCall<void> {
  if (ctx.out) {
    yield* writeAll(ctx.sys, 1, rawToBytes(ctx.out));
    ctx.out = '';
  }
}

function* errorMsg(ctx: Ctx, name: string, errno: number): SysCall<void> {
  ctx.error = true;
  if (ctx.o.silent) return;
  yield* flush(ctx);
  yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${name}: ${strerror(errno)}\n`);
}

function* grepPath(ctx: Ctx, path: string, top: boolean, implicitDot: boolean): SysCall<void> {
  const sys = ctx.sys;
  const o = ctx.o;
  const display = implicitDot && path.startsWith('./') ? path.slice(2) : path;
  if (o.recursive) {
    const follow = o.recursive === 2 || top;
    const st = follow ? yield* sys.stat(path) : yield* sys.lstat(path);
    if (typeof st === 'number') {
      yield* errorMsg(ctx, display, -st);
      return;
    }
    const t = st.mode & S_IFMT;
    if (t === S_IFLNK) return; // -r skips symlinks found while recursing
    if (t === S_IFDIR) {
      const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
      if (!top && o.excludeDir.some((g) => globToRe(g).test(base))) return;
      const fd = yield* sys.open(path, O_RDONLY | O_DIRECTORY);
      if (fd < 0) {
        yield* errorMsg(ctx, display, -fd);
        return;
      }
      const ents = yield* sys.getdents(fd);
      yield* sys.close(fd);
      if (typeof ents === 'number') {
        yield* errorMsg(ctx, display, -ents);
        return;
      }
      for (const e of ents) {
        if (e.name === '.' || e.name === '..') continue;
        if (ctx.done) return;
        yield* grepPath(ctx, path.endsWith('/') ? path + e.name : `${path}/${e.name}`, false, implicitDot);
      }
      return;
    }
    if (!top || o.include.length || o.exclude.length) {
      const base = path.split('/').pop()!;
      if (o.include.length && !o.include.some((g) => globToRe(g).test(base))) return;
      if (o.exclude.some((g) => globToRe(g).test(base))) return;
    }
  }
  const fd = yield* sys.open(path, O_RDONLY);
  if (fd < 0) {
    yield* errorMsg(ctx, display, -fd);
    return;
  }
  const st = yield* sys.fstat(fd);
  if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) {
    yield* sys.close(fd);
    yield* errorMsg(ctx, display, EISDIR);
    return;
  }
  yield* grepFd(ctx, fd, display);
  yield* sys.close(fd);
}

/** Scan one input stream line by line as data arrives. */
function* grepFd(ctx: Ctx, fd: number, name: string): SysCall<void> {
  const sys = ctx.sys;
  const o = ctx.o;
  const dec = rawStreamDecoder(); // encoding errors stay visible as raw-byte markers
  let partial = '';
  let lineNo = 0;
  let byteOff = 0;
  let count = 0;
  let binary = false;
  let binaryReported = false;
  let afterLeft = 0;
  let lastPrinted = 0; // line number of the last printed line
  const before: Array<{ n: number; text: string; off: number }> = [];
  const listOnly = o.filesWith || o.filesWithout || o.count || o.quiet;
  const col = (code: string, text: string): string => (o.color ? SGR(code, text) : text);
  const sepChar = (sel: boolean): string => col('36', sel ? ':' : '-');
  const prefix = (n: number, off: number, sel: boolean): string => {
    let s = '';
    if (ctx.names) s += col('35', name) + (o.nullName ? '\0' : sepChar(sel));
    if (o.lineNo) s += col('32', String(n)) + sepChar(sel);
    if (o.byteOffset) s += col('32', String(off)) + sepChar(sel);
    return s;
  };
  /** a line with its matches highlighted (lines that match the pattern, with --color) */
  const highlight = (text: string, sel: boolean): string => {
    if (!o.color || sel === o.invert) return text;
    let s = '';
    let last = 0;
    ctx.reG.lastIndex = 0;
    for (const m of text.matchAll(ctx.reG)) {
      if (m[0] === '') continue;
      s += text.slice(last, m.index) + SGR('01;31', m[0]);
      last = m.index + m[0].length;
    }
    return s + text.slice(last);
  };
  const emitLine = (n: number, text: string, off: number, sel: boolean): void => {
    if ((o.before || o.after) && lastPrinted && n > lastPrinted + 1) ctx.out += col('36', '--') + '\n';
    else if ((o.before || o.after) && !lastPrinted && ctx.sepNeeded) ctx.out += col('36', '--') + '\n';
    lastPrinted = n;
    ctx.sepNeeded = true;
    ctx.out += prefix(n, off, sel) + highlight(text, sel) + '\n';
  };
  let stop = false;
  const handle = (text: string): void => {
    lineNo++;
    const off = byteOff;
    byteOff += utf8Len(text) + 1;
    ctx.re.lastIndex = 0;
    const matched = ctx.re.test(text) !== o.invert;
    if (matched) {
      count++;
      ctx.matchedAny = true;
      if (o.quiet) {
        ctx.done = true;
        stop = true;
        return;
      }
      if (o.filesWith) {
        stop = true;
        return;
      }
      if (!listOnly) {
        // NUL bytes, or an encoding error in a line to print (the locale is UTF-8): binary data
        if ((binary || hasRaw(text)) && !o.text) {
          binaryReported = true;
          stop = true;
          return;
        }
        for (const b of before) emitLine(b.n, b.text, b.off, false);
        before.length = 0;
        if (o.onlyMatching) {
          if (!o.invert) {
            ctx.reG.lastIndex = 0;
            for (const m of text.matchAll(ctx.reG)) {
              if (m[0] === '') continue;
              ctx.out += prefix(lineNo, off + utf8Len(text.slice(0, m.index)), true) + col('01;31', m[0]) + '\n';
            }
          }
          lastPrinted = lineNo;
        } else emitLine(lineNo, text, off, true);
        afterLeft = o.after;
      }
      if (count >= o.maxCount) stop = true;
    } else if (!listOnly) {
      if (afterLeft > 0) {
        afterLeft--;
        if (!o.onlyMatching) emitLine(lineNo, text, off, false);
      } else if (o.before) {
        before.push({ n: lineNo, text, off });
        if (before.length > o.before) before.shift();
      }
    }
  };
  while (!stop) {
    const r = yield* sys.read(fd, 65536);
    if (r === -EINTR) continue;
    if (typeof r === 'number') {
      yield* errorMsg(ctx, name, -r);
      return;
    }
    if (r.length === 0) break;
    if (!binary && r.includes(0)) binary = true;
    const chunk = partial + dec(r);
    const lines = chunk.split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      handle(l);
      if (stop) break;
    }
    if (ctx.out.length > 65536 || fd === 0) yield* flush(ctx);
  }
  partial += dec(new Uint8Array(0), true);
  if (!stop && partial !== '') handle(partial);
  if (o.count) ctx.out += (ctx.names ? col('35', name) + (o.nullName ? '\0' : sepChar(true)) : '') + `${count}\n`;
  if (o.filesWith && count > 0) ctx.out += col('35', name) + (o.nullName ? '\0' : '\n');
  if (o.filesWithout && count === 0) ctx.out += col('35', name) + (o.nullName ? '\0' : '\n');
  if (binaryReported) {
    yield* flush(ctx);
    ctx.out += `${ctx.prog}: ${name}: binary file matches\n`;
  }
  yield* flush(ctx);
}

function utf8Len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
