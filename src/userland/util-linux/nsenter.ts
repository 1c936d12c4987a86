// nsenter (util-linux 2.38.1): open the namespace files of a target process (or the files given),
// setns(2) into each in the real tool's order (user, cgroup, ipc, uts, net, pid, mnt, time; the user
// namespace is retried last when entering it first fails), then change root and working directory,
// fork when a pid namespace was entered (setns(CLONE_NEWPID) only moves the children), and exec the
// program or $SHELL.
import type { Sys, SysCall, Program } from '../../kernel/syscall';
import {
  CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWCGROUP,
  CLONE_NEWTIME, O_RDONLY, ENOENT, EINTR, SIGCHLD, SIGSTOP, SIGCONT, WUNTRACED,
  WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WIFSTOPPED,
} from '../../kernel/syscall';
import { writeAll } from '../lib/io';
import { getopt, isGetoptError } from '../lib/getopt';
import {
  shortName, warnx, warnErrno, usageError, helpText, versionText, parseUnsigned, execOrFail, execShell,
} from './unshare';

interface NsFile {
  type: number;
  name: string;
  fd: number;
}

/** Exit from deep inside: the status to return. */
class Exit {
  constructor(readonly status: number) {}
}

export function* nsenter(sys: Sys, argv: string[], envp: string[]): Program {
  const argv0 = argv[0] ?? 'nsenter';
  const prog = shortName(argv0, 'nsenter');
  try {
    return yield* run(sys, argv0, prog, argv, envp);
  } catch (e) {
    if (e instanceof Exit) return e.status;
    throw e;
  }
}

function* run(sys: Sys, argv0: string, prog: string, argv: string[], envp: string[]): Program {
  // careful: the order is significant (namespace_files[] of nsenter.c)
  const files: NsFile[] = [
    { type: CLONE_NEWUSER, name: 'ns/user', fd: -1 },
    { type: CLONE_NEWCGROUP, name: 'ns/cgroup', fd: -1 },
    { type: CLONE_NEWIPC, name: 'ns/ipc', fd: -1 },
    { type: CLONE_NEWUTS, name: 'ns/uts', fd: -1 },
    { type: CLONE_NEWNET, name: 'ns/net', fd: -1 },
    { type: CLONE_NEWPID, name: 'ns/pid', fd: -1 },
    { type: CLONE_NEWNS, name: 'ns/mnt', fd: -1 },
    { type: CLONE_NEWTIME, name: 'ns/time', fd: -1 },
  ];
  const letters: Record<string, number> = {
    m: CLONE_NEWNS, u: CLONE_NEWUTS, i: CLONE_NEWIPC, n: CLONE_NEWNET, p: CLONE_NEWPID, U: CLONE_NEWUSER,
    C: CLONE_NEWCGROUP, T: CLONE_NEWTIME,
  };
  const p = getopt(
    argv.slice(1),
    '+ahVt:m::u::i::n::p::C::U::T::S:G:r::w::W:FZ',
    [
      { name: 'all', arg: 'none', key: 'a' },
      { name: 'help', arg: 'none', key: 'h' },
      { name: 'version', arg: 'none', key: 'V' },
      { name: 'target', arg: 'required', key: 't' },
      { name: 'mount', arg: 'optional', key: 'm' },
      { name: 'uts', arg: 'optional', key: 'u' },
      { name: 'ipc', arg: 'optional', key: 'i' },
      { name: 'net', arg: 'optional', key: 'n' },
      { name: 'pid', arg: 'optional', key: 'p' },
      { name: 'user', arg: 'optional', key: 'U' },
      { name: 'cgroup', arg: 'optional', key: 'C' },
      { name: 'time', arg: 'optional', key: 'T' },
      { name: 'setuid', arg: 'required', key: 'S' },
      { name: 'setgid', arg: 'required', key: 'G' },
      { name: 'root', arg: 'optional', key: 'r' },
      { name: 'wd', arg: 'optional', key: 'w' },
      { name: 'wdns', arg: 'required', key: 'W' },
      { name: 'no-fork', arg: 'none', key: 'F' },
      { name: 'preserve-credentials', arg: 'none', key: 'preserve-credentials' },
      { name: 'follow-context', arg: 'none', key: 'Z' },
    ],
    true,
  );

  let target = 0;
  let namespaces = 0;
  let doAll = false;
  let doRoot = false;
  let doWd = false;
  let rootFd = -1;
  let wdFd = -1;
  let wdns: string | undefined;
  let doFork = -1;
  let forceUid = false;
  let forceGid = false;
  let uid = 0;
  let gid = 0;
  let preserveCred = false;
  let seenW = false;
  let seenWd = false;

  /** open_target_fd(): the file given, or /proc/TARGET/TYPE; errx when neither. */
  const openTarget = function* (type: string, path: string | undefined): SysCall<number> {
    let pth = path;
    if (pth === undefined && target) pth = `/proc/${target}/${type}`;
    if (pth === undefined) {
      yield* warnx(sys, prog, `neither filename nor target pid supplied for ${type}`);
      throw new Exit(1);
    }
    const fd = yield* sys.open(pth, O_RDONLY);
    if (fd < 0) {
      yield* warnErrno(sys, prog, `cannot open ${pth}`, -fd);
      throw new Exit(1);
    }
    return fd;
  };
  const openNamespace = function* (type: number, path: string | undefined): SysCall<void> {
    const f = files.find((x) => x.type === type)!;
    if (f.fd >= 0) yield* sys.close(f.fd);
    f.fd = yield* openTarget(f.name, path);
  };

  for (const [k, v] of p.opts) {
    if (k === 'W' || k === 'w') {
      // err_exclusive_options(): --wdns and --wd
      if (k === 'W') seenW = true;
      else seenWd = true;
      if (seenW && seenWd) {
        yield* warnx(sys, prog, 'mutually exclusive arguments: --wdns --wd');
        return 1;
      }
    }
    const ns = letters[k];
    if (ns !== undefined) {
      if (v !== undefined) yield* openNamespace(ns, v);
      else namespaces |= ns;
      continue;
    }
    switch (k) {
      case 'h':
        yield* writeAll(sys, 1, helpText('nsenter', prog));
        return 0;
      case 'V':
        yield* writeAll(sys, 1, versionText('nsenter', prog));
        return 0;
      case 'a': doAll = true; break;
      case 't': {
        const n = parseUnsigned(v!);
        if (n === undefined) {
          yield* warnx(sys, prog, `failed to parse pid: '${v!}'`);
          return 1;
        }
        target = n;
        break;
      }
      case 'S':
      case 'G': {
        const n = parseUnsigned(v!);
        if (n === undefined) {
          yield* warnx(sys, prog, `failed to parse ${k === 'S' ? 'uid' : 'gid'}: '${v!}'`);
          return 1;
        }
        if (k === 'S') {
          uid = n;
          forceUid = true;
        } else {
          gid = n;
          forceGid = true;
        }
        break;
      }
      case 'F': doFork = 0; break;
      case 'r':
        if (v !== undefined) {
          if (rootFd >= 0) yield* sys.close(rootFd);
          rootFd = yield* openTarget('root', v);
        } else doRoot = true;
        break;
      case 'w':
        if (v !== undefined) {
          if (wdFd >= 0) yield* sys.close(wdFd);
          wdFd = yield* openTarget('cwd', v);
        } else doWd = true;
        break;
      case 'W': wdns = v; break;
      case 'preserve-credentials': preserveCred = true; break;
      case 'Z': break; // SELinux is disabled: --follow-context has nothing to follow
      default: break;
    }
  }
  if (isGetoptError(p)) return yield* usageError(sys, argv0, prog, p.message);

  if (doAll) {
    if (!target) {
      yield* warnx(sys, prog, 'no target PID specified for --all');
      return 1;
    }
    const self = yield* sys.getpid();
    for (const f of files) {
      if (f.fd >= 0) continue; // specified by a file already
      // is_usable_namespace(): supported here, and not our own user namespace
      const mine = yield* sys.stat(`/proc/${self}/${f.name}`);
      if (mine === -ENOENT) continue;
      if (f.type === CLONE_NEWUSER) {
        const path = `/proc/${target}/${f.name}`;
        const theirs = yield* sys.stat(path);
        if (typeof theirs === 'number') {
          yield* warnErrno(sys, prog, `stat of ${path} failed`, -theirs);
          return 1;
        }
        if (typeof mine !== 'number' && mine.ino === theirs.ino) continue;
      }
      namespaces |= f.type;
    }
  }
  // open the remaining namespace and directory descriptors
  for (const f of files) if (f.type & namespaces && f.fd < 0) f.fd = yield* openTarget(f.name, undefined);
  if (doRoot) rootFd = yield* openTarget('root', undefined);
  if (doWd) wdFd = yield* openTarget('cwd', undefined);

  namespaces = 0;
  for (const f of files) if (f.fd >= 0) namespaces |= f.type;

  // entering a user namespace sets uid and gid (0 by default) unless --preserve-credentials
  if (namespaces & CLONE_NEWUSER && !preserveCred) {
    forceUid = true;
    forceGid = true;
  }

  // two passes: the user namespace is skipped in the first (deprivileging: entered last) and
  // entered first in the second if that is what made the others fail (privileging)
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1 - pass; i < files.length; i++) {
      const f = files[i]!;
      if (f.fd < 0) continue;
      const r = yield* sys.setns(f.fd, f.type);
      if (r < 0) {
        if (pass !== 0) {
          yield* warnErrno(sys, prog, `reassociate to namespace '${f.name}' failed`, -r);
          return 1;
        }
        continue;
      }
      yield* sys.close(f.fd);
      f.fd = -1;
    }
  }

  // remember the working directory if only the root changes
  if (rootFd >= 0 && wdFd < 0 && wdns === undefined) {
    wdFd = yield* sys.open('.', O_RDONLY);
    if (wdFd < 0) {
      yield* warnErrno(sys, prog, 'cannot open current working directory', -wdFd);
      return 1;
    }
  }
  if (rootFd >= 0) {
    const r = yield* sys.fchdir(rootFd);
    if (r < 0) {
      yield* warnErrno(sys, prog, 'change directory by root file descriptor failed', -r);
      return 1;
    }
    const c = yield* sys.chroot('.');
    if (c < 0) {
      yield* warnErrno(sys, prog, 'chroot failed', -c);
      return 1;
    }
    yield* sys.close(rootFd);
  }
  if (wdns !== undefined) {
    wdFd = yield* sys.open(wdns, O_RDONLY);
    if (wdFd < 0) {
      yield* warnErrno(sys, prog, 'cannot open current working directory', -wdFd);
      return 1;
    }
  }
  if (wdFd >= 0) {
    const r = yield* sys.fchdir(wdFd);
    if (r < 0) {
      yield* warnErrno(sys, prog, 'change directory by working directory file descriptor failed', -r);
      return 1;
    }
    yield* sys.close(wdFd);
  }

  if (doFork === -1) doFork = namespaces & CLONE_NEWPID ? 1 : 0;
  const cred = { forceUid, forceGid, uid, gid };
  if (doFork === 1) {
    // continue_as_child(): the child carries on with the rest of nsenter, the parent waits for it
    yield* sys.sigaction(SIGCHLD, { handler: 'default' });
    const child = yield* sys.fork(() => finish(sys, prog, cred, p.operands, envp));
    if (child < 0) {
      yield* warnErrno(sys, prog, 'fork failed', -child);
      return 1;
    }
    return yield* waitAsParent(sys, child);
  }
  return yield* finish(sys, prog, cred, p.operands, envp);
}

/** Credentials, then exec the program or the shell. */
function* finish(
  sys: Sys,
  prog: string,
  c: { forceUid: boolean; forceGid: boolean; uid: number; gid: number },
  cmd: string[],
  envp: string[],
): Program {
  if (c.forceGid) {
    // setgroups(0, NULL) first in the real tool: no such syscall in the simulated kernel
    const r = yield* sys.setgid(c.gid);
    if (r < 0) {
      yield* warnErrno(sys, prog, 'setgid failed', -r);
      return 1;
    }
  }
  if (c.forceUid) {
    const r = yield* sys.setuid(c.uid);
    if (r < 0) {
      yield* warnErrno(sys, prog, 'setuid failed', -r);
      return 1;
    }
  }
  if (cmd.length) return yield* execOrFail(sys, prog, cmd, envp);
  return yield* execShell(sys, prog, envp);
}

/** The parent of continue_as_child(): follow the child's stops, exit with its status or die of its signal. */
function* waitAsParent(sys: Sys, child: number): SysCall<number> {
  const self = yield* sys.getpid();
  for (;;) {
    const w = yield* sys.wait4(child, WUNTRACED);
    if (typeof w === 'number') {
      if (w === -EINTR) continue;
      return 1;
    }
    if (WIFSTOPPED(w.status)) {
      // the child suspended: suspend ourselves too, and continue it when we are continued
      yield* sys.kill(self, SIGSTOP);
      yield* sys.kill(child, SIGCONT);
      continue;
    }
    if (WIFEXITED(w.status)) return WEXITSTATUS(w.status);
    if (WIFSIGNALED(w.status)) yield* sys.kill(self, WTERMSIG(w.status));
    return 1;
  }
}
