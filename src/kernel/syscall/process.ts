// Process syscalls (kernel/fork.c, exit.c, sys.c, signal.c, time/).
import type { Kernel } from '../kernel';
import { NORETURN } from '../kernel';
import { type Task, ExitState } from '../task/task';
import { capable, nsCapable } from '../task/cred';
import { copyProcess } from '../task/fork';
import { doExecve, releaseVforkParent } from '../task/exec';
import { doExit, doGroupExit, releaseTask } from '../task/exit';
import { attachPgrp, attachSession } from '../task/pgrp';
import { sendSignal, setAction } from '../signal/signal';
import { threadGroupCputime } from '../task/cputime';
import { WaitQueue } from '../task/wait';
import {
  EINVAL, ESRCH, EPERM, ECHILD, EFAULT, EACCES, ENOMEM, EAGAIN, EINTR,
} from '../abi/errno';
import {
  WNOHANG, WUNTRACED, WCONTINUED, CLONE_VFORK, PRIO_PROCESS, PRIO_PGRP, PRIO_USER,
  PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER, PR_SET_NAME, PR_GET_NAME, PR_SET_PDEATHSIG, PR_GET_PDEATHSIG,
  RLIM_NLIMITS, RLIMIT_NICE, CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID,
  SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_SIZE_BUFFER, USER_HZ,
} from '../abi/flags';
import { SIGKILL, SIGSTOP, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, sigbit, SIGALRM, SIGCONT } from '../abi/signal';
import type { Program, SigAction, Rlimit, WaitResult } from './api';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

// ---------------------------------------------------------------- creation and exit

function doFork(k: Kernel, t: Task, flags: number, child: unknown): unknown {
  if (typeof child !== 'function') return -EFAULT;
  const c = copyProcess(k, t, flags, child as () => Program);
  if (typeof c === 'number') return c;
  const nr = c.pid.nr(t.pidNs);
  if (flags & CLONE_VFORK) {
    // the parent sleeps in D (killable) until the child execs or exits
    t.inVfork = true;
    const q = new WaitQueue();
    c.vforkDone = q;
    const waitDone = (): unknown =>
      t.inVfork ? k.block(t, { queues: [q], retry: waitDone, uninterruptible: true, wchan: 'wait_for_vfork_done' }) : nr;
    return waitDone();
  }
  return nr;
}

export function sys_fork(k: Kernel, t: Task, child: unknown): unknown {
  return doFork(k, t, 17, child);
}

export function sys_clone(k: Kernel, t: Task, flags: unknown, child: unknown): unknown {
  if (!isInt(flags)) return -EINVAL;
  return doFork(k, t, flags, child);
}

export function sys_execve(k: Kernel, t: Task, path: unknown, argv: unknown, envp: unknown): unknown {
  if (typeof path !== 'string' || !Array.isArray(argv) || !Array.isArray(envp)) return -EFAULT;
  if (!argv.every((a) => typeof a === 'string') || !envp.every((a) => typeof a === 'string')) return -EFAULT;
  const r = doExecve(k, t, path, argv as string[], envp as string[]);
  return r === 'ok' ? NORETURN : r;
}

export function sys_exit(k: Kernel, t: Task, status: unknown): unknown {
  const code = ((isInt(status) ? status : 0) & 0xff) << 8;
  if (t.vforkParent) releaseVforkParent(k, t);
  doExit(k, t, code);
  return NORETURN;
}

export function sys_exit_group(k: Kernel, t: Task, status: unknown): unknown {
  if (t.vforkParent) releaseVforkParent(k, t);
  doGroupExit(k, t, ((isInt(status) ? status : 0) & 0xff) << 8);
  return NORETURN;
}

/** Does child `c` match wait4's pid selector (pid > 0, -1 any, 0 our group, < -1 that group)? */
function waitMatches(me: Task, c: Task, pid: number, ns: Task['pidNs']): boolean {
  if (c.exitState === ExitState.Dead) return false;
  if (pid > 0) return c.pid.nr(ns) === pid;
  if (pid === 0) return c.pgrp === me.pgrp;
  if (pid < -1) return c.pgrp.nr(ns) === -pid;
  return true;
}

function rusageOf(c: Task) {
  return { utimeNs: c.utimeNs + c.sig.deadUtimeNs, stimeNs: c.stimeNs + c.sig.deadStimeNs, maxrssKb: 0 };
}

export function sys_wait4(k: Kernel, t: Task, pid: unknown, options: unknown): unknown {
  if (!isInt(pid) || !isInt(options)) return -EINVAL;
  // WNOWAIT belongs to waitid(); wait4 rejects it
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | 0x40000000 | 0x80000000)) return -EINVAL;
  const me = t.groupLeader;
  const ns = t.pidNs;
  // children in fork (or reparenting) order, as the kernel's children list; a specific pid is
  // looked up directly instead of scanning
  let cands: Iterable<Task> = me.children;
  if (pid > 0) {
    const c = ns.pids.get(pid)?.task;
    cands = c && c.groupLeader === c && c.parent === me ? [c] : [];
  }
  let any = false;
  for (const c of cands) {
    if (!waitMatches(me, c, pid, ns)) continue;
    any = true;
    const groupDead = c.exitState === ExitState.Zombie && c.threads.every((x) => x.exitState !== ExitState.Running);
    if (groupDead) {
      const res: WaitResult = { pid: c.pid.nr(ns), status: c.exitCode, rusage: rusageOf(c) };
      {
        t.sig.cutimeNs += c.utimeNs + c.sig.deadUtimeNs + c.sig.cutimeNs;
        t.sig.cstimeNs += c.stimeNs + c.sig.deadStimeNs + c.sig.cstimeNs;
        releaseTask(k, c);
      }
      return res;
    }
    if (options & WUNTRACED && c.sig.groupStopped && c.sig.notifyStopped) {
      c.sig.notifyStopped = false;
      return { pid: c.pid.nr(ns), status: (c.sig.stopSignal << 8) | 0x7f, rusage: rusageOf(c) };
    }
    if (options & WCONTINUED && c.sig.notifyContinued) {
      c.sig.notifyContinued = false;
      return { pid: c.pid.nr(ns), status: 0xffff, rusage: rusageOf(c) };
    }
  }
  if (!any) return -ECHILD;
  if (options & WNOHANG) return 0;
  return k.block(t, { queues: [t.sig.waitChldExit], retry: () => sys_wait4(k, t, pid, options), wchan: 'do_wait' });
}

// ---------------------------------------------------------------- ids

export const sys_getpid = (_k: Kernel, t: Task): unknown => t.tgid.nr(t.pidNs);
export const sys_gettid = (_k: Kernel, t: Task): unknown => t.pid.nr(t.pidNs);
export const sys_getppid = (_k: Kernel, t: Task): unknown => {
  const p = t.groupLeader.realParent;
  return p ? p.pid.nr(t.pidNs) : 0;
};

function findProcess(t: Task, pid: number): Task | null {
  if (pid === 0) return t.groupLeader;
  const p = t.pidNs.pids.get(pid);
  const task = p?.task;
  if (!task || task.exitState === ExitState.Dead) return null;
  return task.groupLeader;
}

export function sys_getpgid(_k: Kernel, t: Task, pid: unknown): unknown {
  if (!isInt(pid)) return -EINVAL;
  const p = findProcess(t, pid);
  if (!p) return -ESRCH;
  return p.pgrp.nr(t.pidNs);
}

export function sys_getsid(_k: Kernel, t: Task, pid: unknown): unknown {
  if (!isInt(pid)) return -EINVAL;
  const p = findProcess(t, pid);
  if (!p) return -ESRCH;
  return p.session.nr(t.pidNs);
}

/** setpgid(2) with its EPERM/EACCES/ESRCH rules (kernel/sys.c). */
export function sys_setpgid(_k: Kernel, t: Task, pid: unknown, pgid: unknown): unknown {
  if (!isInt(pid) || !isInt(pgid) || pgid < 0) return -EINVAL;
  const me = t.groupLeader;
  const p = findProcess(t, pid);
  if (!p) return -ESRCH;
  if (p !== me) {
    if (p.realParent !== me) return -ESRCH;
    if (p.session !== me.session) return -EPERM;
    if (!p.forkNoExec) return -EACCES;
  }
  if (p.session === p.pid) return -EPERM; // a session leader cannot move
  const target = pgid === 0 ? p.pid : t.pidNs.pids.get(pgid);
  if (!target) return -EPERM;
  if (target !== p.pid) {
    const member = [...target.pgrpMembers].find((m) => m.alive);
    if (!member || member.session !== me.session) return -EPERM;
  }
  attachPgrp(p, target);
  return 0;
}

export function sys_setsid(_k: Kernel, t: Task): unknown {
  const me = t.groupLeader;
  // fails if the caller already leads a process group
  if (me.pid.pgrpMembers.size > 0 && [...me.pid.pgrpMembers].some((m) => m.alive)) return -EPERM;
  attachSession(me, me.pid);
  attachPgrp(me, me.pid);
  me.sig.tty = null;
  return me.pid.nr(t.pidNs);
}

// ids as seen in the caller's user namespace (from_kuid_munged: 65534 when unmapped)
export const sys_getuid = (_k: Kernel, t: Task): unknown => t.cred.userNs.fromKuid(t.cred.uid);
export const sys_geteuid = (_k: Kernel, t: Task): unknown => t.cred.userNs.fromKuid(t.cred.euid);
export const sys_getgid = (_k: Kernel, t: Task): unknown => t.cred.userNs.fromKgid(t.cred.gid);
export const sys_getegid = (_k: Kernel, t: Task): unknown => t.cred.userNs.fromKgid(t.cred.egid);
export const sys_getgroups = (_k: Kernel, t: Task): unknown => t.cred.groups.map((g) => t.cred.userNs.fromKgid(g));

/**
 * setgroups(2): needs CAP_SETGID in the caller's user namespace, and that namespace must allow it
 * (/proc/PID/setgroups "allow" and a gid_map written: may_setgroups). Unmapped gids are EINVAL.
 */
export function sys_setgroups(_k: Kernel, t: Task, groups: unknown): unknown {
  if (!Array.isArray(groups) || !groups.every(isInt)) return -EFAULT;
  if (groups.length > 65536) return -EINVAL;
  const ns = t.cred.userNs;
  if (!nsCapable(t.cred, ns) || !ns.setgroupsAllowed || !ns.gidMap.written) return -EPERM;
  const kg = (groups as number[]).map((g) => ns.toKgid(g));
  if (kg.some((g) => g < 0)) return -EINVAL;
  t.cred.groups = [...new Set(kg)].sort((a, b) => a - b);
  return 0;
}

export function sys_setuid(_k: Kernel, t: Task, uid: unknown): unknown {
  if (!isInt(uid) || uid < 0) return -EINVAL;
  const c = t.cred;
  const kuid = c.userNs.toKuid(uid);
  if (kuid < 0) return -EINVAL;
  if (nsCapable(c, c.userNs)) c.uid = c.euid = c.suid = c.fsuid = kuid;
  else if (kuid === c.uid || kuid === c.suid) c.euid = c.fsuid = kuid;
  else return -EPERM;
  // cap_task_fix_setuid: leaving uid 0 of the namespace drops every capability
  const root = c.userNs.toKuid(0);
  if (c.uid !== root && c.euid !== root && c.suid !== root) c.caps = false;
  return 0;
}

export function sys_setgid(_k: Kernel, t: Task, gid: unknown): unknown {
  if (!isInt(gid) || gid < 0) return -EINVAL;
  const c = t.cred;
  const kgid = c.userNs.toKgid(gid);
  if (kgid < 0) return -EINVAL;
  if (nsCapable(c, c.userNs)) c.gid = c.egid = c.sgid = c.fsgid = kgid;
  else if (kgid === c.gid || kgid === c.sgid) c.egid = c.fsgid = kgid;
  else return -EPERM;
  return 0;
}

// ---------------------------------------------------------------- signals

/** kill_ok_by_cred(): root, or matching real/effective uid against the target's real/saved uid. */
function mayKill(t: Task, target: Task, sig: number): boolean {
  const a = t.cred;
  const b = target.cred;
  if (nsCapable(a, b.userNs)) return true;
  if (sig === SIGCONT && t.groupLeader.session === target.groupLeader.session) return true;
  return a.euid === b.suid || a.euid === b.uid || a.uid === b.suid || a.uid === b.uid;
}

/** Is the sender outside the target's pid namespace (an ancestor)? Then KILL/STOP are forced on its init. */
function fromAncestorNs(t: Task, target: Task): boolean {
  return t.pidNs.level < target.pidNs.level;
}

function signalProcess(k: Kernel, t: Task, target: Task, sig: number): number {
  if (!mayKill(t, target, sig)) return -EPERM;
  if (sig === 0) return 0;
  sendSignal(k, target, sig, true, fromAncestorNs(t, target), t.tgid.vnr);
  return 0;
}

export function sys_kill(k: Kernel, t: Task, pid: unknown, sig: unknown): unknown {
  if (!isInt(pid) || !isInt(sig)) return -EINVAL;
  const ns = t.pidNs;
  if (pid > 0) {
    // kill_pid_info(): the target is looked up first, so a missing pid is ESRCH whatever the signal
    const target = findProcess(t, pid);
    if (!target) return -ESRCH;
    if (sig < 0 || sig > 31) return -EINVAL; // real-time signals are not modelled
    return signalProcess(k, t, target, sig);
  }
  if (sig < 0 || sig > 31) return -EINVAL;
  let targets: Task[];
  if (pid === -1) {
    // every process we may signal except our own and the namespace's init
    targets = [];
    for (const p of ns.pids.values()) {
      const x = p.task;
      if (!x || !x.isLeader() || x.exitState === ExitState.Dead) continue;
      if (x === t.groupLeader || x.pid.nr(ns) === 1) continue;
      targets.push(x);
    }
  } else {
    const pg = pid === 0 ? t.groupLeader.pgrp : ns.pids.get(-pid);
    targets = pg ? [...pg.pgrpMembers].filter((x) => x.exitState !== ExitState.Dead) : [];
  }
  if (targets.length === 0) return -ESRCH;
  let ok = 0;
  let err = 0;
  for (const x of targets) {
    const r = signalProcess(k, t, x, sig);
    if (r === 0) ok++;
    else err = r;
  }
  return ok > 0 ? 0 : err;
}

export function sys_tgkill(k: Kernel, t: Task, tgid: unknown, tid: unknown, sig: unknown): unknown {
  if (!isInt(tgid) || !isInt(tid) || !isInt(sig) || sig < 0 || sig > 31 || tid <= 0) return -EINVAL;
  const target = t.pidNs.pids.get(tid)?.task;
  if (!target || target.exitState === ExitState.Dead || (tgid > 0 && target.tgid.nr(t.pidNs) !== tgid)) return -ESRCH;
  if (!mayKill(t, target, sig)) return -EPERM;
  if (sig === 0) return 0;
  sendSignal(k, target, sig, false, fromAncestorNs(t, target), t.tgid.vnr);
  return 0;
}

export function sys_rt_sigaction(_k: Kernel, t: Task, sig: unknown, act: unknown): unknown {
  if (!isInt(sig) || sig < 1 || sig > 31) return -EINVAL;
  const old = t.sig.actions[sig]!;
  if (act === undefined || act === null) return { ...old };
  const a = act as SigAction;
  if (a.handler !== 'default' && a.handler !== 'ignore' && typeof a.handler !== 'function') return -EFAULT;
  if (sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
  return { ...setAction(t, sig, a) };
}

export function sys_rt_sigprocmask(_k: Kernel, t: Task, how: unknown, set: unknown): unknown {
  const old = t.blocked;
  if (set === undefined || set === null) return old;
  if (!isInt(set)) return -EFAULT;
  const unblockable = sigbit(SIGKILL) | sigbit(SIGSTOP);
  switch (how) {
    case SIG_BLOCK:
      t.blocked |= set;
      break;
    case SIG_UNBLOCK:
      t.blocked &= ~set;
      break;
    case SIG_SETMASK:
      t.blocked = set;
      break;
    default:
      return -EINVAL;
  }
  t.blocked &= ~unblockable;
  return old;
}

export const sys_rt_sigpending = (_k: Kernel, t: Task): unknown => (t.pending | t.sig.sharedPending) & t.blocked;

/**
 * rt_sigtimedwait (do_sigtimedwait): dequeue the lowest pending signal of `set`, the thread's own
 * before the group's, as dequeue_signal does; else sleep (S, wchan do_sigtimedwait) until one
 * arrives, the timeout passes (-EAGAIN) or a handled signal interrupts (-EINTR). SIGKILL and SIGSTOP
 * are never waited for: they act as always.
 */
export function sys_rt_sigtimedwait(k: Kernel, t: Task, set: unknown, timeoutNs: unknown, until?: number): unknown {
  if (!isInt(set) || !isInt(timeoutNs)) return -EFAULT;
  const want = set & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  t.sigwaitMask = 0;
  const ready = (t.pending | t.sig.sharedPending) & want;
  if (ready) {
    const sig = 31 - Math.clz32(ready & -ready) + 1;
    const bit = sigbit(sig);
    if (t.pending & bit) t.pending &= ~bit;
    else t.sig.sharedPending &= ~bit;
    return sig;
  }
  const deadline = until ?? (timeoutNs < 0 ? Infinity : k.timers.now + timeoutNs);
  if (k.timers.now >= deadline) return -EAGAIN;
  t.sigwaitMask = want;
  return k.block(t, {
    queues: [],
    retry: () => sys_rt_sigtimedwait(k, t, set, timeoutNs, deadline),
    timeoutAt: deadline,
    restart: 'never',
    wchan: 'do_sigtimedwait',
    interrupted: () => {
      t.sigwaitMask = 0;
      return -EINTR;
    },
  });
}

export function sys_pause(k: Kernel, t: Task): unknown {
  return k.block(t, { queues: [], retry: () => sys_pause(k, t), restart: 'never', wchan: '__do_sys_pause' });
}

export function sys_nanosleep(k: Kernel, t: Task, ns: unknown, until?: number): unknown {
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns < 0) return -EINVAL;
  const deadline = until ?? k.timers.now + Math.floor(ns);
  if (k.timers.now >= deadline) return 0;
  return k.block(t, { queues: [], retry: () => sys_nanosleep(k, t, ns, deadline), timeoutAt: deadline, restart: 'never', wchan: 'hrtimer_nanosleep' });
}

export function sys_alarm(k: Kernel, t: Task, seconds: unknown): unknown {
  if (!isInt(seconds) || seconds < 0) return -EINVAL;
  const ss = t.sig;
  // alarm_setitimer: the time left rounds to the nearest second, and is at least 1
  const rem = ss.alarmAt - k.timers.now;
  const left = ss.alarmTimer ? Math.max(1, Math.floor(rem / 1e9) + (rem % 1e9 >= 5e8 ? 1 : 0)) : 0;
  if (ss.alarmTimer) k.timers.cancel(ss.alarmTimer as never);
  ss.alarmTimer = null;
  if (seconds > 0) {
    ss.alarmAt = k.timers.now + seconds * 1e9;
    const leader = t.groupLeader;
    ss.alarmTimer = k.timers.at(ss.alarmAt, () => {
      ss.alarmTimer = null;
      sendSignal(k, leader, SIGALRM, true, true);
    });
  }
  return left;
}

// ---------------------------------------------------------------- time and CPU

export function sys_clock_gettime(k: Kernel, t: Task, clock: unknown): unknown {
  let ns: number;
  switch (clock) {
    case CLOCK_REALTIME: {
      const s = k.config.bootEpochSec + Math.floor(k.timers.now / 1e9);
      return [s, k.timers.now % 1e9];
    }
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
      ns = k.timers.now;
      break;
    case CLOCK_PROCESS_CPUTIME_ID:
      ns = t.utimeNs + t.stimeNs;
      break;
    default:
      return -EINVAL;
  }
  return [Math.floor(ns / 1e9), ns % 1e9];
}

export function sys_compute(_k: Kernel, t: Task, ns: unknown): unknown {
  if (typeof ns !== 'number' || !Number.isFinite(ns) || ns < 0) return -EINVAL;
  t.burstUser += Math.floor(ns);
  return 0;
}

export function sys_sched_yield(k: Kernel, t: Task): unknown {
  // the task goes to the back of the queue: modelled as one microsecond of system time
  t.burstSys += 1000;
  void k;
  return 0;
}

export function sys_sched_getaffinity(k: Kernel, t: Task, pid: unknown): unknown {
  if (!isInt(pid)) return -EINVAL;
  const target = pid === 0 ? t : findProcess(t, pid);
  if (!target) return -ESRCH;
  // the affinity mask as set, limited by the cpuset (cpuset_cpus_allowed)
  return (k.sched.allowedCpus(target) ?? Array.from({ length: k.config.ncpus }, (_, i) => i)).slice();
}

export function sys_sched_setaffinity(k: Kernel, t: Task, pid: unknown, cpus: unknown): unknown {
  if (!isInt(pid) || !Array.isArray(cpus) || !cpus.every(isInt)) return -EINVAL;
  const target = pid === 0 ? t : findProcess(t, pid);
  if (!target) return -ESRCH;
  if (target !== t && !capable(t.cred) && t.cred.euid !== target.cred.uid && t.cred.euid !== target.cred.euid) return -EPERM;
  const want = [...new Set(cpus as number[])].filter((c) => c >= 0 && c < k.config.ncpus).sort((a, b) => a - b);
  const cs = k.cgroups.cpusetOf(target);
  const eff = cs ? cs.effectiveCpus() : want;
  if (!want.some((c) => eff.includes(c))) return -EINVAL;
  target.cpusAllowed = want.length === k.config.ncpus ? null : want;
  k.sched.cpusetChanged(target);
  return 0;
}

export function sys_mmap(_k: Kernel, t: Task, bytes: unknown): unknown {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes <= 0) return -EINVAL;
  if (bytes > 2 ** 47) return -ENOMEM;
  return t.mm.mmap(bytes);
}

export function sys_munmap(_k: Kernel, t: Task, addr: unknown): unknown {
  if (!isInt(addr)) return -EINVAL;
  return t.mm.munmap(addr) ? 0 : -EINVAL;
}

export function sys_touch(_k: Kernel, t: Task, addr: unknown, bytes: unknown): unknown {
  if (!isInt(addr) || typeof bytes !== 'number' || bytes < 0) return -EINVAL;
  const r = t.mm.touch(addr, bytes);
  if (r < 0) return -EFAULT;
  t.minFlt += Math.ceil(r / 4096);
  // faulting pages costs system time (about 0.25 µs per 4 KiB page)
  t.burstSys += Math.floor(r / 4096) * 250;
  return r;
}

function nicePermitted(t: Task, target: Task, nice: number): boolean {
  if (capable(t.cred)) return true;
  if (t.cred.euid !== target.cred.uid && t.cred.euid !== target.cred.euid) return false;
  const lim = t.sig.rlim[RLIMIT_NICE]?.cur ?? 0;
  return nice >= target.nice || 20 - nice <= lim;
}

function prioTargets(t: Task, which: number, who: number): Task[] | number {
  const ns = t.pidNs;
  if (which === PRIO_PROCESS) {
    const p = findProcess(t, who);
    return p ? p.threads.filter((x) => x.alive) : -ESRCH;
  }
  if (which === PRIO_PGRP) {
    const pg = who === 0 ? t.groupLeader.pgrp : ns.pids.get(who);
    const m = pg ? [...pg.pgrpMembers].filter((x) => x.alive) : [];
    return m.length ? m : -ESRCH;
  }
  if (which === PRIO_USER) {
    const uid = who === 0 ? t.cred.uid : who;
    const m: Task[] = [];
    for (const p of ns.pids.values()) if (p.task && p.task.alive && p.task.cred.uid === uid) m.push(p.task);
    return m.length ? m : -ESRCH;
  }
  return -EINVAL;
}

export function sys_getpriority(_k: Kernel, t: Task, which: unknown, who: unknown): unknown {
  if (!isInt(which) || !isInt(who)) return -EINVAL;
  const ts = prioTargets(t, which, who);
  if (typeof ts === 'number') return ts;
  // the raw syscall returns 20 - nice (1..40) so that no nice value looks like -errno
  return 20 - Math.min(...ts.map((x) => x.nice));
}

export function sys_setpriority(k: Kernel, t: Task, which: unknown, who: unknown, nice: unknown): unknown {
  if (!isInt(which) || !isInt(who) || !isInt(nice)) return -EINVAL;
  const ts = prioTargets(t, which, who);
  if (typeof ts === 'number') return ts;
  const n = Math.max(-20, Math.min(19, nice));
  for (const x of ts) {
    if (!nicePermitted(t, x, n)) return x.cred.uid !== t.cred.euid && !capable(t.cred) ? -EPERM : -EACCES;
  }
  for (const x of ts) k.sched.reweight(x, n);
  return 0;
}

export function sys_prctl(_k: Kernel, t: Task, option: unknown, arg: unknown): unknown {
  switch (option) {
    case PR_SET_CHILD_SUBREAPER:
      t.sig.isChildSubreaper = !!arg;
      return 0;
    case PR_GET_CHILD_SUBREAPER:
      return t.sig.isChildSubreaper ? 1 : 0;
    case PR_SET_NAME:
      if (typeof arg !== 'string') return -EFAULT;
      t.comm = arg.slice(0, 15);
      return 0;
    case PR_GET_NAME:
      return t.comm;
    case PR_SET_PDEATHSIG:
      if (!isInt(arg) || arg < 0 || arg > 31) return -EINVAL;
      t.pdeathSignal = arg;
      return 0;
    case PR_GET_PDEATHSIG:
      return t.pdeathSignal;
    default:
      return -EINVAL;
  }
}

export function sys_prlimit(_k: Kernel, t: Task, pid: unknown, resource: unknown, lim: unknown): unknown {
  if (!isInt(pid) || !isInt(resource) || resource < 0 || resource >= RLIM_NLIMITS) return -EINVAL;
  const target = findProcess(t, pid);
  if (!target) return -ESRCH;
  const old = { ...target.sig.rlim[resource]! };
  if (lim !== undefined && lim !== null) {
    const n = lim as Rlimit;
    if (typeof n.cur !== 'number' || typeof n.max !== 'number' || n.cur < 0 || n.max < 0 || n.cur > n.max) return -EINVAL;
    if (n.max > old.max && !capable(t.cred)) return -EPERM;
    target.sig.rlim[resource] = { cur: n.cur, max: n.max };
  }
  return old;
}

export function sys_getrusage(_k: Kernel, t: Task, who: unknown): unknown {
  if (who === -1) return { utimeNs: t.sig.cutimeNs, stimeNs: t.sig.cstimeNs, maxrssKb: 0 };
  const c = threadGroupCputime(t);
  return { utimeNs: c.utimeNs, stimeNs: c.stimeNs, maxrssKb: Math.floor(t.mm.rssBytes / 1024) };
}

export function sys_times(_k: Kernel, t: Task): unknown {
  const tick = 1e9 / USER_HZ;
  const { utimeNs: u, stimeNs: s } = threadGroupCputime(t);
  return { utime: Math.floor(u / tick), stime: Math.floor(s / tick), cutime: Math.floor(t.sig.cutimeNs / tick), cstime: Math.floor(t.sig.cstimeNs / tick) };
}

// ---------------------------------------------------------------- system

export function sys_uname(k: Kernel, t: Task): unknown {
  return {
    sysname: 'Linux',
    nodename: t.nsproxy.uts.nodename,
    release: k.config.release,
    version: k.config.version,
    machine: 'x86_64',
    domainname: t.nsproxy.uts.domainname,
  };
}

export function sys_sethostname(_k: Kernel, t: Task, name: unknown): unknown {
  if (typeof name !== 'string') return -EFAULT;
  if (!nsCapable(t.cred, t.nsproxy.uts.owner)) return -EPERM;
  if (name.length > 64) return -EINVAL;
  t.nsproxy.uts.nodename = name;
  return 0;
}

export function sys_setdomainname(_k: Kernel, t: Task, name: unknown): unknown {
  if (typeof name !== 'string') return -EFAULT;
  if (!nsCapable(t.cred, t.nsproxy.uts.owner)) return -EPERM;
  if (name.length > 64) return -EINVAL;
  t.nsproxy.uts.domainname = name;
  return 0;
}

export function sys_syslog(k: Kernel, t: Task, action: unknown): unknown {
  switch (action) {
    case SYSLOG_ACTION_READ_ALL:
      // kernel.dmesg_restrict = 1 on Debian: reading the log needs CAP_SYSLOG
      if (!capable(t.cred)) return -EPERM;
      return k.log.text();
    case SYSLOG_ACTION_CLEAR:
      if (!capable(t.cred)) return -EPERM;
      k.log.clear();
      return 0;
    case SYSLOG_ACTION_SIZE_BUFFER:
      return 1 << 18;
    default:
      return -EINVAL;
  }
}
