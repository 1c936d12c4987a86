// mkdir, rmdir, rm, touch, cp, mv, ln, readlink, stat: the file-system operations.
import type { Sys, SysCall, Program, Stat } from '../../kernel/syscall';
import {
  O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_NOCTTY, O_NONBLOCK, O_DIRECTORY,
  S_IFMT, S_IFDIR, S_IFLNK, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO,
  EEXIST, ENOENT, ENOTDIR, EISDIR, EXDEV, ELOOP, ENOTEMPTY, EINTR, CLOCK_REALTIME,
  major, minor, strerror,
} from '../../kernel/syscall';
import { writeAll, LineReader } from '../lib/io';
import { modeString, fileTypeName, quoteAlways as qa, quoteShellEscape } from '../lib/format';
import { statDate, splitNs, daysFromCivil } from '../lib/time-format';
import { loadIdDb } from '../lib/passwd';
import { makeCtx, parseArgs, q, fail, usageError, joinPath, baseName, dirName, type Ctx } from './common';
import { compileMode } from './mode';
import { unescapeC, toBytes } from './text-utils';

const isDir = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFDIR;
const isLnk = (st: Stat): boolean => (st.mode & S_IFMT) === S_IFLNK;

function* errMsg(ctx: Ctx, what: string, errno: number): SysCall<void> {
  yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${what}: ${strerror(errno)}\n`);
}

/** Ask a yes/no question on stderr and read the answer from stdin (rpmatch: y or Y). */
function* ask(ctx: Ctx, question: string): SysCall<boolean> {
  yield* writeAll(ctx.sys, 2, `${ctx.prog}: ${question}`);
  const line = yield* new LineReader(ctx.sys, 0).readLine();
  return typeof line === 'string' && /^[yY]/.test(line);
}

function* getUmask(sys: Sys): SysCall<number> {
  const m = yield* sys.umask(0o022);
  yield* sys.umask(m);
  return m;
}

// ---------------------------------------------------------------- mkdir
export function* mkdir(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'mkdir');
  const p = yield* parseArgs(ctx, argv.slice(1), 'm:pvZ', [
    { name: 'mode', arg: 'required', key: 'm' },
    { name: 'parents', arg: 'none', key: 'p' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ]);
  if (typeof p === 'number') return p;
  let parents = false;
  let verbose = false;
  let modeStr: string | undefined;
  for (const [k, v] of p.opts) {
    if (k === 'p') parents = true;
    else if (k === 'v') verbose = true;
    else if (k === 'm') modeStr = v;
  }
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  const umask = yield* getUmask(sys);
  let mode = 0o777 & ~umask;
  if (modeStr !== undefined) {
    const mc = compileMode(modeStr);
    if (!mc) {
      yield* fail(ctx, `invalid mode ${q(ctx, modeStr)}`);
      return 1;
    }
    mode = mc.apply(0o777, true, umask);
  }
  let status = 0;
  for (const dir of p.operands) {
    if (parents) {
      const comps = dir.split('/');
      let path = dir.startsWith('/') ? '' : '';
      let ok = true;
      for (let i = 0; i < comps.length; i++) {
        const c = comps[i]!;
        path = i === 0 ? c : path + '/' + c;
        if (c === '' || c === '.' || c === '..') continue;
        const last = comps.slice(i + 1).every((x) => x === '');
        const r = yield* sys.mkdir(path, last ? mode : (0o777 & ~umask) | 0o300);
        if (r === 0) {
          if (verbose) yield* writeAll(sys, 1, `${ctx.prog}: created directory ${qa(path)}\n`);
          if (last && modeStr !== undefined) yield* sys.chmod(path, mode);
        } else if (r === -EEXIST) {
          const st = yield* sys.stat(path);
          if (typeof st === 'number' || !isDir(st)) {
            yield* errMsg(ctx, `cannot create directory ${q(ctx, path)}`, last ? EEXIST : ENOTDIR);
            ok = false;
            break;
          }
        } else {
          yield* errMsg(ctx, `cannot create directory ${q(ctx, path)}`, -r);
          ok = false;
          break;
        }
        if (last) break;
      }
      if (!ok) status = 1;
      continue;
    }
    const r = yield* sys.mkdir(dir, mode);
    if (r < 0) {
      yield* errMsg(ctx, `cannot create directory ${q(ctx, dir)}`, -r);
      status = 1;
      continue;
    }
    if (modeStr !== undefined && mode & 0o7000) yield* sys.chmod(dir, mode);
    if (verbose) yield* writeAll(sys, 1, `${ctx.prog}: created directory ${qa(dir)}\n`);
  }
  return status;
}

// ---------------------------------------------------------------- mkfifo
export function* mkfifo(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'mkfifo');
  const p = yield* parseArgs(ctx, argv.slice(1), 'm:Z', [{ name: 'mode', arg: 'required', key: 'm' }]);
  if (typeof p === 'number') return p;
  let modeStr: string | undefined;
  for (const [k, v] of p.opts) if (k === 'm') modeStr = v;
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  let mode = 0o666;
  if (modeStr !== undefined) {
    const mc = compileMode(modeStr);
    if (!mc) {
      yield* fail(ctx, 'invalid mode');
      return 1;
    }
    const umask = yield* getUmask(sys);
    mode = mc.apply(0o666, false, umask);
    if (mode & ~0o777) {
      yield* fail(ctx, 'mode must specify only file permission bits');
      return 1;
    }
  }
  let status = 0;
  for (const name of p.operands) {
    const r = yield* sys.mknod(name, S_IFIFO | mode, 0);
    if (r < 0) {
      yield* errMsg(ctx, `cannot create fifo ${qa(name)}`, -r);
      status = 1;
    } else if (modeStr !== undefined) {
      yield* sys.chmod(name, mode);
    }
  }
  return status;
}

// ---------------------------------------------------------------- rmdir
export function* rmdir(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'rmdir');
  const p = yield* parseArgs(ctx, argv.slice(1), 'pv', [
    { name: 'parents', arg: 'none', key: 'p' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'ignore-fail-on-non-empty', arg: 'none', key: 'ignore' },
  ]);
  if (typeof p === 'number') return p;
  const parents = p.opts.some(([k]) => k === 'p');
  const verbose = p.opts.some(([k]) => k === 'v');
  const ignore = p.opts.some(([k]) => k === 'ignore');
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  let status = 0;
  for (const dir of p.operands) {
    let d = dir;
    for (;;) {
      if (verbose) yield* writeAll(sys, 1, `${ctx.prog}: removing directory, ${qa(d)}\n`);
      const r = yield* sys.rmdir(d);
      if (r < 0) {
        if (!(ignore && r === -ENOTEMPTY)) {
          yield* errMsg(ctx, `failed to remove ${qa(d)}`, -r);
          status = 1;
        }
        break;
      }
      if (!parents) break;
      const t = d.replace(/\/+$/, '');
      const i = t.lastIndexOf('/');
      if (i <= 0) break;
      d = t.slice(0, i).replace(/\/+$/, '');
      if (d === '' || d === '.' || d === '..') break;
    }
  }
  return status;
}

// ---------------------------------------------------------------- rm
interface RmOpts {
  force: boolean;
  interactive: boolean;
  recursive: boolean;
  dir: boolean;
  verbose: boolean;
  preserveRoot: boolean;
}

export function* rm(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'rm');
  const p = yield* parseArgs(ctx, argv.slice(1), 'dfirRvI', [
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'interactive', arg: 'optional', key: 'interactive' },
    { name: 'recursive', arg: 'none', key: 'r' },
    { name: 'dir', arg: 'none', key: 'd' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'no-preserve-root', arg: 'none', key: 'no-preserve-root' },
    { name: 'preserve-root', arg: 'optional', key: 'preserve-root' },
    { name: 'one-file-system', arg: 'none', key: 'one-file-system' },
  ]);
  if (typeof p === 'number') return p;
  const o: RmOpts = { force: false, interactive: false, recursive: false, dir: false, verbose: false, preserveRoot: true };
  for (const [k, v] of p.opts) {
    if (k === 'f') {
      o.force = true;
      o.interactive = false;
    } else if (k === 'i') {
      o.interactive = true;
      o.force = false;
    } else if (k === 'interactive') o.interactive = v === undefined || v === 'always' || v === 'yes';
    else if (k === 'I') {
      /* prompt once: treated as no prompt for small removals */
    } else if (k === 'r' || k === 'R') o.recursive = true;
    else if (k === 'd') o.dir = true;
    else if (k === 'v') o.verbose = true;
    else if (k === 'no-preserve-root') o.preserveRoot = false;
    else if (k === 'preserve-root') o.preserveRoot = true;
  }
  if (p.operands.length === 0) {
    if (o.force) return 0;
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  let status = 0;
  for (const f of p.operands) {
    const b = baseName(f);
    if (b === '.' || b === '..') {
      yield* fail(ctx, `refusing to remove '.' or '..' directory: skipping ${qa(f)}`);
      status = 1;
      continue;
    }
    if (o.recursive && o.preserveRoot && f.replace(/\/+/g, '/') === '/') {
      yield* fail(ctx, `it is dangerous to operate recursively on ${qa('/')}`);
      yield* fail(ctx, `use --no-preserve-root to override this failsafe`);
      status = 1;
      continue;
    }
    if (!(yield* rmOne(ctx, f, o))) status = 1;
  }
  return status;
}

function* rmOne(ctx: Ctx, path: string, o: RmOpts): SysCall<boolean> {
  const sys = ctx.sys;
  const st = yield* sys.lstat(path);
  if (typeof st === 'number') {
    if (o.force && st === -ENOENT) return true;
    yield* errMsg(ctx, `cannot remove ${qa(path)}`, -st);
    return false;
  }
  if (isDir(st)) {
    if (!o.recursive) {
      if (o.dir) {
        if (o.interactive && !(yield* ask(ctx, `remove directory ${qa(path)}? `))) return true;
        const r = yield* sys.rmdir(path);
        if (r < 0) {
          yield* errMsg(ctx, `cannot remove ${qa(path)}`, -r);
          return false;
        }
        if (o.verbose) yield* writeAll(sys, 1, `removed directory ${qa(path)}\n`);
        return true;
      }
      yield* errMsg(ctx, `cannot remove ${qa(path)}`, EISDIR);
      return false;
    }
    const fd = yield* sys.open(path, O_RDONLY | O_DIRECTORY);
    let ok = true;
    if (fd >= 0) {
      const ents = yield* sys.getdents(fd);
      yield* sys.close(fd);
      if (typeof ents !== 'number') {
        const names = ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
        if (names.length && o.interactive && !(yield* ask(ctx, `descend into directory ${qa(path)}? `))) return true;
        for (const n of names) if (!(yield* rmOne(ctx, joinPath(path, n), o))) ok = false;
      }
    }
    if (!ok) return false;
    if (o.interactive && !(yield* ask(ctx, `remove directory ${qa(path)}? `))) return true;
    const r = yield* sys.rmdir(path);
    if (r < 0) {
      yield* errMsg(ctx, `cannot remove ${qa(path)}`, -r);
      return false;
    }
    if (o.verbose) yield* writeAll(sys, 1, `removed directory ${qa(path)}\n`);
    return true;
  }
  if (o.interactive && !(yield* ask(ctx, `remove ${fileTypeName(st.mode, st.size)} ${qa(path)}? `))) return true;
  const r = yield* sys.unlink(path);
  if (r < 0) {
    if (o.force && r === -ENOENT) return true;
    yield* errMsg(ctx, `cannot remove ${qa(path)}`, -r);
    return false;
  }
  if (o.verbose) yield* writeAll(sys, 1, `removed ${qa(path)}\n`);
  return true;
}

// ---------------------------------------------------------------- touch
/** Parse touch -d forms: "@SECONDS", "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.frac]]", "now". */
export function parseTouchDate(s: string, nowNs: number): number | undefined {
  const t = s.trim();
  if (t === 'now' || t === '') return nowNs;
  let m = /^@(-?\d+)(?:\.(\d+))?$/.exec(t);
  if (m) return Number(m[1]) * 1e9 + (m[2] ? Number(m[2].padEnd(9, '0').slice(0, 9)) : 0);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?: ?(?:UTC|Z|\+0000|\+00:00))?$/.exec(t);
  if (m) {
    const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
    const sec = days * 86400 + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
    return sec * 1e9 + (m[7] ? Number(m[7].padEnd(9, '0').slice(0, 9)) : 0);
  }
  return undefined;
}

/** touch -t [[CC]YY]MMDDhhmm[.ss] */
export function parseTouchStamp(s: string, nowNs: number): number | undefined {
  const m = /^(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const d = m[1]!;
  let year: number;
  let rest: string;
  if (d.length === 12) {
    year = Number(d.slice(0, 4));
    rest = d.slice(4);
  } else if (d.length === 10) {
    const yy = Number(d.slice(0, 2));
    year = yy < 69 ? 2000 + yy : 1900 + yy;
    rest = d.slice(2);
  } else {
    const [sec] = splitNs(nowNs);
    year = 1970;
    // current year
    const days = Math.floor(sec / 86400);
    while (daysFromCivil(year + 1, 1, 1) <= days) year++;
    rest = d;
  }
  const mon = Number(rest.slice(0, 2));
  const day = Number(rest.slice(2, 4));
  const hh = Number(rest.slice(4, 6));
  const mm = Number(rest.slice(6, 8));
  const ss = m[2] ? Number(m[2]) : 0;
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  return (daysFromCivil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss) * 1e9;
}

export function* touch(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'touch');
  const p = yield* parseArgs(ctx, argv.slice(1), 'acd:fhmr:t:', [
    { name: 'no-create', arg: 'none', key: 'c' },
    { name: 'date', arg: 'required', key: 'd' },
    { name: 'reference', arg: 'required', key: 'r' },
    { name: 'no-dereference', arg: 'none', key: 'h' },
    { name: 'time', arg: 'required', key: 'time' },
  ]);
  if (typeof p === 'number') return p;
  let noCreate = false;
  let onlyA = false;
  let onlyM = false;
  let when: number | undefined;
  let whenA: number | undefined;
  const nowTs = yield* sys.clock_gettime(CLOCK_REALTIME);
  const nowNs = typeof nowTs === 'number' ? 0 : nowTs[0] * 1e9 + nowTs[1];
  for (const [k, v] of p.opts) {
    if (k === 'c') noCreate = true;
    else if (k === 'a') onlyA = true;
    else if (k === 'm') onlyM = true;
    else if (k === 'time') {
      if (['atime', 'access', 'use'].includes(v!)) onlyA = true;
      else if (['mtime', 'modify'].includes(v!)) onlyM = true;
      else {
        let msg = `${ctx.prog}: invalid argument ${q(ctx, v!)} for ${q(ctx, '--time')}\nValid arguments are:\n`;
        msg += `  - ${q(ctx, 'atime')}, ${q(ctx, 'access')}, ${q(ctx, 'use')}\n  - ${q(ctx, 'mtime')}, ${q(ctx, 'modify')}\n`;
        yield* writeAll(sys, 2, msg + `Try '${ctx.prog} --help' for more information.\n`);
        return 1;
      }
    } else if (k === 'd') {
      const t = parseTouchDate(v!, nowNs);
      if (t === undefined) {
        yield* fail(ctx, `invalid date format ${q(ctx, v!)}`);
        return 1;
      }
      when = whenA = t;
    } else if (k === 't') {
      const t = parseTouchStamp(v!, nowNs);
      if (t === undefined) {
        yield* fail(ctx, `invalid date format ${q(ctx, v!)}`);
        return 1;
      }
      when = whenA = t;
    } else if (k === 'r') {
      const st = yield* sys.stat(v!);
      if (typeof st === 'number') {
        yield* errMsg(ctx, `failed to get attributes of ${q(ctx, v!)}`, -st);
        return 1;
      }
      when = st.mtimeNs;
      whenA = st.atimeNs;
    }
  }
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing file operand');
    return 1;
  }
  if (!onlyA && !onlyM) onlyA = onlyM = true;
  let status = 0;
  for (const f of p.operands) {
    if (f === '-') continue;
    let created = false;
    if (!noCreate) {
      const fd = yield* sys.open(f, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0o666);
      if (fd >= 0) {
        yield* sys.close(fd);
        created = true;
      } else if (fd !== -EISDIR) {
        const st = yield* sys.stat(f);
        if (typeof st === 'number') {
          yield* errMsg(ctx, `cannot touch ${qa(f)}`, -fd);
          status = 1;
          continue;
        }
      }
    }
    void created;
    const st = yield* sys.stat(f);
    if (typeof st === 'number') {
      if (noCreate && st === -ENOENT) continue;
      yield* errMsg(ctx, `cannot touch ${qa(f)}`, -st);
      status = 1;
      continue;
    }
    const a = onlyA ? (whenA ?? nowNs) : st.atimeNs;
    const m = onlyM ? (when ?? nowNs) : st.mtimeNs;
    const r = yield* sys.utimens(f, when === undefined && onlyA ? undefined : a, when === undefined && onlyM ? undefined : m);
    if (r < 0) {
      yield* errMsg(ctx, `setting times of ${qa(f)}`, -r);
      status = 1;
    }
  }
  return status;
}

// ---------------------------------------------------------------- cp / mv
interface CpOpts {
  recursive: boolean;
  deref: 'never' | 'always' | 'cmdline';
  preserveMode: boolean;
  preserveOwner: boolean;
  preserveTime: boolean;
  verbose: boolean;
  force: boolean;
  interactive: boolean;
  noClobber: boolean;
  move: boolean;
  umask: number;
  /** copy extended attributes (mv, cp -a / --preserve=xattr); failures are not reported */
  preserveXattr?: boolean;
}

function* copyFileData(ctx: Ctx, src: string, dst: string, st: Stat, o: CpOpts, dstExists: boolean): SysCall<boolean> {
  const sys = ctx.sys;
  const ifd = yield* sys.open(src, O_RDONLY);
  if (ifd < 0) {
    yield* errMsg(ctx, `cannot open ${qa(src)} for reading`, -ifd);
    return false;
  }
  let ofd = yield* sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.mode & 0o777);
  if (ofd < 0 && o.force && dstExists) {
    yield* sys.unlink(dst);
    ofd = yield* sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.mode & 0o777);
  }
  if (ofd < 0) {
    yield* sys.close(ifd);
    yield* errMsg(ctx, `cannot create regular file ${qa(dst)}`, -ofd);
    return false;
  }
  let ok = true;
  for (;;) {
    const r = yield* sys.read(ifd, 65536);
    if (r === -EINTR) continue;
    if (typeof r === 'number') {
      yield* errMsg(ctx, `error reading ${qa(src)}`, -r);
      ok = false;
      break;
    }
    if (r.length === 0) break;
    const w = yield* writeAll(sys, ofd, r);
    if (w < 0) {
      yield* errMsg(ctx, `error writing ${qa(dst)}`, -w);
      ok = false;
      break;
    }
  }
  yield* sys.close(ifd);
  yield* sys.close(ofd);
  return ok;
}

function* preserve(ctx: Ctx, src: string, dst: string, st: Stat, o: CpOpts): SysCall<void> {
  const sys = ctx.sys;
  const link = isLnk(st);
  if (o.preserveOwner) yield* sys.chown(dst, st.uid, st.gid, link);
  if (o.preserveXattr) {
    // attr_copy_file with /etc/xattr.conf's rules (security.evm is the kernel's to write)
    const names = yield* sys.listxattr(src, link);
    if (typeof names !== 'number') {
      for (const n of names) {
        if (n === 'security.evm') continue;
        const v = yield* sys.getxattr(src, n, link);
        if (typeof v !== 'number') yield* sys.setxattr(dst, n, v, 0, link);
      }
    }
  }
  if (link) return;
  if (o.preserveMode) yield* sys.chmod(dst, st.mode & 0o7777);
  if (o.preserveTime) yield* sys.utimens(dst, st.atimeNs, st.mtimeNs);
}

/** Copy src to dst (dst is the final name). */
function* copyAny(ctx: Ctx, src: string, dst: string, o: CpOpts, top: boolean): SysCall<boolean> {
  const sys = ctx.sys;
  const follow = o.deref === 'always' || (o.deref === 'cmdline' && top);
  const st = follow ? yield* sys.stat(src) : yield* sys.lstat(src);
  if (typeof st === 'number') {
    yield* errMsg(ctx, `cannot stat ${qa(src)}`, -st);
    return false;
  }
  const dstSt = yield* sys.lstat(dst);
  const dstExists = typeof dstSt !== 'number';
  if (dstExists && dstSt.ino === st.ino && dstSt.dev === st.dev) {
    yield* fail(ctx, `${qa(src)} and ${qa(dst)} are the same file`);
    return false;
  }
  if (isDir(st)) {
    if (!o.recursive) {
      yield* fail(ctx, `-r not specified; omitting directory ${qa(src)}`);
      return false;
    }
    if (dstExists && !isDir(dstSt)) {
      yield* fail(ctx, `cannot overwrite non-directory ${qa(dst)} with directory ${qa(src)}`);
      return false;
    }
    const rs = src.replace(/\/+$/, '');
    if (dst.startsWith(rs + '/') && (yield* sameInode(sys, rs, st))) {
      // GNU creates the destination first, then notices it is inside the source
      if (!dstExists) yield* sys.mkdir(dst, (st.mode & 0o777) | 0o700);
      yield* fail(ctx, `cannot copy a directory, ${qa(src)}, into itself, ${qa(dst)}`);
      return false;
    }
    if (!dstExists) {
      const r = yield* sys.mkdir(dst, (st.mode & 0o777) | 0o700);
      if (r < 0) {
        yield* errMsg(ctx, `cannot create directory ${qa(dst)}`, -r);
        return false;
      }
      if (o.verbose) yield* writeAll(sys, 1, o.move ? `created directory ${qa(dst)}\n` : `${qa(src)} -> ${qa(dst)}\n`);
    }
    const fd = yield* sys.open(src, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
      yield* errMsg(ctx, `cannot access ${qa(src)}`, -fd);
      return false;
    }
    const ents = yield* sys.getdents(fd);
    yield* sys.close(fd);
    let ok = true;
    if (typeof ents !== 'number') {
      const names = ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..');
      for (const n of names) if (!(yield* copyAny(ctx, joinPath(src, n), joinPath(dst, n), o, false))) ok = false;
    }
    if (!dstExists) {
      if (o.preserveMode || o.move) yield* preserve(ctx, src, dst, st, o);
      else yield* sys.chmod(dst, st.mode & 0o777 & ~o.umask);
    }
    return ok;
  }
  if (dstExists) {
    if (o.noClobber) return true;
    if (isDir(dstSt)) {
      yield* fail(ctx, `cannot overwrite directory ${qa(dst)} with non-directory`);
      return false;
    }
    if (o.interactive && !(yield* ask(ctx, `overwrite ${qa(dst)}? `))) return true;
  }
  const t = st.mode & S_IFMT;
  if (t === S_IFLNK) {
    const target = yield* sys.readlink(src);
    if (typeof target === 'number') {
      yield* errMsg(ctx, `cannot read symbolic link ${qa(src)}`, -target);
      return false;
    }
    if (dstExists) yield* sys.unlink(dst);
    const r = yield* sys.symlink(target, dst);
    if (r < 0) {
      yield* errMsg(ctx, `cannot create symbolic link ${qa(dst)}`, -r);
      return false;
    }
  } else if (t === S_IFREG) {
    if (!(yield* copyFileData(ctx, src, dst, st, o, dstExists))) return false;
  } else if (t === S_IFCHR || t === S_IFBLK || t === S_IFIFO) {
    if (o.recursive) {
      if (dstExists) yield* sys.unlink(dst);
      const r = yield* sys.mknod(dst, st.mode, st.rdev);
      if (r < 0) {
        yield* errMsg(ctx, `cannot create special file ${qa(dst)}`, -r);
        return false;
      }
    } else if (!(yield* copyFileData(ctx, src, dst, st, o, dstExists))) return false;
  } else {
    yield* fail(ctx, `cannot copy ${qa(src)}: unsupported file type`);
    return false;
  }
  if (o.verbose) yield* writeAll(sys, 1, `${o.move ? 'copied ' : ''}${qa(src)} -> ${qa(dst)}\n`);
  if (o.preserveMode || o.preserveOwner || o.preserveTime || o.preserveXattr) yield* preserve(ctx, src, dst, st, o);
  return true;
}

function* sameInode(sys: Sys, path: string, st: Stat): SysCall<boolean> {
  const s = yield* sys.stat(path);
  return typeof s !== 'number' && s.ino === st.ino && s.dev === st.dev;
}

/** Resolve operands into (src, dst) pairs as cp/mv/ln do; prints usage errors. */
function* targets(
  ctx: Ctx,
  operands: string[],
  targetDir: string | undefined,
  noTargetDir: boolean,
  word: string,
): SysCall<Array<[string, string]> | undefined> {
  const sys = ctx.sys;
  if (operands.length === 0) {
    yield* usageError(ctx, `missing file operand`);
    return undefined;
  }
  if (targetDir !== undefined) {
    const st = yield* sys.stat(targetDir);
    if (typeof st === 'number' || !isDir(st)) {
      if (typeof st === 'number') yield* errMsg(ctx, `target directory ${qa(targetDir)}`, -st);
      else yield* fail(ctx, `target ${qa(targetDir)} is not a directory`);
      return undefined;
    }
    return operands.map((s) => [s, joinPath(targetDir, baseName(s))]);
  }
  if (operands.length === 1) {
    yield* usageError(ctx, `missing destination file operand after ${qa(operands[0]!)}`);
    return undefined;
  }
  const dest = operands[operands.length - 1]!;
  const srcs = operands.slice(0, -1);
  if (noTargetDir) {
    if (srcs.length > 1) {
      yield* usageError(ctx, `extra operand ${qa(operands[2]!)}`);
      return undefined;
    }
    return [[srcs[0]!, dest]];
  }
  const st = yield* sys.stat(dest);
  const destIsDir = typeof st !== 'number' && isDir(st);
  if (srcs.length > 1 && !destIsDir) {
    if (typeof st === 'number') yield* errMsg(ctx, `target ${qa(dest)}`, -st);
    else yield* fail(ctx, `target ${qa(dest)} is not a directory`);
    return undefined;
  }
  void word;
  if (destIsDir) return srcs.map((s) => [s, joinPath(dest, baseName(s))]);
  return [[srcs[0]!, dest]];
}

export function* cp(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'cp');
  const p = yield* parseArgs(ctx, argv.slice(1), 'adfHiLnPpRrt:Tv', [
    { name: 'archive', arg: 'none', key: 'a' },
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'interactive', arg: 'none', key: 'i' },
    { name: 'dereference', arg: 'none', key: 'L' },
    { name: 'no-dereference', arg: 'none', key: 'P' },
    { name: 'no-clobber', arg: 'none', key: 'n' },
    { name: 'recursive', arg: 'none', key: 'r' },
    { name: 'target-directory', arg: 'required', key: 't' },
    { name: 'no-target-directory', arg: 'none', key: 'T' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'preserve', arg: 'optional', key: 'preserve' },
  ]);
  if (typeof p === 'number') return p;
  const o: CpOpts = {
    recursive: false, deref: 'cmdline', preserveMode: false, preserveOwner: false, preserveTime: false,
    verbose: false, force: false, interactive: false, noClobber: false, move: false, umask: yield* getUmask(sys),
  };
  let derefSet = false;
  let targetDir: string | undefined;
  let noTarget = false;
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'a': o.recursive = true; o.deref = 'never'; derefSet = true; o.preserveMode = o.preserveOwner = o.preserveTime = o.preserveXattr = true; break;
      case 'd': o.deref = 'never'; derefSet = true; break;
      case 'p': o.preserveMode = o.preserveOwner = o.preserveTime = true; break;
      case 'preserve': {
        const list = (v ?? 'mode,ownership,timestamps').split(',');
        for (const x of list) {
          if (x === 'mode') o.preserveMode = true;
          else if (x === 'ownership') o.preserveOwner = true;
          else if (x === 'timestamps') o.preserveTime = true;
          else if (x === 'xattr') o.preserveXattr = true;
          else if (x === 'all') o.preserveMode = o.preserveOwner = o.preserveTime = o.preserveXattr = true;
        }
        break;
      }
      case 'f': o.force = true; break;
      case 'i': o.interactive = true; o.noClobber = false; break;
      case 'n': o.noClobber = true; o.interactive = false; break;
      case 'L': o.deref = 'always'; derefSet = true; break;
      case 'H': o.deref = 'cmdline'; derefSet = true; break;
      case 'P': o.deref = 'never'; derefSet = true; break;
      case 'r': case 'R': o.recursive = true; break;
      case 't': targetDir = v; break;
      case 'T': noTarget = true; break;
      case 'v': o.verbose = true; break;
    }
  }
  if (o.recursive && !derefSet) o.deref = 'never';
  const pairs = yield* targets(ctx, p.operands, targetDir, noTarget, 'copy');
  if (!pairs) return 1;
  let status = 0;
  for (const [s, d] of pairs) if (!(yield* copyAny(ctx, s, d, o, true))) status = 1;
  return status;
}

export function* mv(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'mv');
  const p = yield* parseArgs(ctx, argv.slice(1), 'fint:Tuv', [
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'interactive', arg: 'none', key: 'i' },
    { name: 'no-clobber', arg: 'none', key: 'n' },
    { name: 'target-directory', arg: 'required', key: 't' },
    { name: 'no-target-directory', arg: 'none', key: 'T' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ]);
  if (typeof p === 'number') return p;
  let interactive = false;
  let noClobber = false;
  let verbose = false;
  let targetDir: string | undefined;
  let noTarget = false;
  for (const [k, v] of p.opts) {
    if (k === 'f') interactive = noClobber = false;
    else if (k === 'i') {
      interactive = true;
      noClobber = false;
    } else if (k === 'n') {
      noClobber = true;
      interactive = false;
    } else if (k === 'v') verbose = true;
    else if (k === 't') targetDir = v;
    else if (k === 'T') noTarget = true;
  }
  const pairs = yield* targets(ctx, p.operands, targetDir, noTarget, 'move');
  if (!pairs) return 1;
  const umask = yield* getUmask(sys);
  let status = 0;
  for (const [s, d] of pairs) {
    const st = yield* sys.lstat(s);
    if (typeof st === 'number') {
      yield* errMsg(ctx, `cannot stat ${qa(s)}`, -st);
      status = 1;
      continue;
    }
    const dst = yield* sys.lstat(d);
    if (typeof dst !== 'number') {
      if (dst.ino === st.ino && dst.dev === st.dev) {
        yield* fail(ctx, `${qa(s)} and ${qa(d)} are the same file`);
        status = 1;
        continue;
      }
      if (noClobber) continue;
      if (interactive && !(yield* ask(ctx, `overwrite ${qa(d)}? `))) continue;
      if (isDir(dst) && !isDir(st)) {
        yield* fail(ctx, `cannot overwrite directory ${qa(d)} with non-directory`);
        status = 1;
        continue;
      }
      if (!isDir(dst) && isDir(st)) {
        yield* fail(ctx, `cannot overwrite non-directory ${qa(d)} with directory ${qa(s)}`);
        status = 1;
        continue;
      }
    }
    if (isDir(st)) {
      const rs = s.replace(/\/+$/, '');
      if (d.startsWith(rs + '/') || d === rs) {
        yield* fail(ctx, `cannot move ${qa(s)} to a subdirectory of itself, ${qa(d)}`);
        status = 1;
        continue;
      }
    }
    const r = yield* sys.rename(s, d);
    if (r === 0) {
      if (verbose) yield* writeAll(sys, 1, `renamed ${qa(s)} -> ${qa(d)}\n`);
      continue;
    }
    if (r !== -EXDEV) {
      yield* errMsg(ctx, `cannot move ${qa(s)} to ${qa(d)}`, -r);
      status = 1;
      continue;
    }
    // across file systems (or an overlay lower directory): copy everything, then remove the source
    const o: CpOpts = {
      recursive: true, deref: 'never', preserveMode: true, preserveOwner: true, preserveTime: true,
      verbose, force: true, interactive: false, noClobber: false, move: true, umask, preserveXattr: true,
    };
    if (typeof dst !== 'number') {
      const rr = isDir(dst) ? yield* sys.rmdir(d) : yield* sys.unlink(d);
      if (rr < 0) {
        yield* errMsg(ctx, `cannot remove ${qa(d)}`, -rr);
        status = 1;
        continue;
      }
    }
    if (!(yield* copyAny(ctx, s, d, o, true))) {
      status = 1;
      continue;
    }
    const ro: RmOpts = { force: true, interactive: false, recursive: true, dir: false, verbose, preserveRoot: true };
    if (!(yield* rmOne(ctx, s, ro))) status = 1;
  }
  return status;
}

// ---------------------------------------------------------------- ln
export function* ln(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'ln');
  const p = yield* parseArgs(ctx, argv.slice(1), 'finrst:Tv', [
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'interactive', arg: 'none', key: 'i' },
    { name: 'no-dereference', arg: 'none', key: 'n' },
    { name: 'relative', arg: 'none', key: 'r' },
    { name: 'symbolic', arg: 'none', key: 's' },
    { name: 'target-directory', arg: 'required', key: 't' },
    { name: 'no-target-directory', arg: 'none', key: 'T' },
    { name: 'verbose', arg: 'none', key: 'v' },
  ]);
  if (typeof p === 'number') return p;
  let force = false;
  let interactive = false;
  let symbolic = false;
  let noDeref = false;
  let verbose = false;
  let relative = false;
  let targetDir: string | undefined;
  let noTarget = false;
  for (const [k, v] of p.opts) {
    if (k === 'f') {
      force = true;
      interactive = false;
    } else if (k === 'i') {
      interactive = true;
      force = false;
    } else if (k === 's') symbolic = true;
    else if (k === 'n') noDeref = true;
    else if (k === 'v') verbose = true;
    else if (k === 'r') relative = true;
    else if (k === 't') targetDir = v;
    else if (k === 'T') noTarget = true;
  }
  if (relative && !symbolic) {
    yield* fail(ctx, 'cannot do --relative without --symbolic');
    return 1;
  }
  let pairs: Array<[string, string]>;
  if (p.operands.length === 1 && targetDir === undefined) pairs = [[p.operands[0]!, baseName(p.operands[0]!)]];
  else {
    if (p.operands.length >= 2 && targetDir === undefined && !noTarget) {
      const last = p.operands[p.operands.length - 1]!;
      const st = noDeref ? yield* sys.lstat(last) : yield* sys.stat(last);
      if (p.operands.length === 2 && (typeof st === 'number' || !isDir(st))) {
        pairs = [[p.operands[0]!, last]];
      } else {
        const r = yield* targets(ctx, p.operands, undefined, false, 'link');
        if (!r) return 1;
        pairs = r;
      }
    } else {
      const r = yield* targets(ctx, p.operands, targetDir, noTarget, 'link');
      if (!r) return 1;
      pairs = r;
    }
  }
  let status = 0;
  for (const [target, link] of pairs) {
    let tgt = target;
    if (relative) tgt = yield* relativeTarget(sys, target, link);
    if (!symbolic) {
      const st = yield* sys.stat(target);
      if (typeof st === 'number') {
        yield* errMsg(ctx, `failed to access ${qa(target)}`, -st);
        status = 1;
        continue;
      }
      if (isDir(st)) {
        yield* fail(ctx, `${target}: hard link not allowed for directory`);
        status = 1;
        continue;
      }
    }
    const kind = symbolic ? 'symbolic link' : 'hard link';
    const existing = yield* sys.lstat(link);
    if (typeof existing !== 'number') {
      if (!symbolic) {
        const st = yield* sys.stat(target);
        if (typeof st !== 'number' && st.ino === existing.ino && st.dev === existing.dev && force) {
          yield* fail(ctx, `${qa(target)} and ${qa(link)} are the same file`);
          status = 1;
          continue;
        }
      }
      if (interactive) {
        if (!(yield* ask(ctx, `replace ${qa(link)}? `))) continue;
        force = true;
      }
      if (force) {
        if (isDir(existing)) {
          yield* fail(ctx, `${qa(link)}: cannot overwrite directory`);
          status = 1;
          continue;
        }
        yield* sys.unlink(link);
      }
    }
    const r = symbolic ? yield* sys.symlink(tgt, link) : yield* sys.link(target, link);
    if (r < 0) {
      yield* errMsg(ctx, `failed to create ${kind} ${qa(link)}`, -r);
      status = 1;
      continue;
    }
    if (verbose) yield* writeAll(sys, 1, `${qa(link)} ${symbolic ? '->' : '=>'} ${qa(tgt)}\n`);
  }
  return status;
}

function* relativeTarget(sys: Sys, target: string, link: string): SysCall<string> {
  const t = yield* canonicalize(sys, target, 'missing');
  const l = yield* canonicalize(sys, dirName(link), 'missing');
  if (typeof t === 'number' || typeof l === 'number') return target;
  const a = t.split('/').filter(Boolean);
  const b = l.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rel = [...b.slice(i).map(() => '..'), ...a.slice(i)].join('/');
  return rel || '.';
}

// ---------------------------------------------------------------- readlink
/**
 * canonicalize_filename_mode: 'existing' (-e: every component exists), 'last' (-f: all but the
 * last exist), 'missing' (-m: nothing needs to exist). Returns the absolute path or -errno.
 */
export function* canonicalize(sys: Sys, path: string, mode: 'existing' | 'last' | 'missing'): SysCall<string | number> {
  let rest = path.split('/');
  let out: string[] = [];
  if (!path.startsWith('/')) {
    const cwd = yield* sys.getcwd();
    if (typeof cwd === 'number') return cwd;
    out = cwd.split('/').filter(Boolean);
  }
  let hops = 0;
  let missing = false;
  while (rest.length) {
    const c = rest.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      out.pop();
      continue;
    }
    const cand = '/' + [...out, c].join('/');
    if (missing) {
      if (mode !== 'missing') return -ENOENT;
      out.push(c);
      continue;
    }
    const st = yield* sys.lstat(cand);
    if (typeof st === 'number') {
      const isLast = rest.every((x) => x === '' || x === '.');
      if (st === -ENOENT && (mode === 'missing' || (mode === 'last' && isLast))) {
        missing = true;
        out.push(c);
        continue;
      }
      return st;
    }
    if (isLnk(st)) {
      if (++hops > 40) return -ELOOP;
      const t = yield* sys.readlink(cand);
      if (typeof t === 'number') return t;
      if (t.startsWith('/')) out = [];
      rest = [...t.split('/'), ...rest];
      continue;
    }
    if (!isDir(st) && rest.some((x) => x !== '')) {
      if (mode === 'missing') {
        out.push(c);
        missing = true;
        continue;
      }
      return -ENOTDIR;
    }
    out.push(c);
  }
  return '/' + out.join('/');
}

export function* readlink(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'readlink');
  const p = yield* parseArgs(ctx, argv.slice(1), 'efmnqsvz', [
    { name: 'canonicalize', arg: 'none', key: 'f' },
    { name: 'canonicalize-existing', arg: 'none', key: 'e' },
    { name: 'canonicalize-missing', arg: 'none', key: 'm' },
    { name: 'no-newline', arg: 'none', key: 'n' },
    { name: 'quiet', arg: 'none', key: 'q' },
    { name: 'silent', arg: 'none', key: 's' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'zero', arg: 'none', key: 'z' },
  ]);
  if (typeof p === 'number') return p;
  let mode: 'existing' | 'last' | 'missing' | undefined;
  let noNl = false;
  let verbose = false;
  let zero = false;
  for (const [k] of p.opts) {
    if (k === 'f') mode = 'last';
    else if (k === 'e') mode = 'existing';
    else if (k === 'm') mode = 'missing';
    else if (k === 'n') noNl = true;
    else if (k === 'v') verbose = true;
    else if (k === 'q' || k === 's') verbose = false;
    else if (k === 'z') zero = true;
  }
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  if (noNl && p.operands.length > 1) {
    yield* fail(ctx, 'ignoring --no-newline with multiple arguments');
    noNl = false;
  }
  let status = 0;
  let text = '';
  for (const f of p.operands) {
    const r = mode ? yield* canonicalize(sys, f, mode) : yield* sys.readlink(f);
    if (typeof r === 'number') {
      if (verbose) yield* errMsg(ctx, f, -r);
      status = 1;
      continue;
    }
    text += r + (noNl ? '' : zero ? '\0' : '\n');
  }
  if (text) yield* writeAll(sys, 1, text);
  return status;
}

// ---------------------------------------------------------------- stat
const DEFAULT_FMT =
  '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n';
const DEV_LINE = 'Device: %Hd,%Ld\tInode: %-11i Links: %h\n';
const DEV_LINE_SPECIAL = 'Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n';
const TAIL_FMT =
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const TERSE_FMT = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';

export interface StatInfo {
  name: string;
  st: Stat;
  linkTarget?: string;
  userName: string;
  groupName: string;
}

/** Expand a stat(1) format for one file. Pure, exported for tests. */
export function statFormat(fmt: string, f: StatInfo): string {
  const st = f.st;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%([-#0 +']*)(\d*)(?:\.(\d*))?([HL]?)(.)?/.exec(fmt.slice(i));
    if (!m || m[5] === undefined) {
      out += '%';
      continue;
    }
    i += m[0].length - 1;
    const [, flags, width, prec, hl, conv] = m as unknown as [string, string, string, string | undefined, string, string];
    if (conv === '%') {
      out += '%';
      continue;
    }
    let num: number | undefined;
    let str: string | undefined;
    let octal = false;
    let hex = false;
    switch (conv) {
      case 'n': str = f.name; break;
      case 'N': str = quoteShellEscape(f.name) + (f.linkTarget !== undefined ? ` -> ${quoteShellEscape(f.linkTarget)}` : ''); break;
      case 's': num = st.size; break;
      case 'b': num = st.blocks; break;
      case 'B': num = 512; break;
      case 'o': num = st.blksize; break;
      case 'f': num = st.mode; hex = true; break;
      case 'a': num = st.mode & 0o7777; octal = true; break;
      case 'A': str = modeString(st.mode); break;
      case 'F': str = fileTypeName(st.mode, st.size); break;
      case 'u': num = st.uid; break;
      case 'g': num = st.gid; break;
      case 'U': str = f.userName; break;
      case 'G': str = f.groupName; break;
      case 'i': num = st.ino; break;
      case 'h': num = st.nlink; break;
      case 'd': num = hl === 'H' ? major(st.dev) : hl === 'L' ? minor(st.dev) : st.dev; break;
      case 'D': num = st.dev; hex = true; break;
      case 'r': num = hl === 'H' ? major(st.rdev) : hl === 'L' ? minor(st.rdev) : st.rdev; break;
      case 'R': num = st.rdev; hex = true; break;
      case 't': num = major(st.rdev); hex = true; break;
      case 'T': num = minor(st.rdev); hex = true; break;
      case 'x': str = statDate(st.atimeNs); break;
      case 'y': str = statDate(st.mtimeNs); break;
      case 'z': str = statDate(st.ctimeNs); break;
      case 'w': str = '-'; break;
      case 'X': num = splitNs(st.atimeNs)[0]; break;
      case 'Y': num = splitNs(st.mtimeNs)[0]; break;
      case 'Z': num = splitNs(st.ctimeNs)[0]; break;
      case 'W': num = 0; break;
      case 'm': str = '/'; break;
      case 'C': str = '?'; break;
      default:
        out += m[0];
        continue;
    }
    let s: string;
    if (num !== undefined) {
      s = octal ? num.toString(8) : hex ? num.toString(16) : String(num);
      if (octal && flags.includes('#') && s !== '0') s = '0' + s;
      if (prec !== undefined && prec !== '') s = s.padStart(Number(prec), '0');
      const w = Number(width || 0);
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && prec === undefined) s = s.padStart(w, '0');
      else s = s.padStart(w);
    } else {
      s = str!;
      if (prec !== undefined && prec !== '') s = s.slice(0, Number(prec));
      const w = Number(width || 0);
      s = flags.includes('-') ? s.padEnd(w) : s.padStart(w);
    }
    out += s;
  }
  return out;
}

export function* stat(sys: Sys, argv: string[], envp: string[]): Program {
  const ctx = makeCtx(sys, argv, envp, 'stat');
  const p = yield* parseArgs(ctx, argv.slice(1), 'c:Lt', [
    { name: 'format', arg: 'required', key: 'c' },
    { name: 'printf', arg: 'required', key: 'printf' },
    { name: 'dereference', arg: 'none', key: 'L' },
    { name: 'terse', arg: 'none', key: 't' },
  ]);
  if (typeof p === 'number') return p;
  let fmt: string | undefined;
  let deref = false;
  for (const [k, v] of p.opts) {
    if (k === 'c') fmt = v! + '\n';
    else if (k === 'printf') fmt = unescapeC(v!);
    else if (k === 'L') deref = true;
    else if (k === 't') fmt = TERSE_FMT;
  }
  if (p.operands.length === 0) {
    yield* usageError(ctx, 'missing operand');
    return 1;
  }
  const db = yield* loadIdDb(sys);
  let status = 0;
  let text = '';
  for (const f of p.operands) {
    const st = deref ? yield* sys.stat(f) : yield* sys.lstat(f);
    if (typeof st === 'number') {
      if (text) {
        yield* writeAll(sys, 1, text);
        text = '';
      }
      yield* errMsg(ctx, `cannot statx ${qa(f)}`, -st);
      status = 1;
      continue;
    }
    let linkTarget: string | undefined;
    if (isLnk(st)) {
      const t = yield* sys.readlink(f);
      if (typeof t === 'string') linkTarget = t;
    }
    const t = st.mode & S_IFMT;
    const use =
      fmt ?? DEFAULT_FMT + (t === S_IFCHR || t === S_IFBLK ? DEV_LINE_SPECIAL : DEV_LINE) + TAIL_FMT;
    text += statFormat(use, {
      name: f, st, linkTarget,
      userName: db.userByUid(st.uid)?.name ?? 'UNKNOWN',
      groupName: db.groupByGid(st.gid)?.name ?? 'UNKNOWN',
    });
  }
  if (text) yield* writeAll(sys, 1, toBytes(text));
  return status;
}

