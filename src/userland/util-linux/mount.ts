// mount and umount (util-linux 2.38.1 with libmount): list /proc/self/mountinfo, translate -o
// option strings into mount(2) flags and filesystem data the way libmount's optmap does, call
// mount(2)/umount2(2) in the same sequence libmount does (checked with strace: a bind mount with
// vfs flags is followed by a MS_REMOUNT|MS_BIND, propagation flags get their own calls, a remount
// merges the options of the mount table entry), and turn errno into libmount's messages
// ("mount: /x: mount point does not exist." + the dmesg hint, exit status 32).
import type { Sys, SysCall, Program, Stat } from '../../kernel/syscall';
import {
  MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_SYNCHRONOUS, MS_REMOUNT, MS_MANDLOCK, MS_DIRSYNC,
  MS_NOSYMFOLLOW, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_MOVE, MS_REC, MS_SILENT, MS_UNBINDABLE,
  MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_RELATIME, MS_STRICTATIME, MS_LAZYTIME, MNT_FORCE, MNT_DETACH,
  O_RDONLY, S_IFMT, S_IFDIR, S_IFLNK, S_IFREG, S_IFBLK, CLONE_NEWNS,
  EPERM, EBUSY, ENOENT, ENOTDIR, EINVAL, EMFILE, EIO, ENODEV, ENOTBLK, ENXIO, EACCES, EROFS, strerror,
} from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import { shortName, warnx, warnErrno, usageError, helpText, versionText, parseUnsigned } from './unshare';

// libmount exit codes (libmount.h)
const MNT_EX_SUCCESS = 0;
const MNT_EX_USAGE = 1;
const MNT_EX_SYSERR = 2;
const MNT_EX_FAIL = 32;

const MS_I_VERSION = 1 << 23;
const MS_PROPAGATION = MS_SHARED | MS_SLAVE | MS_UNBINDABLE | MS_PRIVATE;
/** flags a bind mount can change with a MS_REMOUNT|MS_BIND afterwards (MNT_BIND_SETTABLE) */
const BIND_SETTABLE = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_RDONLY | MS_NOSYMFOLLOW;

// ---------------------------------------------------------------------------------------------
// the mount table

export interface MountEntry {
  id: number;
  parent: number;
  root: string;
  target: string;
  vfsOpts: string;
  fstype: string;
  source: string;
  fsOpts: string;
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** /proc/self/mountinfo lines (proc(5)); falls back to /proc/self/mounts like libmount. */
export function* readMountTable(sys: Sys): SysCall<MountEntry[]> {
  const out: MountEntry[] = [];
  const mi = yield* readFile(sys, '/proc/self/mountinfo');
  if (typeof mi === 'string') {
    for (const line of mi.split('\n')) {
      if (!line) continue;
      const f = line.split(' ');
      const dash = f.indexOf('-', 6);
      if (f.length < 10 || dash < 0) continue;
      out.push({
        id: Number(f[0]),
        parent: Number(f[1]),
        root: unescape(f[3]!),
        target: unescape(f[4]!),
        vfsOpts: f[5]!,
        fstype: f[dash + 1]!,
        source: unescape(f[dash + 2] ?? 'none'),
        fsOpts: f[dash + 3] ?? '',
      });
    }
    return out;
  }
  const m = yield* readFile(sys, '/proc/self/mounts');
  if (typeof m !== 'string') return out;
  let id = 0;
  for (const line of m.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    out.push({
      id: ++id, parent: 0, root: '/', target: unescape(f[1]!), vfsOpts: f[3]!, fstype: f[2]!,
      source: unescape(f[0]!), fsOpts: '',
    });
  }
  return out;
}

/** mnt_fs_strdup_options(): VFS and superblock options merged, one rw/ro first. */
export function mergeOptions(vfs: string, fs: string): string {
  if (!fs) return vfs;
  if (!vfs) return fs;
  if (vfs === fs) return vfs;
  let ro = false;
  const rest: string[] = [];
  for (const o of [...vfs.split(','), ...fs.split(',')]) {
    if (o === 'ro') ro = true;
    else if (o !== 'rw' && o) rest.push(o);
  }
  return [ro ? 'ro' : 'rw', ...rest].join(',');
}

/** mnt_match_fstype(): "a,b" matches either; "noa,nob" matches neither; a leading "no" negates the list. */
function matchFstype(type: string, pattern: string): boolean {
  const neg = pattern.startsWith('no');
  const list = pattern.split(',').map((t) => (neg && t.startsWith('no') ? t.slice(2) : t));
  const hit = list.includes(type);
  return neg ? !hit : hit;
}

/**
 * mnt_match_options(): every item of the pattern must be in the option string; "noX" also matches
 * when X is absent, "+noX" only when "noX" itself is there.
 */
function matchOptions(optstr: string, pattern: string): boolean {
  const have = new Set(optstr.split(','));
  for (const p of pattern.split(',')) {
    if (!p) continue;
    if (p.startsWith('+')) {
      if (!have.has(p.slice(1))) return false;
    } else if (!have.has(p) && !(p.startsWith('no') && !have.has(p.slice(2)))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// paths

const isType = (st: Stat, t: number): boolean => (st.mode & S_IFMT) === t;

/** realpath(3) through lstat/readlink; undefined when a component does not exist. */
export function* canonicalize(sys: Sys, path: string): SysCall<string | undefined> {
  let abs = path;
  if (!abs.startsWith('/')) {
    const cwd = yield* sys.getcwd();
    if (typeof cwd === 'number') return undefined;
    abs = cwd.replace(/\/$/, '') + '/' + abs;
  }
  const todo = abs.split('/').filter((c) => c);
  const done: string[] = [];
  let links = 0;
  while (todo.length) {
    const c = todo.shift()!;
    if (c === '.') continue;
    if (c === '..') {
      done.pop();
      continue;
    }
    const cur = '/' + [...done, c].join('/');
    const st = yield* sys.lstat(cur);
    if (typeof st === 'number') return undefined;
    if (isType(st, S_IFLNK)) {
      if (++links > 40) return undefined;
      const t = yield* sys.readlink(cur);
      if (typeof t === 'number') return undefined;
      if (t.startsWith('/')) done.length = 0;
      todo.unshift(...t.split('/').filter((x) => x));
      continue;
    }
    if (todo.length && !isType(st, S_IFDIR)) return undefined;
    done.push(c);
  }
  return '/' + done.join('/');
}

/** The path canonicalized when possible, else as given (libmount keeps the original string). */
function* canon(sys: Sys, path: string, enabled: boolean): SysCall<string> {
  if (!enabled) return path;
  return (yield* canonicalize(sys, path)) ?? path;
}

// ---------------------------------------------------------------------------------------------
// mount options (libmount optmap.c)

const FLAG_OPTS: Readonly<Record<string, [number, boolean]>> = {
  ro: [MS_RDONLY, false], rw: [MS_RDONLY, true],
  exec: [MS_NOEXEC, true], noexec: [MS_NOEXEC, false],
  suid: [MS_NOSUID, true], nosuid: [MS_NOSUID, false],
  dev: [MS_NODEV, true], nodev: [MS_NODEV, false],
  sync: [MS_SYNCHRONOUS, false], async: [MS_SYNCHRONOUS, true],
  dirsync: [MS_DIRSYNC, false],
  remount: [MS_REMOUNT, false],
  bind: [MS_BIND, false], rbind: [MS_BIND | MS_REC, false],
  silent: [MS_SILENT, false], loud: [MS_SILENT, true],
  mand: [MS_MANDLOCK, false], nomand: [MS_MANDLOCK, true],
  atime: [MS_NOATIME, true], noatime: [MS_NOATIME, false],
  iversion: [MS_I_VERSION, false], noiversion: [MS_I_VERSION, true],
  diratime: [MS_NODIRATIME, true], nodiratime: [MS_NODIRATIME, false],
  relatime: [MS_RELATIME, false], norelatime: [MS_RELATIME, true],
  strictatime: [MS_STRICTATIME, false], nostrictatime: [MS_STRICTATIME, true],
  lazytime: [MS_LAZYTIME, false], nolazytime: [MS_LAZYTIME, true],
  nosymfollow: [MS_NOSYMFOLLOW, false], symfollow: [MS_NOSYMFOLLOW, true],
  unbindable: [MS_UNBINDABLE, false], runbindable: [MS_UNBINDABLE | MS_REC, false],
  private: [MS_PRIVATE, false], rprivate: [MS_PRIVATE | MS_REC, false],
  slave: [MS_SLAVE, false], rslave: [MS_SLAVE | MS_REC, false],
  shared: [MS_SHARED, false], rshared: [MS_SHARED | MS_REC, false],
  defaults: [0, false],
};

/** Userspace options (mount(8) and helpers consume them; never passed to the kernel). */
function isUserspaceOpt(name: string): boolean {
  return (
    ['auto', 'noauto', 'user', 'nouser', 'users', 'owner', 'noowner', 'group', 'nogroup', '_netdev', 'nofail', 'loop']
      .includes(name.replace(/=.*$/, '')) ||
    /^(comment|uhelper|helper|offset|sizelimit|encryption)=/.test(name) ||
    /^[xX]-/.test(name)
  );
}

interface ParsedOpts {
  flags: number;
  /** bits the options turned off (rw, exec, ...): a remount applies them over the table's flags */
  clearBits: number;
  /** propagation flags in the order given (each is its own mount(2) call) */
  propagation: number[];
  data: string[];
  mkdir: boolean;
}

function parseOptions(list: string, into: ParsedOpts): void {
  for (const o of list.split(',')) {
    if (!o) continue;
    const f = FLAG_OPTS[o];
    if (f) {
      const [bits, inv] = f;
      if (bits & MS_PROPAGATION) {
        into.propagation.push(bits);
        continue;
      }
      if (inv) {
        into.flags &= ~bits;
        into.clearBits |= bits;
      } else {
        into.flags |= bits;
        into.clearBits &= ~bits;
      }
      continue;
    }
    if (o === 'X-mount.mkdir' || o.startsWith('X-mount.mkdir=')) into.mkdir = true;
    if (isUserspaceOpt(o)) continue;
    into.data.push(o);
  }
}

// ---------------------------------------------------------------------------------------------
// libmount's messages for a failed mount(2)

interface MountCtx {
  source: string | undefined;
  target: string;
  fstype: string | undefined;
  flags: number;
  /** the failing call was a propagation change or the remount that applies a bind's flags */
  applyFlags: boolean;
}

function* statOk(sys: Sys, path: string | undefined): SysCall<Stat | undefined> {
  if (path === undefined) return undefined;
  const st = yield* sys.stat(path);
  return typeof st === 'number' ? undefined : st;
}

/** mnt_context_get_mount_excode(): the text after "mount: TARGET: " for a mount(2) errno. */
function* mountErrorText(sys: Sys, c: MountCtx, errno: number, euid: number): SysCall<string> {
  const src = c.source;
  const tgt = c.target;
  const generic = `mount(2) system call failed: ${strerror(errno)}`;
  switch (errno) {
    case EPERM: {
      if (euid !== 0) return 'must be superuser to use mount';
      const st = yield* statOk(sys, tgt);
      return !st || !isType(st, S_IFDIR) ? 'mount point is not a directory' : 'permission denied';
    }
    case EBUSY: {
      if (c.flags & MS_REMOUNT) return 'mount point is busy';
      if (src) {
        const tab = yield* readMountTable(sys);
        if (tab.some((e) => e.source === src && e.target === tgt)) return `${src} already mounted on ${tgt}`;
        return `${src} already mounted or mount point busy`;
      }
      return generic;
    }
    case ENOENT: {
      const l = yield* sys.lstat(tgt);
      if (typeof l === 'number') return 'mount point does not exist';
      if (!(yield* statOk(sys, tgt))) return 'mount point is a symbolic link to nowhere';
      if (src && !(yield* statOk(sys, src))) return `special device ${src} does not exist`;
      return generic;
    }
    case ENOTDIR: {
      const st = yield* statOk(sys, tgt);
      if (!st || !isType(st, S_IFDIR)) return 'mount point is not a directory';
      if (src) {
        const s = yield* sys.stat(src);
        if (s === -ENOTDIR) return `special device ${src} does not exist (a path prefix is not a directory)`;
      }
      return generic;
    }
    case EINVAL:
      if (c.flags & MS_REMOUNT) return 'mount point not mounted or bad option';
      if (c.applyFlags) return 'not mount point or bad option';
      return `wrong fs type, bad option, bad superblock on ${src ?? 'none'}, missing codepage or helper program, or other error`;
    case EMFILE:
      return 'mount table full';
    case EIO:
      return `can't read superblock on ${src ?? 'none'}`;
    case ENODEV:
      return c.fstype ? `unknown filesystem type '${c.fstype}'` : 'unknown filesystem type';
    case ENOTBLK: {
      const st = yield* statOk(sys, src);
      if (!st) return `${src ?? ''} is not a block device, and stat(2) fails?`;
      if (isType(st, S_IFBLK)) return `the kernel does not recognize ${src ?? ''} as a block device; maybe "modprobe driver" is necessary`;
      if (isType(st, S_IFREG)) return `${src ?? ''} is not a block device; try "-o loop"`;
      return `${src ?? ''} is not a block device`;
    }
    case ENXIO:
      return `${src ?? ''} is not a valid block device`;
    case EACCES:
    case EROFS:
      if (c.flags & MS_RDONLY) return `cannot mount ${src ?? ''} read-only`;
      if (c.flags & MS_REMOUNT) return `cannot remount ${src ?? ''} read-write, is write-protected`;
      if (c.flags & MS_BIND) return `bind ${src ?? ''} failed`;
      return generic;
    default:
      return generic;
  }
}

/** -N, --namespace: a pid or the file of another mount namespace; true on failure (message printed). */
function* enterMountNs(sys: Sys, prog: string, ns: string): SysCall<boolean> {
  const pid = parseUnsigned(ns);
  const path = pid !== undefined ? `/proc/${pid}/ns/mnt` : ns;
  const fd = yield* sys.open(path, O_RDONLY);
  const r = fd < 0 ? fd : yield* sys.setns(fd, CLONE_NEWNS);
  if (fd >= 0) yield* sys.close(fd);
  if (r >= 0) return false;
  yield* warnErrno(sys, prog, `failed to set target namespace to ${path}`, -r);
  return true;
}

// ---------------------------------------------------------------------------------------------
// mount

interface MountRun {
  sys: Sys;
  prog: string;
  euid: number;
  fake: boolean;
  verbose: boolean;
}

/** One mount(2); on failure print libmount's message and return MNT_EX_FAIL. */
function* doMount(r: MountRun, c: MountCtx, data: string): SysCall<number> {
  if (r.fake) return MNT_EX_SUCCESS;
  const rc = yield* r.sys.mount(c.source ?? 'none', c.target, c.fstype ?? null, c.flags, data);
  if (rc >= 0) return MNT_EX_SUCCESS;
  yield* mountFailed(r, c, -rc);
  return MNT_EX_FAIL;
}

/** mk_exit_code(): "mount: TARGET: message." and the dmesg hint of a failed mount(2). */
function* mountFailed(r: MountRun, c: MountCtx, errno: number): SysCall<void> {
  const text = yield* mountErrorText(r.sys, c, errno, r.euid);
  yield* writeAll(
    r.sys,
    2,
    `${r.prog}: ${c.target}: ${text}.\n       dmesg(1) may have more information after failed mount system call.\n`,
  );
}

interface MountRequest {
  source: string | undefined;
  target: string;
  types: string | undefined;
  opts: ParsedOpts;
  canonicalize: boolean;
}

/** mnt_context_mount() for one source/target. */
function* mountOne(r: MountRun, q: MountRequest): SysCall<number> {
  const { sys } = r;
  let flags = q.opts.flags;
  let data = q.opts.data;
  const target = yield* canon(sys, q.target, q.canonicalize);
  if (q.opts.mkdir && !(flags & (MS_REMOUNT | MS_MOVE)) && (yield* sys.stat(target)) === -ENOENT) {
    let path = '';
    for (const comp of target.split('/').filter((x) => x)) {
      path += '/' + comp;
      const st = yield* sys.stat(path);
      if (st === -ENOENT) {
        const m = yield* sys.mkdir(path, 0o755);
        if (m < 0) {
          yield* warnErrno(sys, r.prog, `${target}: failed to mkdir`, -m);
          return MNT_EX_FAIL;
        }
      }
    }
  }

  // propagation only: one mount("none", target, NULL, flag) per flag
  if (q.opts.propagation.length && !(flags & ~(MS_REC | MS_SILENT)) && !q.types) {
    for (const pf of q.opts.propagation) {
      const rc = yield* doMount(r, { source: 'none', target, fstype: undefined, flags: pf, applyFlags: true }, '');
      if (rc) return rc;
    }
    if (r.verbose) yield* writeAll(sys, 1, `${r.prog}: ${target} propagation flags changed.\n`);
    return MNT_EX_SUCCESS;
  }

  if (flags & MS_REMOUNT) {
    // merge the options of the mount table entry (vfs flags; fs options unless MS_BIND)
    const tab = yield* readMountTable(sys);
    const ent = [...tab].reverse().find((e) => e.target === target);
    const merged: ParsedOpts = newOpts();
    if (ent) {
      parseOptions(ent.vfsOpts, merged);
      if (!(flags & MS_BIND)) {
        for (const o of ent.fsOpts.split(',')) if (o && o !== 'rw' && o !== 'ro') merged.data.push(o);
      }
    }
    // the command line's options win over the table's
    flags = (merged.flags & ~q.opts.clearBits) | q.opts.flags;
    data = flags & MS_BIND ? [] : [...merged.data, ...q.opts.data];
    const src = ent ? ent.source : (q.source ?? 'none');
    const fstype = ent?.fstype;
    const rc = yield* doMount(r, { source: src, target, fstype, flags, applyFlags: false }, data.join(','));
    if (rc) return rc;
    if (r.verbose) yield* writeAll(sys, 1, `${r.prog}: ${src} mounted on ${target}.\n`);
    return MNT_EX_SUCCESS;
  }

  if (flags & (MS_BIND | MS_MOVE)) {
    const source = yield* canon(sys, q.source ?? '', q.canonicalize);
    const first = flags & MS_MOVE ? MS_MOVE : flags & ~MS_REMOUNT;
    let rc = yield* doMount(r, { source, target, fstype: undefined, flags: first, applyFlags: false }, '');
    if (rc) return rc;
    for (const pf of q.opts.propagation) {
      rc = yield* doMount(r, { source: 'none', target, fstype: undefined, flags: pf, applyFlags: true }, '');
      if (rc) return rc;
    }
    if (flags & MS_BIND && flags & BIND_SETTABLE) {
      const rf = MS_REMOUNT | MS_BIND | (flags & BIND_SETTABLE);
      rc = yield* doMount(r, { source: 'none', target, fstype: undefined, flags: rf, applyFlags: true }, '');
      if (rc) return rc;
    }
    if (r.verbose) {
      const what = flags & MS_MOVE ? 'moved to' : 'bound on';
      yield* writeAll(sys, 1, `${r.prog}: ${source} ${what} ${target}.\n`);
    }
    return MNT_EX_SUCCESS;
  }

  // a new mount: with -t try each listed type; without it (or "auto") libmount would probe the
  // device with blkid, and the pseudo sources of the simulated machine are never devices
  const source = q.source ?? 'none';
  let types = q.types && q.types !== 'auto' ? q.types.split(',').filter((t) => t) : [];
  if (types.length && types.every((t) => t.startsWith('no'))) types = [];
  if (types.length === 0) {
    const st = yield* sys.stat(source);
    const errno = typeof st === 'number' ? ENOENT : isType(st, S_IFBLK) ? ENODEV : ENOTBLK;
    yield* mountFailed(r, { source, target, fstype: undefined, flags, applyFlags: false }, errno);
    return MNT_EX_FAIL;
  }
  // only ENODEV moves on to the next type; the last type's error (or the first other one) is reported
  let rc = MNT_EX_FAIL;
  for (let i = 0; i < types.length; i++) {
    const fstype = types[i]!;
    const k = r.fake ? 0 : yield* sys.mount(source, target, fstype, flags, data.join(','));
    if (k >= 0) {
      rc = MNT_EX_SUCCESS;
      break;
    }
    if (k === -ENODEV && i < types.length - 1) continue;
    yield* mountFailed(r, { source, target, fstype, flags, applyFlags: false }, -k);
    return MNT_EX_FAIL;
  }
  if (rc) return rc;
  for (const pf of q.opts.propagation) {
    rc = yield* doMount(r, { source: 'none', target, fstype: undefined, flags: pf, applyFlags: true }, '');
    if (rc) return rc;
  }
  if (r.verbose) yield* writeAll(sys, 1, `${r.prog}: ${source} mounted on ${target}.\n`);
  return MNT_EX_SUCCESS;
}

function newOpts(): ParsedOpts {
  return { flags: 0, clearBits: 0, propagation: [], data: [], mkdir: false };
}

interface FstabEntry {
  source: string;
  target: string;
  type: string;
  options: string;
}

function* readFstab(sys: Sys, path: string): SysCall<FstabEntry[]> {
  const t = yield* readFile(sys, path);
  if (typeof t !== 'string') return [];
  const out: FstabEntry[] = [];
  for (const line of t.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#')) continue;
    const f = l.split(/\s+/);
    if (f.length < 2) continue;
    out.push({ source: unescape(f[0]!), target: unescape(f[1]!), type: f[2] ?? 'auto', options: f[3] ?? 'defaults' });
  }
  return out;
}

export function* mount(sys: Sys, argv: string[], envp: string[]): Program {
  void envp;
  const argv0 = argv[0] ?? 'mount';
  const prog = shortName(argv0, 'mount');
  const p = getopt(argv.slice(1), 'aBcfFhilL:Mno:O:rRsU:vVwt:T:N:m::', [
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'fake', arg: 'none', key: 'f' },
    { name: 'fstab', arg: 'required', key: 'T' },
    { name: 'fork', arg: 'none', key: 'F' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'no-mtab', arg: 'none', key: 'n' },
    { name: 'read-only', arg: 'none', key: 'r' },
    { name: 'ro', arg: 'none', key: 'r' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'read-write', arg: 'none', key: 'w' },
    { name: 'rw', arg: 'none', key: 'w' },
    { name: 'options', arg: 'required', key: 'o' },
    { name: 'test-opts', arg: 'required', key: 'O' },
    { name: 'types', arg: 'required', key: 't' },
    { name: 'uuid', arg: 'required', key: 'U' },
    { name: 'label', arg: 'required', key: 'L' },
    { name: 'bind', arg: 'none', key: 'B' },
    { name: 'move', arg: 'none', key: 'M' },
    { name: 'rbind', arg: 'none', key: 'R' },
    { name: 'make-shared', arg: 'none', key: 'make-shared' },
    { name: 'make-slave', arg: 'none', key: 'make-slave' },
    { name: 'make-private', arg: 'none', key: 'make-private' },
    { name: 'make-unbindable', arg: 'none', key: 'make-unbindable' },
    { name: 'make-rshared', arg: 'none', key: 'make-rshared' },
    { name: 'make-rslave', arg: 'none', key: 'make-rslave' },
    { name: 'make-rprivate', arg: 'none', key: 'make-rprivate' },
    { name: 'make-runbindable', arg: 'none', key: 'make-runbindable' },
    { name: 'mkdir', arg: 'optional', key: 'm' },
    { name: 'no-canonicalize', arg: 'none', key: 'c' },
    { name: 'internal-only', arg: 'none', key: 'i' },
    { name: 'show-labels', arg: 'none', key: 'l' },
    { name: 'sloppy', arg: 'none', key: 's' },
    { name: 'source', arg: 'required', key: 'source' },
    { name: 'target', arg: 'required', key: 'target' },
    { name: 'target-prefix', arg: 'required', key: 'target-prefix' },
    { name: 'namespace', arg: 'required', key: 'N' },
    { name: 'options-mode', arg: 'required', key: 'options-mode' },
    { name: 'options-source', arg: 'required', key: 'options-source' },
    { name: 'options-source-force', arg: 'none', key: 'options-source-force' },
  ]);
  const euid = yield* sys.geteuid();
  const run: MountRun = { sys, prog, euid, fake: false, verbose: false };
  const opts: ParsedOpts = newOpts();
  let optstr = '';
  let types: string | undefined;
  let all = false;
  let canonicalize = true;
  let source: string | undefined;
  let target: string | undefined;
  let targetPrefix = '';
  let oper = false;
  let fstabPath = '/etc/fstab';
  let nsPath: string | undefined;
  let testOpts: string | undefined;
  const addOpt = (o: string): void => {
    optstr = optstr ? `${optstr},${o}` : o;
  };
  const makeOps: Record<string, string> = {
    'make-shared': 'shared', 'make-slave': 'slave', 'make-private': 'private', 'make-unbindable': 'unbindable',
    'make-rshared': 'rshared', 'make-rslave': 'rslave', 'make-rprivate': 'rprivate', 'make-runbindable': 'runbindable',
  };
  for (const [k, v] of p.opts) {
    if (makeOps[k]) {
      addOpt(makeOps[k]);
      oper = true;
      continue;
    }
    switch (k) {
      case 'h':
        yield* writeAll(sys, 1, helpText('mount', prog));
        return MNT_EX_SUCCESS;
      case 'V':
        yield* writeAll(sys, 1, versionText('mount', prog));
        return MNT_EX_SUCCESS;
      case 'a': all = true; break;
      case 'c': canonicalize = false; break;
      case 'f': run.fake = true; break;
      case 'o': addOpt(v!); break;
      case 'r': addOpt('ro'); break;
      case 'w': addOpt('rw'); break;
      case 'v': run.verbose = true; break;
      case 't': types = v; break;
      case 'T': fstabPath = v!; break;
      case 'L': source = `LABEL=${v!}`; break;
      case 'U': source = `UUID=${v!}`; break;
      case 'B': addOpt('bind'); oper = true; break;
      case 'M': opts.flags |= MS_MOVE; oper = true; break;
      case 'R': addOpt('rbind'); oper = true; break;
      case 'm': addOpt(v ? `X-mount.mkdir=${v}` : 'X-mount.mkdir'); break;
      case 'source': source = v; break;
      case 'target': target = v; break;
      case 'target-prefix': targetPrefix = v!; break;
      case 'N': nsPath = v; break;
      case 'O': testOpts = v; break;
      default: break; // -F -i -l -n -s --options-*: nothing to do here
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv0, prog, p.message);
  parseOptions(optstr, opts);

  if (nsPath !== undefined && (yield* enterMountNs(sys, prog, nsPath))) return MNT_EX_SYSERR;

  const args = p.operands;
  if (!source && !target && args.length === 0 && !all) {
    if (oper || optstr) {
      yield* writeAll(sys, 2, `${prog}: bad usage\nTry '${prog} --help' for more information.\n`);
      return MNT_EX_USAGE;
    }
    return yield* listMounts(sys, types);
  }
  if (oper && (types || all || source)) {
    yield* writeAll(sys, 2, `${prog}: bad usage\nTry '${prog} --help' for more information.\n`);
    return MNT_EX_USAGE;
  }

  if (all) return yield* mountAll(run, fstabPath, types, testOpts, opts, canonicalize);

  let fromFstab = false;
  if (args.length === 0 && (source || target)) {
    fromFstab = !(source && target);
  } else if (args.length === 1 && (!source || !target)) {
    if (source) target = args[0];
    else if (target) source = args[0];
    else target = args[0];
    fromFstab = !(source && target);
  } else if (args.length === 2 && !source && !target) {
    source = args[0];
    target = args[1];
  } else {
    yield* writeAll(sys, 2, `${prog}: bad usage\nTry '${prog} --help' for more information.\n`);
    return MNT_EX_USAGE;
  }

  const propagationOnly = opts.propagation.length > 0 && !(opts.flags & ~(MS_REC | MS_SILENT)) && !types;
  if (fromFstab && !propagationOnly && !(opts.flags & MS_REMOUNT)) {
    // "mount DIR" / "mount DEV": the rest comes from fstab
    const spec = (target ?? source)!;
    const tab = yield* readFstab(sys, fstabPath);
    const canonSpec = yield* canon(sys, spec, canonicalize);
    const ent = tab.find((e) => e.target === spec || e.target === canonSpec) ?? tab.find((e) => e.source === spec);
    if (!ent) {
      if (/^(LABEL|UUID)=/.test(spec)) {
        const [tag, val] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
        yield* warnx(sys, prog, `${target ?? spec}: can't find ${tag}="${val}".`);
        return MNT_EX_USAGE;
      }
      yield* warnx(sys, prog, `${spec}: can't find in ${fstabPath}.`);
      return MNT_EX_USAGE;
    }
    const merged: ParsedOpts = newOpts();
    parseOptions(ent.options, merged);
    parseOptions(optstr, merged);
    return yield* mountOne(run, {
      source: ent.source, target: targetPrefix + ent.target, types: types ?? ent.type, opts: merged, canonicalize,
    });
  }
  if (source && /^(LABEL|UUID)=/.test(source) && target) {
    const [tag, val] = [source.slice(0, source.indexOf('=')), source.slice(source.indexOf('=') + 1)];
    yield* warnx(sys, prog, `${target}: can't find ${tag}="${val}".`);
    return MNT_EX_USAGE;
  }
  return yield* mountOne(run, { source, target: targetPrefix + (target ?? ''), types, opts, canonicalize });
}

/** mount with no arguments: "SRC on TARGET type FSTYPE (OPTIONS)" for each mount, -t filtering. */
function* listMounts(sys: Sys, types: string | undefined): SysCall<number> {
  const tab = yield* readMountTable(sys);
  let out = '';
  for (const e of tab) {
    if (types && !matchFstype(e.fstype, types)) continue;
    out += `${e.source} on ${e.target} type ${e.fstype} (${mergeOptions(e.vfsOpts, e.fsOpts)})\n`;
  }
  if (out) yield* writeAll(sys, 1, out);
  return MNT_EX_SUCCESS;
}

/** mount -a: every fstab entry not marked noauto and not mounted yet. */
function* mountAll(
  r: MountRun,
  fstabPath: string,
  types: string | undefined,
  testOpts: string | undefined,
  cmd: ParsedOpts,
  canonicalize: boolean,
): SysCall<number> {
  const tab = yield* readFstab(r.sys, fstabPath);
  const mounted = yield* readMountTable(r.sys);
  let rc = MNT_EX_SUCCESS;
  for (const e of tab) {
    if (e.options.split(',').includes('noauto') || e.type === 'swap' || e.target === 'none') continue;
    if (types && !matchFstype(e.type, types)) continue;
    if (testOpts && !matchOptions(e.options, testOpts)) continue;
    if (mounted.some((m) => m.target === e.target && (m.source === e.source || e.target === '/'))) {
      if (r.verbose) yield* writeAll(r.sys, 1, `${e.target.padEnd(25)}: already mounted\n`);
      continue;
    }
    const o: ParsedOpts = newOpts();
    parseOptions(e.options, o);
    o.flags |= cmd.flags;
    o.data.push(...cmd.data);
    const one = yield* mountOne({ ...r, verbose: false }, { source: e.source, target: e.target, types: e.type, opts: o, canonicalize });
    if (one) rc = MNT_EX_FAIL;
    else if (r.verbose) yield* writeAll(r.sys, 1, `${e.target.padEnd(25)}: successfully mounted\n`);
  }
  return rc;
}

// ---------------------------------------------------------------------------------------------
// umount

/** mnt_context_get_umount_excode() texts for umount2(2) errors. */
function umountErrorText(errno: number): string {
  switch (errno) {
    case ENXIO: return 'invalid block device';
    case EINVAL: return 'not mounted';
    case EIO: return "can't write superblock";
    case EBUSY: return 'target is busy';
    case ENOENT: return 'no mount point specified';
    case EPERM: return 'must be superuser to unmount';
    case EACCES: return 'block devices are not permitted on filesystem';
    default: return `umount(2) system call failed: ${strerror(errno)}`;
  }
}

interface UmountRun {
  sys: Sys;
  prog: string;
  euid: number;
  flags: number;
  fake: boolean;
  verbose: boolean;
  quiet: boolean;
}

/** umount2 one target; message and MNT_EX_FAIL on failure. */
function* umountTarget(r: UmountRun, tgt: string, src: string | undefined): SysCall<number> {
  const rc = r.fake ? 0 : yield* r.sys.umount2(tgt, r.flags);
  if (rc < 0) {
    if (r.quiet && -rc === EINVAL) return MNT_EX_FAIL;
    yield* writeAll(r.sys, 2, `${r.prog}: ${tgt}: ${umountErrorText(-rc)}.\n`);
    return MNT_EX_FAIL;
  }
  if (r.verbose) yield* writeAll(r.sys, 2, src ? `${r.prog}: ${tgt} (${src}) unmounted\n` : `${r.prog}: ${tgt} unmounted\n`);
  return MNT_EX_SUCCESS;
}

function* umountOne(r: UmountRun, spec: string, recursive: boolean, canonicalize: boolean): SysCall<number> {
  const { sys } = r;
  const path = yield* canon(sys, spec, canonicalize);
  const tab = yield* readMountTable(sys);
  let ent = [...tab].reverse().find((e) => e.target === path);
  let bySource = false;
  if (!ent) {
    ent = [...tab].reverse().find((e) => e.source === spec || e.source === path);
    bySource = ent !== undefined;
  }
  if (recursive) {
    if (!ent) {
      yield* warnx(sys, r.prog, `${path}: not mounted`);
      return MNT_EX_USAGE;
    }
    // children first, deepest and latest first
    const order: MountEntry[] = [];
    const walk = (e: MountEntry): void => {
      for (const c of tab.filter((x) => x.parent === e.id && x.id !== e.id).reverse()) walk(c);
      order.push(e);
    };
    walk(ent);
    for (const e of order) {
      const rc = yield* umountTarget(r, e.target, undefined);
      if (rc) return rc;
    }
    return MNT_EX_SUCCESS;
  }
  if (!ent && r.euid !== 0) {
    // a user's umount looks the target up in the mount table (and fstab) before any syscall
    if (!r.quiet) yield* warnx(sys, r.prog, `${path}: not mounted.`);
    return MNT_EX_USAGE;
  }
  return yield* umountTarget(r, ent ? ent.target : path, bySource ? spec : undefined);
}

const UMOUNT_ALL_SKIP = 'noproc,nodevfs,nodevpts,nosysfs,norpc_pipefs,nonfsd,noselinuxfs';

export function* umount(sys: Sys, argv: string[], envp: string[]): Program {
  void envp;
  const argv0 = argv[0] ?? 'umount';
  const prog = shortName(argv0, 'umount');
  const p = getopt(argv.slice(1), 'aAcdfhilnqRrO:t:vVN:', [
    { name: 'all', arg: 'none', key: 'a' },
    { name: 'all-targets', arg: 'none', key: 'A' },
    { name: 'detach-loop', arg: 'none', key: 'd' },
    { name: 'fake', arg: 'none', key: 'fake' },
    { name: 'force', arg: 'none', key: 'f' },
    { name: 'help', arg: 'none', key: 'h' },
    { name: 'internal-only', arg: 'none', key: 'i' },
    { name: 'lazy', arg: 'none', key: 'l' },
    { name: 'no-canonicalize', arg: 'none', key: 'c' },
    { name: 'no-mtab', arg: 'none', key: 'n' },
    { name: 'quiet', arg: 'none', key: 'q' },
    { name: 'read-only', arg: 'none', key: 'r' },
    { name: 'recursive', arg: 'none', key: 'R' },
    { name: 'test-opts', arg: 'required', key: 'O' },
    { name: 'types', arg: 'required', key: 't' },
    { name: 'verbose', arg: 'none', key: 'v' },
    { name: 'version', arg: 'none', key: 'V' },
    { name: 'namespace', arg: 'required', key: 'N' },
  ]);
  const euid = yield* sys.geteuid();
  const r: UmountRun = { sys, prog, euid, flags: 0, fake: false, verbose: false, quiet: false };
  let all = false;
  let allTargets = false;
  let recursive = false;
  let canonicalize = true;
  let types: string | undefined;
  let testOpts: string | undefined;
  let nsPath: string | undefined;
  for (const [k, v] of p.opts) {
    switch (k) {
      case 'h':
        yield* writeAll(sys, 1, helpText('umount', prog));
        return MNT_EX_SUCCESS;
      case 'V':
        yield* writeAll(sys, 1, versionText('umount', prog));
        return MNT_EX_SUCCESS;
      case 'a': all = true; break;
      case 'A': allTargets = true; break;
      case 'c': canonicalize = false; break;
      case 'f': r.flags |= MNT_FORCE; break;
      case 'l': r.flags |= MNT_DETACH; break;
      case 'fake': r.fake = true; break;
      case 'q': r.quiet = true; break;
      case 'R': recursive = true; break;
      case 'v': r.verbose = true; break;
      case 't': types = v; break;
      case 'N': nsPath = v; break;
      case 'O': testOpts = v; break;
      // -r remounts read-only only when umount(2) fails with EBUSY and a source was given; -d
      // frees loop devices (there are none); -i and -n: no helpers, no mtab
      default: break;
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv0, prog, p.message);
  if (nsPath !== undefined && (yield* enterMountNs(sys, prog, nsPath))) return MNT_EX_SYSERR;
  const args = p.operands;
  if (all) {
    const tab = yield* readMountTable(sys);
    let rc = MNT_EX_SUCCESS;
    for (const e of [...tab].reverse()) {
      const skip =
        e.target === '/' ||
        !matchFstype(e.fstype, UMOUNT_ALL_SKIP) ||
        (types !== undefined && !matchFstype(e.fstype, types)) ||
        (testOpts !== undefined && !matchOptions(mergeOptions(e.vfsOpts, e.fsOpts), testOpts));
      if (skip) {
        if (r.verbose) yield* writeAll(sys, 1, `${e.target.padEnd(25)}: ignored\n`);
        continue;
      }
      const one = yield* umountTarget({ ...r, verbose: false }, e.target, undefined);
      if (one) rc = MNT_EX_FAIL;
      else if (r.verbose) yield* writeAll(sys, 1, `${e.target.padEnd(25)}: successfully unmounted\n`);
    }
    return rc;
  }
  if (args.length === 0) {
    yield* writeAll(sys, 2, `${prog}: bad usage\nTry '${prog} --help' for more information.\n`);
    return MNT_EX_USAGE;
  }
  let rc = 0;
  for (const a of args) {
    if (allTargets) {
      // every mount point of the device or of what is mounted on the directory given
      const path = yield* canon(sys, a, canonicalize);
      const tab = yield* readMountTable(sys);
      const ent = [...tab].reverse().find((e) => e.target === path || e.source === a);
      if (!ent) {
        yield* warnx(sys, prog, `${path}: not mounted.`);
        rc += MNT_EX_USAGE;
        continue;
      }
      let one = MNT_EX_SUCCESS;
      for (const e of [...tab].reverse().filter((x) => x.source === ent.source && x.fstype === ent.fstype)) {
        one = yield* umountOne(r, e.target, recursive, false);
        if (one) break;
      }
      rc += one;
      continue;
    }
    rc += yield* umountOne(r, a, recursive, canonicalize);
  }
  return Math.min(rc, 255);
}
