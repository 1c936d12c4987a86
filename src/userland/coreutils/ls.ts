// ls (GNU coreutils 9.1): -l -a -A -i -d -h -s -1 -C -x -R -t -r -S -U -F -n -p -w.
import type { Sys, SysCall, Program, Stat } from '../../kernel/syscall';
import {
  O_RDONLY, O_DIRECTORY, CLOCK_REALTIME, S_IFMT, S_IFDIR, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK,
  DT_DIR, major, minor, strerror,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { modeString, humanSize, quoteAlways, quoteShellEscape, displayWidth } from '../lib/format';
import { lsDate } from '../lib/time-format';
import { loadIdDb, type IdDb } from '../lib/passwd';
import { makeCtx, parseArgs, Out, isatty, termCols, getenv, joinPath, type Ctx } from './common';

interface Entry {
  name: string; // as displayed (relative name or operand)
  path: string; // path to stat/readlink
  st?: Stat;
  linkTarget?: string;
  linkMode?: number; // mode of the symlink's target (for -F in long format), if it exists
  ino: number;
  isDirHint: boolean;
}

interface Opts {
  long: boolean;
  all: 'none' | 'almost' | 'all';
  inode: boolean;
  size: boolean;
  dirOnly: boolean;
  human: boolean;
  format: 'one' | 'columns' | 'across' | 'long';
  recursive: boolean;
  sort: 'name' | 'time' | 'size' | 'none';
  reverse: boolean;
  classify: 'none' | 'all' | 'slash';
  numeric: boolean;
  noOwner: boolean;
  noGroup: boolean;
  width: number;
  quote: 'literal' | 'shell-escape' | 'c'; // tty default: shell-escape
  nowNs: number;
  db?: IdDb;
}

const LONGS = [
  { name: 'all', arg: 'none', key: 'a' },
  { name: 'almost-all', arg: 'none', key: 'A' },
  { name: 'directory', arg: 'none', key: 'd' },
  { name: 'classify', arg: 'optional', key: 'classify' },
  { name: 'human-readable', arg: 'none', key: 'h' },
  { name: 'inode', arg: 'none', key: 'i' },
  { name: 'size', arg: 'none', key: 's' },
  { name: 'numeric-uid-gid', arg: 'none', key: 'n' },
  { name: 'reverse', arg: 'none', key: 'r' },
  { name: 'recursive', arg: 'none', key: 'R' },
  { name: 'width', arg: 'required', key: 'w' },
  { name: 'color', arg: 'optional', key: 'color' },
  { name: 'indicator-style', arg: 'required', key: 'indicator-style' },
  { name: 'quoting-style', arg: 'required', key: 'quoting-style' },
  { name: 'literal', arg: 'none', key: 'N' },
  { name: 'quote-name', arg: 'none', key: 'Q' },
  { name: 'sort', arg: 'required', key: 'sort' },
  { name: 'format', arg: 'required', key: 'format' },
] as const;

function* lsMain(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'ls');
  const p = yield* parseArgs(ctx, argv.slice(1), 'aAdFhilns1CxRrStUpgoNQw:', LONGS.map((l) => ({ ...l })), 2);
  if (typeof p === 'number') return p;
  const tty = yield* isatty(sys, 1);
  const o: Opts = {
    long: false, all: 'none', inode: false, size: false, dirOnly: false, human: false,
    format: tty ? 'columns' : 'one', recursive: false, sort: 'name', reverse: false,
    classify: 'none', numeric: false, noOwner: false, noGroup: false, width: 0, quote: tty ? 'shell-escape' : 'literal', nowNs: 0,
  };
  let widthOpt: number | undefined;
  let quotingStyle: string | undefined;
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'a': o.all = 'all'; break;
      case 'A': o.all = 'almost'; break;
      case 'd': o.dirOnly = true; break;
      case 'F': o.classify = 'all'; break;
      case 'p': o.classify = 'slash'; break;
      case 'classify':
        if (v === undefined || ['always', 'yes', 'force'].includes(v)) o.classify = 'all';
        else if (['auto', 'tty', 'if-tty'].includes(v)) o.classify = tty ? 'all' : o.classify;
        else if (!['never', 'no', 'none'].includes(v)) return yield* badArg(ctx, v, '--classify', ['always|yes|force', 'never|no|none', 'auto|tty|if-tty']);
        break;
      case 'indicator-style':
        if (v === 'none') o.classify = 'none';
        else if (v === 'slash') o.classify = 'slash';
        else if (v === 'classify') o.classify = 'all';
        else return yield* badArg(ctx, v!, '--indicator-style', ['none', 'slash', 'file-type', 'classify']);
        break;
      case 'h': o.human = true; break;
      case 'i': o.inode = true; break;
      case 's': o.size = true; break;
      case 'l': o.format = 'long'; break;
      case 'n': o.format = 'long'; o.numeric = true; break;
      case 'g': o.format = 'long'; o.noOwner = true; break;
      case 'o': o.format = 'long'; o.noGroup = true; break;
      case '1': o.format = 'one'; break;
      case 'C': o.format = 'columns'; break;
      case 'x': o.format = 'across'; break;
      case 'R': o.recursive = true; break;
      case 'r': o.reverse = true; break;
      case 'S': o.sort = 'size'; break;
      case 't': o.sort = 'time'; break;
      case 'U': o.sort = 'none'; break;
      case 'N': quotingStyle = 'literal'; break;
      case 'Q': quotingStyle = 'c'; break;
      case 'quoting-style': quotingStyle = v; break;
      case 'sort': {
        const m: Record<string, Opts['sort']> = { none: 'none', time: 'time', size: 'size', name: 'name' };
        if (!(v! in m)) return yield* badArg(ctx, v!, '--sort', ['none', 'time', 'size', 'extension', 'version', 'width']);
        o.sort = m[v!]!;
        break;
      }
      case 'format': {
        const m: Record<string, Opts['format']> = {
          long: 'long', verbose: 'long', 'single-column': 'one', vertical: 'columns', across: 'across', horizontal: 'across',
        };
        if (!(v! in m)) return yield* badArg(ctx, v!, '--format', ['verbose|long', 'commas', 'horizontal|across', 'vertical', 'single-column']);
        o.format = m[v!]!;
        break;
      }
      case 'color':
        if (v !== undefined && !['never', 'no', 'none', 'auto', 'tty', 'if-tty', 'always', 'yes', 'force'].includes(v))
          return yield* badArg(ctx, v, '--color', ['always|yes|force', 'never|no|none', 'auto|tty|if-tty']);
        break; // colours are not modelled: output is what `--color=never` prints
      case 'w': {
        const n = Number(v);
        if (!/^\d+$/.test(v!) ) {
          yield* writeAll(sys, 2, `${ctx.prog}: invalid line width: ${ctx.utf8 ? `‘${v}’` : `'${v}'`}\n`);
          return 2;
        }
        widthOpt = n;
        break;
      }
    }
  }
  if (quotingStyle !== undefined) {
    if (quotingStyle === 'literal') o.quote = 'literal';
    else if (quotingStyle === 'shell-escape' || quotingStyle === 'shell') o.quote = 'shell-escape';
    else if (quotingStyle === 'c') o.quote = 'c';
    else return yield* badArg(ctx, quotingStyle, '--quoting-style', ['literal', 'shell', 'shell-always', 'shell-escape', 'shell-escape-always', 'c', 'c-maybe', 'escape', 'locale', 'clocale']);
  }
  o.long = o.format === 'long';
  if (widthOpt !== undefined) o.width = widthOpt;
  else {
    const c = getenv(envp, 'COLUMNS');
    const n = c && /^\d+$/.test(c) ? Number(c) : 0;
    o.width = n > 0 ? n : ((yield* termCols(sys, 1)) ?? 80);
  }
  if (o.width === 0) o.width = Infinity;
  const now = yield* sys.clock_gettime(CLOCK_REALTIME);
  if (typeof now !== 'number') o.nowNs = now[0] * 1e9 + now[1];
  if (o.long && !o.numeric) o.db = yield* loadIdDb(sys);

  const out = new Out(sys);
  let status = 0;
  const operands = p.operands.length ? p.operands : ['.'];
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  const followCmdline = !o.long && !o.dirOnly && o.classify === 'none';
  for (const a of operands) {
    let st = followCmdline ? yield* sys.stat(a) : yield* sys.lstat(a);
    if (typeof st === 'number' && followCmdline) {
      const l = yield* sys.lstat(a);
      if (typeof l !== 'number') st = l;
    }
    if (typeof st === 'number') {
      yield* out.flush();
      yield* writeAll(sys, 2, `${ctx.prog}: cannot access ${quoteAlways(a)}: ${strerror(-st)}\n`);
      status = 2;
      continue;
    }
    const e: Entry = { name: a, path: a, st, ino: st.ino, isDirHint: (st.mode & S_IFMT) === S_IFDIR };
    if (!o.dirOnly && (st.mode & S_IFMT) === S_IFDIR) dirs.push(e);
    else files.push(e);
  }
  for (const f of files) yield* fillLink(sys, f, o);
  sortEntries(files, o);
  sortEntries(dirs, o);
  let first = true;
  if (files.length) {
    yield* out.write(render(files, o));
    first = false;
  }
  const printNames = operands.length > 1 || o.recursive;
  const queue = [...dirs];
  // depth-first, as GNU does: a directory's subdirectories are listed right after it
  while (queue.length) {
    const d = queue.shift()!;
    const r = yield* sys.open(d.path, O_RDONLY | O_DIRECTORY);
    if (r < 0) {
      yield* out.flush();
      yield* writeAll(sys, 2, `${ctx.prog}: cannot open directory ${quoteAlways(d.path)}: ${strerror(-r)}\n`);
      status = dirs.includes(d) ? 2 : status || 1;
      continue;
    }
    const ents = yield* sys.getdents(r);
    yield* sys.close(r);
    if (typeof ents === 'number') {
      yield* out.flush();
      yield* writeAll(sys, 2, `${ctx.prog}: reading directory ${quoteAlways(d.path)}: ${strerror(-ents)}\n`);
      status = status || 1;
      continue;
    }
    const list: Entry[] = [];
    for (const de of ents) {
      if (de.name.startsWith('.')) {
        if (o.all === 'none') continue;
        if (o.all === 'almost' && (de.name === '.' || de.name === '..')) continue;
      }
      list.push({ name: de.name, path: joinPath(d.path, de.name), ino: de.ino, isDirHint: de.type === DT_DIR });
    }
    // as GNU ls: recursion needs only d_type (DT_DIR) from getdents, not a stat of every entry
    const needStat = o.long || o.sort === 'time' || o.sort === 'size' || o.classify !== 'none' || o.inode || o.size;
    let bad = false;
    if (needStat) {
      for (const e of list) {
        const st = yield* sys.lstat(e.path);
        if (typeof st === 'number') {
          yield* out.flush();
          yield* writeAll(sys, 2, `${ctx.prog}: cannot access ${quoteAlways(e.path)}: ${strerror(-st)}\n`);
          bad = true;
          continue;
        }
        e.st = st;
        e.ino = st.ino;
        yield* fillLink(sys, e, o);
      }
    }
    if (bad) status = status || 1;
    sortEntries(list, o);
    let text = '';
    if (printNames) {
      if (!first) text += '\n';
      text += `${qname(o, d.path)}:\n`;
    }
    first = false;
    if (o.long || o.size) {
      let blocks = 0;
      for (const e of list) blocks += e.st?.blocks ?? 0;
      text += `total ${o.human ? humanSize(blocks * 512) : String(Math.ceil(blocks / 2))}\n`;
    }
    text += render(list, o);
    yield* out.write(text);
    if (o.recursive) {
      const subs = list.filter(
        (e) => (e.st ? (e.st.mode & S_IFMT) === S_IFDIR : e.isDirHint) && e.name !== '.' && e.name !== '..',
      );
      queue.unshift(...subs);
    }
  }
  return yield* out.finish(ctx, status, 2);
}

function* badArg(ctx: Ctx, v: string, opt: string, valid: string[]): Program {
  let msg = `${ctx.prog}: invalid argument ${ctx.utf8 ? `‘${v}’` : `'${v}'`} for ${ctx.utf8 ? `‘${opt}’` : `'${opt}'`}\nValid arguments are:\n`;
  // argmatch_valid: synonyms (same value) share a line, written here as 'a|b'
  for (const a of valid) msg += `  - ${a.split('|').map((x) => (ctx.utf8 ? `‘${x}’` : `'${x}'`)).join(', ')}\n`;
  msg += `Try '${ctx.prog} --help' for more information.\n`;
  yield* writeAll(ctx.sys, 2, msg);
  return 2;
}

function* fillLink(sys: Sys, e: Entry, o: Opts): SysCall<void> {
  if (!e.st || (e.st.mode & S_IFMT) !== S_IFLNK || !o.long) return;
  const t = yield* sys.readlink(e.path);
  if (typeof t === 'string') e.linkTarget = t;
  if (o.classify !== 'none') {
    const ts = yield* sys.stat(e.path);
    if (typeof ts !== 'number') e.linkMode = ts.mode;
  }
}

/** A name as the chosen quoting style prints it. */
function qname(o: Opts, s: string): string {
  if (o.quote === 'shell-escape') return quoteShellEscape(s);
  if (o.quote === 'c') {
    const esc: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
    return '"' + s.replace(/[\n\t\r"\\\x00-\x1f\x7f]/g, (c) => esc[c] ?? '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')) + '"';
  }
  return s;
}

function cmpName(a: Entry, b: Entry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sortEntries(list: Entry[], o: Opts): void {
  if (o.sort === 'none') {
    if (o.reverse) list.reverse();
    return;
  }
  let cmp: (a: Entry, b: Entry) => number = cmpName;
  if (o.sort === 'time') cmp = (a, b) => (b.st?.mtimeNs ?? 0) - (a.st?.mtimeNs ?? 0) || cmpName(a, b);
  else if (o.sort === 'size') cmp = (a, b) => (b.st?.size ?? 0) - (a.st?.size ?? 0) || cmpName(a, b);
  list.sort(o.reverse ? (a, b) => cmp(b, a) : cmp);
}

function indicator(mode: number | undefined, o: Opts): string {
  if (mode === undefined || o.classify === 'none') return '';
  const t = mode & S_IFMT;
  if (t === S_IFDIR) return '/';
  if (o.classify === 'slash') return '';
  if (t === S_IFLNK) return '@';
  if (t === S_IFIFO) return '|';
  if (t === S_IFSOCK) return '=';
  if ((t === 0o100000 || t === 0) && mode & 0o111) return '*';
  return '';
}

function render(list: Entry[], o: Opts): string {
  if (list.length === 0) return '';
  const quoted = list.map((e) => qname(o, e.name));
  const isQ = (s: string): boolean => s.startsWith("'") || s.startsWith('"') || s.startsWith('$');
  const align = o.quote === 'shell-escape' && o.format !== 'one' && quoted.some(isQ);
  const names = quoted.map((s) => (align && !isQ(s) ? ' ' + s : s));
  const inoW = o.inode ? Math.max(...list.map((e) => String(e.ino).length)) : 0;
  const blk = list.map((e) => (o.size ? blockStr(e, o) : ''));
  const blkW = Math.max(0, ...blk.map((b) => b.length));
  const prefix = (e: Entry, i: number): string =>
    (o.inode ? String(e.ino).padStart(inoW) + ' ' : '') + (o.size ? blk[i]!.padStart(blkW) + ' ' : '');
  if (o.long) return renderLong(list, names, o, prefix);
  const cells = list.map((e, i) => {
    const ind = e.st ? indicator(e.st.mode, o) : o.classify !== 'none' && e.isDirHint ? '/' : '';
    return prefix(e, i) + names[i]! + ind;
  });
  if (o.format === 'one') return cells.join('\n') + '\n';
  return columns(cells, o.width, o.format === 'across');
}

/** -s: allocated size, in 1024-byte blocks (or human-readable with -h) */
function blockStr(e: Entry, o: Opts): string {
  const b = e.st?.blocks ?? 0;
  return o.human ? humanSize(b * 512) : String(Math.ceil(b / 2));
}

function renderLong(list: Entry[], names: string[], o: Opts, prefix: (e: Entry, i: number) => string): string {
  const rows = list.map((e) => {
    const st = e.st!;
    const t = st.mode & S_IFMT;
    const dev = t === S_IFCHR || t === S_IFBLK;
    return {
      mode: modeString(st.mode),
      nlink: String(st.nlink),
      owner: o.numeric || !o.db ? String(st.uid) : o.db.userName(st.uid),
      group: o.numeric || !o.db ? String(st.gid) : o.db.groupName(st.gid),
      size: dev ? '' : o.human ? humanSize(st.size) : String(st.size),
      maj: dev ? String(major(st.rdev)) : '',
      min: dev ? String(minor(st.rdev)) : '',
      dev,
      date: lsDate(st.mtimeNs, o.nowNs),
    };
  });
  const w = (f: (r: (typeof rows)[number]) => string): number => Math.max(0, ...rows.map((r) => displayWidth(f(r))));
  const nlW = w((r) => r.nlink);
  const ownW = w((r) => r.owner);
  const grpW = w((r) => r.group);
  const majW = w((r) => r.maj);
  const minW = w((r) => r.min);
  let sizeW = w((r) => r.size);
  if (rows.some((r) => r.dev)) sizeW = Math.max(sizeW, majW + 2 + minW);
  let s = '';
  for (let i = 0; i < list.length; i++) {
    const r = rows[i]!;
    const e = list[i]!;
    let line = prefix(e, i);
    line += `${r.mode} ${r.nlink.padStart(nlW)} `;
    if (!o.noOwner) line += r.owner + ' '.repeat(ownW - displayWidth(r.owner)) + ' ';
    if (!o.noGroup) line += r.group + ' '.repeat(grpW - displayWidth(r.group)) + ' ';
    if (r.dev) line += `${r.maj.padStart(sizeW - minW - 2)}, ${r.min.padStart(minW)} `;
    else line += `${r.size.padStart(sizeW)} `;
    line += `${r.date} ${names[i]!}`;
    const st = e.st!;
    if ((st.mode & S_IFMT) === S_IFLNK) {
      if (e.linkTarget !== undefined) {
        line += ' -> ' + qname(o, e.linkTarget);
        if (o.classify !== 'none' && e.linkMode !== undefined) line += indicator(e.linkMode, o);
      }
    } else line += indicator(st.mode, o);
    s += line + '\n';
  }
  return s;
}

/** GNU ls -C / -x layout: as many columns as fit in `width`, padded with tabs (tabsize 8). */
export function columns(cells: string[], width: number, across: boolean): string {
  const n = cells.length;
  if (n === 0) return '';
  const lens = cells.map(displayWidth);
  const MIN = 3;
  const maxIdx = Number.isFinite(width) ? Math.max(1, Math.floor(width / MIN)) : n;
  const maxCols = Math.min(maxIdx, n);
  const info = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN,
    arr: new Array<number>(i + 1).fill(MIN),
  }));
  for (let f = 0; f < n; f++) {
    for (let i = 0; i < maxCols; i++) {
      const ci = info[i]!;
      if (!ci.valid) continue;
      const idx = across ? f % (i + 1) : Math.floor(f / Math.floor((n + i) / (i + 1)));
      const real = lens[f]! + (idx === i ? 0 : 2);
      if (ci.arr[idx]! < real) {
        ci.lineLen += real - ci.arr[idx]!;
        ci.arr[idx] = real;
        ci.valid = ci.lineLen < width;
      }
    }
  }
  let cols = maxCols;
  while (cols > 1 && !info[cols - 1]!.valid) cols--;
  const arr = info[cols - 1]!.arr;
  const indent = (from: number, to: number): string => {
    let s = '';
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
        s += '\t';
        from += 8 - (from % 8);
      } else {
        s += ' ';
        from++;
      }
    }
    return s;
  };
  let s = '';
  if (!across) {
    const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0);
    for (let row = 0; row < rows; row++) {
      let col = 0;
      let f = row;
      let pos = 0;
      for (;;) {
        s += cells[f]!;
        const nl = lens[f]!;
        const maxLen = arr[col++]!;
        f += rows;
        if (f >= n) break;
        s += indent(pos + nl, pos + maxLen);
        pos += maxLen;
      }
      s += '\n';
    }
  } else {
    let pos = 0;
    s += cells[0]!;
    let maxLen = arr[0]!;
    let nl = lens[0]!;
    for (let f = 1; f < n; f++) {
      const col = f % cols;
      if (col === 0) {
        s += '\n';
        pos = 0;
      } else {
        s += indent(pos + nl, pos + maxLen);
        pos += maxLen;
      }
      s += cells[f]!;
      nl = lens[f]!;
      maxLen = arr[col]!;
    }
    s += '\n';
  }
  return s;
}

export const ls = lsMain;
