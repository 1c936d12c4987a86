// unshare (util-linux 2.38.1): unshare(2) the namespaces asked for, optionally fork, set up the
// new namespaces from inside (uid/gid maps, mount propagation, a fresh /proc) and exec a program
// ($SHELL as a login shell by default). The order of the syscalls is the real tool's (checked with
// strace): unshare → [block INT/TERM, fork, parent waits] → pdeathsig → uid_map → setgroups deny →
// gid_map → --setgroups → propagation of / → chroot/chdir → proc mount → setgid/setuid → exec.
//
// Also holds the small libc/util-linux helpers nsenter, lsns and mount share (err(3), errexec,
// strtoul_or_err, exec_shell).
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import {
  CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWCGROUP,
  CLONE_NEWTIME, MS_REC, MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND,
  O_WRONLY, ENOENT, EINTR, EINVAL, SIGINT, SIGTERM, SIGKILL, SIGSTOP, SIGCHLD, SIG_BLOCK,
  SIG_SETMASK, SIG_UNBLOCK, PR_SET_PDEATHSIG, SIGNAL_NAMES, SIGNAL_ALIASES,
  WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, strerror,
} from '../../kernel/syscall';
import { writeAll, readFile } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import { execvp, envGet } from '../lib/execvp';
import { loadIdDb } from '../lib/passwd';
import { HELP, VERSION } from './gnu-texts';

// ---------------------------------------------------------------------------------------------
// shared helpers (util-linux's c.h / strutils.c / exec_shell.c as the tools use them)

/** program_invocation_short_name */
export function shortName(argv0: string | undefined, dflt: string): string {
  const a = argv0 ?? dflt;
  const s = a.slice(a.lastIndexOf('/') + 1);
  return s || dflt;
}

/** errx(3)/warnx(3): "prog: msg" on stderr. */
export function* warnx(sys: Sys, prog: string, msg: string): SysCall<void> {
  yield* writeAll(sys, 2, `${prog}: ${msg}\n`);
}

/** err(3)/warn(3) with an errno: "prog: msg: strerror". */
export function* warnErrno(sys: Sys, prog: string, msg: string, errno: number): SysCall<void> {
  yield* writeAll(sys, 2, `${prog}: ${msg}: ${strerror(errno)}\n`);
}

/** getopt's own diagnostic (prefixed with argv[0] as typed) + errtryhelp(). Returns 1. */
export function* usageError(sys: Sys, argv0: string, short: string, message: string): SysCall<number> {
  yield* writeAll(sys, 2, `${argv0}: ${message}\nTry '${short} --help' for more information.\n`);
  return 1;
}

/** The --help / --version texts with the program name as invoked. */
export function helpText(name: string, short: string): string {
  return (HELP[name] ?? '').split(`\n ${name} `).join(`\n ${short} `);
}
export function versionText(name: string, short: string): string {
  return (VERSION[name] ?? '').replace(new RegExp(`^${name} `), `${short} `);
}

/**
 * strtoul_or_err(): a base-10 unsigned number (leading blanks and '+' allowed, as strtoumax), or
 * undefined for anything else (util-linux rejects '-' and trailing junk).
 */
export function parseUnsigned(s: string): number | undefined {
  if (!/^[ \t\n]*\+?[0-9]+$/.test(s)) return undefined;
  const n = Number(s.trim().replace(/^\+/, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** strtos64_or_err(): a signed base-10 number. */
export function parseSigned(s: string): number | undefined {
  if (!/^[ \t\n]*[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

/** errexec(): "failed to execute NAME: err", status 127 for ENOENT, 126 otherwise. */
export function* errexec(sys: Sys, prog: string, name: string, errno: number): SysCall<number> {
  yield* warnErrno(sys, prog, `failed to execute ${name}`, errno);
  return errno === ENOENT ? 127 : 126;
}

/** execvp(argv[0], argv) or errexec. Returns only on failure, with the exit status. */
export function* execOrFail(sys: Sys, prog: string, argv: string[], envp: string[]): SysCall<number> {
  const r = yield* execvp(sys, argv[0]!, argv, envp);
  return yield* errexec(sys, prog, argv[0]!, -r);
}

/** exec_shell(): $SHELL (default /bin/sh) as a login shell, argv[0] = "-" + basename. */
export function* execShell(sys: Sys, prog: string, envp: string[]): SysCall<number> {
  const shell = envGet(envp, 'SHELL') ?? '/bin/sh';
  const base = shell.slice(shell.lastIndexOf('/') + 1);
  const r = yield* sys.execve(shell, ['-' + base], envp);
  return yield* errexec(sys, prog, shell, -r);
}

/** signame_to_signum(): "KILL", "SIGKILL", "kill" or a number. -1 if unknown. */
export function signameToSignum(s: string): number {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    return n > 0 && n < 65 ? n : -1;
  }
  let u = s.toUpperCase();
  if (u.startsWith('SIG')) u = u.slice(3);
  const i = SIGNAL_NAMES.indexOf(u);
  if (i > 0) return i;
  return SIGNAL_ALIASES[u] ?? -1;
}

const sigbit = (sig: number): number => 2 ** (sig - 1);

/** open(path, O_WRONLY) + write(text) + close; 0 or -errno, and which step failed. */
function* writeProcFile(sys: Sys, path: string, text: string): SysCall<{ step: 'open' | 'write'; errno: number } | null> {
  const fd = yield* sys.open(path, O_WRONLY);
  if (fd < 0) return { step: 'open', errno: -fd };
  const w = yield* writeAll(sys, fd, text);
  yield* sys.close(fd);
  return w < 0 ? { step: 'write', errno: -w } : null;
}

// ---------------------------------------------------------------------------------------------
// unshare

/** /proc/self/ns files unshare can bind-mount to keep a namespace alive (--mount=FILE, ...). */
const NS_FILES: ReadonlyArray<{ type: number; name: string }> = [
  { type: CLONE_NEWUSER, name: 'ns/user' },
  { type: CLONE_NEWCGROUP, name: 'ns/cgroup' },
  { type: CLONE_NEWIPC, name: 'ns/ipc' },
  { type: CLONE_NEWUTS, name: 'ns/uts' },
  { type: CLONE_NEWNET, name: 'ns/net' },
  { type: CLONE_NEWPID, name: 'ns/pid_for_children' },
  { type: CLONE_NEWNS, name: 'ns/mnt' },
  { type: CLONE_NEWTIME, name: 'ns/time_for_children' },
];

const NS_LETTERS: Readonly<Record<string, number>> = {
  m: CLONE_NEWNS, u: CLONE_NEWUTS, i: CLONE_NEWIPC, n: CLONE_NEWNET, p: CLONE_NEWPID, U: CLONE_NEWUSER,
  C: CLONE_NEWCGROUP, T: CLONE_NEWTIME,
};

interface MapRange {
  outer: number;
  inner: number;
  count: number;
}

interface UnshareOpts {
  prog: string;
  flags: number;
  fork: boolean;
  persist: Map<number, string>;
  mapUser: number; // -1: none
  mapGroup: number;
  userMap: MapRange[];
  groupMap: MapRange[];
  setgroups: 'allow' | 'deny' | undefined;
  propagation: number;
  killChild: number;
  procmnt: string | undefined;
  newroot: string | undefined;
  newdir: string | undefined;
  uid: number | undefined;
  gid: number | undefined;
  monotonic: number | undefined;
  boottime: number | undefined;
  realEuid: number;
  realEgid: number;
  cmd: string[];
}

/** read_subid_range(): the first "user:start:count" line of /etc/subuid for the user. */
function* readSubidRange(sys: Sys, o: UnshareOpts, file: string, uid: number): SysCall<MapRange | number> {
  const db = yield* loadIdDb(sys);
  const pw = db.userByUid(uid);
  if (!pw) {
    yield* warnx(sys, o.prog, `you (user ${uid}) don't exist.`);
    return 1;
  }
  const text = yield* readFile(sys, file);
  if (typeof text === 'number') {
    yield* warnErrno(sys, o.prog, `could not open '${file}'`, -text);
    return 1;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3) continue;
    if (f[0] !== pw.name && Number(f[0]) !== pw.uid) continue;
    const outer = parseUnsigned(f[1]!);
    const count = parseUnsigned(f[2]!);
    if (outer === undefined || count === undefined) {
      yield* warnx(sys, o.prog, `failed to parse subid map: '${outer === undefined ? f[1]! : f[2]!}'`);
      return 1;
    }
    return { outer, inner: 0, count };
  }
  // errx() after a successful fopen: glibc's err() appends strerror(0)
  yield* writeAll(sys, 2, `${o.prog}: no line matching user "${pw.name}" in ${file}: Success\n`);
  return 1;
}

/**
 * add_single_map_range(): put "inner outer 1" first and punch a hole for it in the ranges it
 * overlaps (the ids above the hole move up by one).
 */
function addSingleMapRange(chain: MapRange[], outer: number, inner: number): MapRange[] {
  const out: MapRange[] = [{ inner, outer, count: 1 }];
  for (const m0 of chain) {
    const m = { ...m0 };
    if ((outer >= m.outer && outer <= m.outer + m.count) || (inner >= m.inner && inner <= m.inner + m.count)) m.count--;
    const outerOff = Math.min(outer > m.outer ? outer - m.outer : 0, m.count);
    const innerOff = Math.min(inner > m.inner ? inner - m.inner : 0, m.count);
    const lo = { outer: m.outer, inner: m.inner, count: Math.min(innerOff, outerOff) };
    const mid = { outer: lo.outer + lo.count, inner: lo.inner + lo.count, count: Math.abs(outerOff - innerOff) };
    if (mid.outer === outer) mid.outer++;
    if (mid.inner === inner) mid.inner++;
    const hi = { outer: mid.outer + mid.count, inner: mid.inner + mid.count, count: m.count - lo.count - mid.count };
    if (hi.outer === outer) hi.outer++;
    if (hi.inner === inner) hi.inner++;
    if (lo.count) out.push(lo);
    if (mid.count) out.push(mid);
    if (hi.count) out.push(hi);
  }
  return out;
}

/**
 * map_ids_from_child(): a helper child waits until the parent has unshared, then runs newuidmap /
 * newgidmap for the parent's pid (2.38 always uses the setuid helpers for --map-users/--map-groups).
 */
function* idMapHelper(sys: Sys, o: UnshareOpts, ppid: number, rfd: number, envp: string[]): Program {
  const b = yield* sys.read(rfd, 8);
  if (typeof b === 'number' || b.length !== 8) {
    yield* warnErrno(sys, o.prog, 'failed to read eventfd', typeof b === 'number' ? -b : EINVAL);
    return 1;
  }
  yield* sys.close(rfd);
  const run = function* (mapper: string, chain: MapRange[]): SysCall<number> {
    const args = [mapper, String(ppid)];
    for (const m of chain) args.push(String(m.inner), String(m.outer), String(m.count));
    return yield* execOrFail(sys, o.prog, args, envp);
  };
  if (o.userMap.length && o.groupMap.length) {
    const pid = yield* sys.fork(function* () {
      return yield* run('newuidmap', o.userMap);
    });
    if (pid < 0) {
      yield* warnErrno(sys, o.prog, 'fork failed', -pid);
      return 1;
    }
    const st = yield* waitChild(sys, o, pid);
    if (st !== 0) return st;
    return yield* run('newgidmap', o.groupMap);
  }
  if (o.userMap.length) return yield* run('newuidmap', o.userMap);
  return yield* run('newgidmap', o.groupMap);
}

/** waitchild(): wait; a non-zero exit status is returned (the caller exits with it). */
function* waitChild(sys: Sys, o: UnshareOpts, pid: number): SysCall<number> {
  for (;;) {
    const w = yield* sys.wait4(pid, 0);
    if (typeof w === 'number') {
      if (w === -EINTR) continue;
      yield* warnErrno(sys, o.prog, 'waitpid failed', -w);
      return 1;
    }
    if (WIFEXITED(w.status) && WEXITSTATUS(w.status) !== 0) return WEXITSTATUS(w.status);
    return 0;
  }
}

function* mapId(sys: Sys, o: UnshareOpts, file: string, from: number, to: number): SysCall<number> {
  const r = yield* writeProcFile(sys, file, `${from} ${to} 1`);
  if (!r) return 0;
  yield* warnErrno(sys, o.prog, r.step === 'open' ? `cannot open ${file}` : `write failed ${file}`, r.errno);
  return 1;
}

function* setgroupsControl(sys: Sys, o: UnshareOpts, action: 'allow' | 'deny'): SysCall<number> {
  const file = '/proc/self/setgroups';
  const r = yield* writeProcFile(sys, file, action);
  if (!r) return 0;
  if (r.step === 'open' && r.errno === ENOENT) return 0;
  yield* warnErrno(sys, o.prog, r.step === 'open' ? `cannot open ${file}` : `write failed ${file}`, r.errno);
  return 1;
}

/** What runs in the new namespaces: in the forked child with -f, else in unshare itself. */
function* inNamespaces(sys: Sys, o: UnshareOpts, envp: string[]): SysCall<number> {
  if (o.killChild) {
    const r = yield* sys.prctl(PR_SET_PDEATHSIG, o.killChild);
    if (typeof r === 'number' && r < 0) {
      yield* warnErrno(sys, o.prog, 'prctl failed', -r);
      return 1;
    }
  }
  if (o.mapUser !== -1 && !o.userMap.length) {
    const r = yield* mapId(sys, o, '/proc/self/uid_map', o.mapUser, o.realEuid);
    if (r) return r;
  }
  if (o.mapGroup !== -1 && !o.groupMap.length) {
    if (o.setgroups === 'allow') {
      yield* warnx(sys, o.prog, 'options --setgroups=allow and --map-group are mutually exclusive');
      return 1;
    }
    let r = yield* setgroupsControl(sys, o, 'deny');
    if (r) return r;
    r = yield* mapId(sys, o, '/proc/self/gid_map', o.mapGroup, o.realEgid);
    if (r) return r;
  }
  if (o.setgroups) {
    const r = yield* setgroupsControl(sys, o, o.setgroups);
    if (r) return r;
  }
  if (o.flags & CLONE_NEWNS && o.propagation) {
    const r = yield* sys.mount('none', '/', null, o.propagation, '');
    if (r < 0) {
      yield* warnErrno(sys, o.prog, 'cannot change root filesystem propagation', -r);
      return 1;
    }
  }
  if (o.newroot !== undefined) {
    const r = yield* sys.chroot(o.newroot);
    if (r < 0) {
      yield* warnErrno(sys, o.prog, `cannot change root directory to '${o.newroot}'`, -r);
      return 1;
    }
  }
  // after a new root, the working directory is its "/" unless -w says otherwise
  const newdir = o.newdir ?? (o.newroot !== undefined ? '/' : undefined);
  if (newdir !== undefined) {
    const r = yield* sys.chdir(newdir);
    if (r < 0) {
      yield* warnErrno(sys, o.prog, `cannot chdir to '${newdir}'`, -r);
      return 1;
    }
  }
  if (o.procmnt !== undefined) {
    if (o.propagation !== (MS_PRIVATE | MS_REC)) {
      const r = yield* sys.mount('none', o.procmnt, null, MS_PRIVATE | MS_REC, '');
      if (r < 0 && r !== -EINVAL) {
        yield* warnErrno(sys, o.prog, `cannot change ${o.procmnt} filesystem propagation`, -r);
        return 1;
      }
    }
    const r = yield* sys.mount('proc', o.procmnt, 'proc', MS_NOSUID | MS_NOEXEC | MS_NODEV, '');
    if (r < 0) {
      yield* warnErrno(sys, o.prog, `mount ${o.procmnt} failed`, -r);
      return 1;
    }
  }
  if (o.gid !== undefined) {
    // setgroups(0, NULL) is not a syscall of the simulated kernel; setgid is
    const r = yield* sys.setgid(o.gid);
    if (r < 0) {
      yield* warnErrno(sys, o.prog, 'setgid failed', -r);
      return 1;
    }
  }
  if (o.uid !== undefined) {
    const r = yield* sys.setuid(o.uid);
    if (r < 0) {
      yield* warnErrno(sys, o.prog, 'setuid failed', -r);
      return 1;
    }
  }
  if (o.cmd.length) return yield* execOrFail(sys, o.prog, o.cmd, envp);
  return yield* execShell(sys, o.prog, envp);
}

/** bind_ns_files(): keep the new namespaces alive by bind-mounting /proc/PID/ns/TYPE on the files given. */
function* bindNsFiles(sys: Sys, o: UnshareOpts, pid: number): SysCall<number> {
  for (const f of NS_FILES) {
    const target = o.persist.get(f.type);
    if (target === undefined) continue;
    const src = `/proc/${pid}/${f.name}`;
    const r = yield* sys.mount(src, target, null, MS_BIND, '');
    if (r < 0) {
      yield* warnErrno(sys, o.prog, `mount ${src} on ${target} failed`, -r);
      return 1;
    }
  }
  return 0;
}

function* settime(sys: Sys, o: UnshareOpts, offset: number, clk: number): SysCall<number> {
  const path = '/proc/self/timens_offsets';
  const r = yield* writeProcFile(sys, path, `${clk} ${offset} 0`);
  if (!r) return 0;
  yield* warnErrno(sys, o.prog, r.step === 'open' ? `failed to open ${path}` : `failed to write to ${path}`, r.errno);
  return 1;
}

export function* unshare(sys: Sys, argv: string[], envp: string[]): Program {
  const argv0 = argv[0] ?? 'unshare';
  const prog = shortName(argv0, 'unshare');
  const p = getopt(
    argv.slice(1),
    '+fhVmuinpCTUrR:w:S:G:c',
    [
      { name: 'help', arg: 'none', key: 'h' },
      { name: 'version', arg: 'none', key: 'V' },
      { name: 'mount', arg: 'optional', key: 'm' },
      { name: 'uts', arg: 'optional', key: 'u' },
      { name: 'ipc', arg: 'optional', key: 'i' },
      { name: 'net', arg: 'optional', key: 'n' },
      { name: 'pid', arg: 'optional', key: 'p' },
      { name: 'user', arg: 'optional', key: 'U' },
      { name: 'cgroup', arg: 'optional', key: 'C' },
      { name: 'time', arg: 'optional', key: 'T' },
      { name: 'fork', arg: 'none', key: 'f' },
      { name: 'kill-child', arg: 'optional', key: 'kill-child' },
      { name: 'mount-proc', arg: 'optional', key: 'mount-proc' },
      { name: 'map-user', arg: 'required', key: 'map-user' },
      { name: 'map-users', arg: 'required', key: 'map-users' },
      { name: 'map-group', arg: 'required', key: 'map-group' },
      { name: 'map-groups', arg: 'required', key: 'map-groups' },
      { name: 'map-root-user', arg: 'none', key: 'r' },
      { name: 'map-current-user', arg: 'none', key: 'c' },
      { name: 'map-auto', arg: 'none', key: 'map-auto' },
      { name: 'propagation', arg: 'required', key: 'propagation' },
      { name: 'setgroups', arg: 'required', key: 'setgroups' },
      { name: 'keep-caps', arg: 'none', key: 'keep-caps' },
      { name: 'setuid', arg: 'required', key: 'S' },
      { name: 'setgid', arg: 'required', key: 'G' },
      { name: 'root', arg: 'required', key: 'R' },
      { name: 'wd', arg: 'required', key: 'w' },
      { name: 'monotonic', arg: 'required', key: 'monotonic' },
      { name: 'boottime', arg: 'required', key: 'boottime' },
    ],
    true,
  );
  const realEuid = yield* sys.geteuid();
  const realEgid = yield* sys.getegid();
  const o: UnshareOpts = {
    prog, flags: 0, fork: false, persist: new Map(), mapUser: -1, mapGroup: -1, userMap: [], groupMap: [],
    setgroups: undefined, propagation: MS_REC | MS_PRIVATE, killChild: 0, procmnt: undefined, newroot: undefined,
    newdir: undefined, uid: undefined, gid: undefined, monotonic: undefined, boottime: undefined, realEuid, realEgid,
    cmd: [],
  };
  for (const [k, v] of p.opts) {
    const ns = NS_LETTERS[k];
    if (ns !== undefined) {
      o.flags |= ns;
      if (v !== undefined) o.persist.set(ns, v);
      continue;
    }
    switch (k) {
      case 'h':
        yield* writeAll(sys, 1, helpText('unshare', prog));
        return 0;
      case 'V':
        yield* writeAll(sys, 1, versionText('unshare', prog));
        return 0;
      case 'f': o.fork = true; break;
      case 'mount-proc':
        o.flags |= CLONE_NEWNS;
        o.procmnt = v ?? '/proc';
        break;
      case 'map-user':
      case 'map-group': {
        o.flags |= CLONE_NEWUSER;
        const db = yield* loadIdDb(sys);
        const isUser = k === 'map-user';
        const id = parseUnsigned(v!) ?? (isUser ? db.userByName(v!)?.uid : db.groupByName(v!)?.gid);
        if (id === undefined) {
          yield* warnx(sys, prog, `failed to parse ${isUser ? 'uid' : 'gid'}: '${v!}'`);
          return 1;
        }
        if (isUser) o.mapUser = id;
        else o.mapGroup = id;
        break;
      }
      case 'r':
        o.flags |= CLONE_NEWUSER;
        o.mapUser = 0;
        o.mapGroup = 0;
        break;
      case 'c':
        o.flags |= CLONE_NEWUSER;
        o.mapUser = realEuid;
        o.mapGroup = realEgid;
        break;
      case 'map-users':
      case 'map-groups': {
        o.flags |= CLONE_NEWUSER;
        const list = k === 'map-users' ? o.userMap : o.groupMap;
        if (v === 'auto') {
          const r = yield* readSubidRange(sys, o, k === 'map-users' ? '/etc/subuid' : '/etc/subgid', realEuid);
          if (typeof r === 'number') return r;
          list.unshift(r);
          break;
        }
        const m = /^([0-9]+),([0-9]+),([0-9]+)$/.exec(v!);
        if (!m) {
          yield* warnx(sys, prog, `could not parse ID: '${v!}'`);
          return 1;
        }
        list.unshift({ outer: Number(m[1]), inner: Number(m[2]), count: Number(m[3]) });
        break;
      }
      case 'map-auto': {
        o.flags |= CLONE_NEWUSER;
        const u = yield* readSubidRange(sys, o, '/etc/subuid', realEuid);
        if (typeof u === 'number') return u;
        o.userMap.unshift(u);
        const g = yield* readSubidRange(sys, o, '/etc/subgid', realEuid);
        if (typeof g === 'number') return g;
        o.groupMap.unshift(g);
        break;
      }
      case 'setgroups':
        if (v !== 'allow' && v !== 'deny') {
          yield* warnx(sys, prog, `unsupported --setgroups argument '${v!}'`);
          return 1;
        }
        o.setgroups = v;
        break;
      case 'propagation': {
        const modes: Record<string, number> = {
          slave: MS_REC | MS_SLAVE, private: MS_REC | MS_PRIVATE, shared: MS_REC | MS_SHARED, unchanged: 0,
        };
        const f = modes[v!];
        if (f === undefined) {
          yield* warnx(sys, prog, `unsupported propagation mode: ${v!}`);
          return 1;
        }
        o.propagation = f;
        break;
      }
      case 'kill-child':
        o.fork = true;
        if (v !== undefined) {
          const s = signameToSignum(v);
          if (s < 0) {
            yield* warnx(sys, prog, `unknown signal: ${v}`);
            return 1;
          }
          o.killChild = s;
        } else o.killChild = SIGKILL;
        break;
      case 'keep-caps': break; // root keeps its capabilities anyway; nothing to raise
      case 'S':
      case 'G': {
        const n = parseUnsigned(v!);
        if (n === undefined) {
          yield* warnx(sys, prog, `failed to parse ${k === 'S' ? 'uid' : 'gid'}: '${v!}'`);
          return 1;
        }
        if (k === 'S') o.uid = n;
        else o.gid = n;
        break;
      }
      case 'R': o.newroot = v; break;
      case 'w': o.newdir = v; break;
      case 'monotonic':
      case 'boottime': {
        const n = parseSigned(v!);
        if (n === undefined) {
          yield* warnx(sys, prog, `failed to parse ${k} offset: '${v!}'`);
          return 1;
        }
        if (k === 'monotonic') o.monotonic = n;
        else o.boottime = n;
        break;
      }
      default: break;
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv0, prog, p.message);
  o.cmd = p.operands;

  if ((o.monotonic !== undefined || o.boottime !== undefined) && !(o.flags & CLONE_NEWTIME)) {
    yield* warnx(sys, prog, 'options --monotonic and --boottime require unsharing of a time namespace (-t)');
    return 1;
  }
  yield* sys.sigaction(SIGCHLD, { handler: 'default' });

  // bind_ns_files_from_child(): with a new mount or user namespace the bind mounts must be made
  // from the old mount namespace, by a child forked before unshare()
  const self = yield* sys.getpid();
  let bindChild = 0;
  let bindPipe: [number, number] | undefined;
  if (o.persist.size && o.flags & (CLONE_NEWNS | CLONE_NEWUSER)) {
    const pp = yield* sys.pipe();
    if (typeof pp === 'number') {
      yield* warnErrno(sys, prog, 'eventfd failed', -pp);
      return 1;
    }
    bindPipe = pp;
    const [rfd, wfd] = pp;
    bindChild = yield* sys.fork(function* () {
      yield* sys.close(wfd);
      const b = yield* sys.read(rfd, 8);
      if (typeof b === 'number' || b.length !== 8) {
        yield* warnErrno(sys, prog, 'failed to read eventfd', typeof b === 'number' ? -b : EINVAL);
        return 1;
      }
      return yield* bindNsFiles(sys, o, self);
    });
    if (bindChild < 0) {
      yield* warnErrno(sys, prog, 'fork failed', -bindChild);
      return 1;
    }
    yield* sys.close(rfd);
  }

  // the helper child of 2.38 adds the single --map-user/--map-group id to the ranges
  if (o.userMap.length && o.mapUser !== -1) o.userMap = addSingleMapRange(o.userMap, realEuid, o.mapUser);
  if (o.groupMap.length && o.mapGroup !== -1) o.groupMap = addSingleMapRange(o.groupMap, realEgid, o.mapGroup);
  let idmapChild = 0;
  let idmapW = -1;
  if (o.userMap.length || o.groupMap.length) {
    const pp = yield* sys.pipe();
    if (typeof pp === 'number') {
      yield* warnErrno(sys, prog, 'eventfd failed', -pp);
      return 1;
    }
    const [rfd, wfd] = pp;
    idmapW = wfd;
    idmapChild = yield* sys.fork(function* () {
      yield* sys.close(wfd);
      return yield* idMapHelper(sys, o, self, rfd, envp);
    });
    if (idmapChild < 0) {
      yield* warnErrno(sys, prog, 'fork failed', -idmapChild);
      return 1;
    }
    yield* sys.close(rfd);
  }

  const ur = yield* sys.unshare(o.flags);
  if (ur < 0) {
    yield* warnErrno(sys, prog, 'unshare failed', -ur);
    return 1;
  }
  if (idmapChild > 0) {
    yield* writeAll(sys, idmapW, new Uint8Array([6, 0, 0, 0, 0, 0, 0, 0]));
    yield* sys.close(idmapW);
    const st = yield* waitChild(sys, o, idmapChild);
    if (st !== 0) return st;
  }
  if (o.boottime !== undefined && (yield* settime(sys, o, o.boottime, 7))) return 1;
  if (o.monotonic !== undefined && (yield* settime(sys, o, o.monotonic, 1))) return 1;

  let pid = 0;
  if (o.fork) {
    const childMask = yield* sys.sigprocmask(SIG_BLOCK, sigbit(SIGINT) | sigbit(SIGTERM));
    pid = yield* sys.fork(function* () {
      yield* sys.sigprocmask(SIG_SETMASK, childMask);
      if (bindPipe) yield* sys.close(bindPipe[1]);
      return yield* inNamespaces(sys, o, envp);
    });
    if (pid < 0) {
      yield* warnErrno(sys, prog, 'fork failed', -pid);
      return 1;
    }
  }
  if (o.persist.size) {
    // run in the parent: let the helper bind (new mount/user ns) or bind ourselves
    if (bindChild > 0 && bindPipe) {
      yield* writeAll(sys, bindPipe[1], new Uint8Array([6, 0, 0, 0, 0, 0, 0, 0]));
      yield* sys.close(bindPipe[1]);
      const st = yield* waitChild(sys, o, bindChild);
      if (st !== 0) return st;
    } else {
      const st = yield* bindNsFiles(sys, o, self);
      if (st !== 0) return st;
    }
  }
  if (!o.fork) return yield* inNamespaces(sys, o, envp);

  let status: number;
  for (;;) {
    const w = yield* sys.wait4(pid, 0);
    if (typeof w === 'number') {
      if (w === -EINTR) continue;
      yield* warnErrno(sys, prog, 'waitpid failed', -w);
      return 1;
    }
    status = w.status;
    break;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    // die of the same signal: signal(sig, SIG_DFL) + unblock + kill(getpid()); 2.38 tests all in
    // one condition, so SIGKILL (whose disposition cannot be set) reports "sigprocmask unblock failed"
    const sig = WTERMSIG(status);
    const r = sig === SIGKILL || sig === SIGSTOP ? -EINVAL : yield* sys.sigaction(sig, { handler: 'default' });
    if (typeof r === 'number' && r < 0) {
      yield* warnErrno(sys, prog, 'sigprocmask unblock failed', -r);
      return 1;
    }
    yield* sys.sigprocmask(SIG_UNBLOCK, sigbit(sig));
    yield* sys.kill(self, sig);
  }
  yield* warnErrno(sys, prog, 'child exit failed', 0);
  return 1;
}

