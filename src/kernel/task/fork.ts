// fork/clone (kernel/fork.c copy_process): a new task with copies (or shares, by CLONE_* flag) of
// the parent's files, fs, memory and signal handlers. Programs cannot be copied, so the child runs
// the program the caller passes (see syscall/api.ts fork()).
import type { Kernel } from '../kernel';
import { type Task, SignalStruct } from './task';
import { allocPid } from './pid';
import { attachPgrp, attachSession } from './pgrp';
import {
  CLONE_THREAD, CLONE_FILES, CLONE_FS, CLONE_VM, CLONE_SIGHAND, CLONE_PARENT, CLONE_VFORK, CSIGNAL,
  CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME,
  RLIMIT_NPROC,
} from '../abi/flags';
import { EAGAIN, EINVAL, ENOMEM } from '../abi/errno';
import type { Program } from '../syscall/api';
import { copyNamespaces, createUserNs } from '../ns/nsproxy';
import { canAllocateTask } from '../mm/meminfo';
import { capable } from './cred';

export const CLONE_NS_FLAGS = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWCGROUP;

/** Count of live tasks owned by a real uid (the user_struct processes counter RLIMIT_NPROC checks). */
function userProcesses(k: Kernel, uid: number): number {
  let n = 0;
  for (const pid of k.initPidNs.pids.values()) {
    const t = pid.task;
    if (t && t.alive && t.cred.uid === uid) n++;
  }
  return n;
}

/** copy_process(). Returns the child task or -errno. */
export function copyProcess(k: Kernel, parent: Task, flags: number, program: () => Program): Task | number {
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
  if (k.nrThreads >= k.maxThreads) return -EAGAIN;
  // RLIMIT_NPROC: root (and CAP_SYS_RESOURCE/CAP_SYS_ADMIN) is exempt, as in Linux
  if (!capable(parent.cred)) {
    const lim = parent.sig.rlim[RLIMIT_NPROC]!.cur;
    if (Number.isFinite(lim) && userProcesses(k, parent.cred.uid) >= lim) return -EAGAIN;
  }
  if (!(flags & CLONE_VM) && !canAllocateTask(k, parent.mm.rssAnonBytes)) return -ENOMEM;
  // credentials first: CLONE_NEWUSER puts the child's in a new user namespace, which then owns
  // (and grants the capabilities for) every other new namespace
  const cred = parent.cred.clone();
  if (flags & CLONE_NEWUSER) {
    if (flags & (CLONE_THREAD | CLONE_FS)) return -EINVAL;
    const r = createUserNs(k, cred);
    if (r < 0) return r;
  }
  const fs = flags & CLONE_FS ? parent.fs : { root: parent.fs.root, cwd: parent.fs.cwd, umask: parent.fs.umask };
  const nsr = flags & CLONE_NS_FLAGS ? copyNamespaces(k, parent, flags & CLONE_NS_FLAGS & ~CLONE_NEWTIME, cred, fs) : parent.nsproxy;
  if (typeof nsr === 'number') return nsr;
  const pidNs = nsr.pidForChildren;
  if (pidNs.dead) return -ENOMEM;
  // cgroup_can_fork: the pids controller's limit
  const cgr = k.cgroups.canFork(parent);
  if (cgr < 0) return cgr;
  const pid = allocPid(pidNs);
  if (!pid) return -EAGAIN;

  const c = k.newTask();
  c.pid = pid;
  pid.task = c;
  c.nsproxy = nsr;
  c.cred = cred;
  c.comm = parent.comm;
  c.argv = parent.argv;
  c.envp = parent.envp;
  c.exe = parent.exe;
  c.image = parent.image;
  c.nice = parent.nice;
  c.blocked = parent.blocked;
  c.startTimeNs = k.timers.now;
  c.forkNoExec = true;

  if (flags & CLONE_FILES) {
    c.files = parent.files;
    parent.files.users++;
  } else c.files = parent.files.clone();
  c.fs = fs;
  if (flags & CLONE_VM) {
    c.mm = parent.mm;
    parent.mm.users++;
  } else c.mm = parent.mm.clone();

  if (flags & CLONE_THREAD) {
    c.sig = parent.sig;
    c.groupLeader = parent.groupLeader;
    c.groupLeader.threads.push(c);
    c.threads = [];
    c.exitSignal = -1;
    c.parent = parent.groupLeader.parent;
    c.realParent = parent.groupLeader.realParent;
    c.pgrp = parent.groupLeader.pgrp;
    c.session = parent.groupLeader.session;
  } else {
    const s = new SignalStruct();
    s.actions = parent.sig.actions.slice();
    s.rlim = parent.sig.rlim.slice();
    s.tty = parent.sig.tty;
    s.oomScoreAdj = parent.sig.oomScoreAdj;
    s.hasChildSubreaper = parent.sig.hasChildSubreaper || parent.sig.isChildSubreaper;
    c.sig = s;
    c.exitSignal = flags & CSIGNAL;
    const p = flags & CLONE_PARENT ? parent.groupLeader.realParent ?? parent.groupLeader : parent.groupLeader;
    c.parent = c.realParent = p;
    p.children.add(c);
    attachPgrp(c, parent.groupLeader.pgrp);
    attachSession(c, parent.groupLeader.session);
    if (pidNs !== parent.pidNs && !pidNs.reaper) {
      // the first task of a new pid namespace is its init
      pidNs.reaper = c;
      c.sig.unkillable = true;
    }
  }
  c.frames = [{ gen: program(), kind: 'main' }];
  k.cgroups.postFork(parent, c);
  k.nrThreads++;
  k.forks++;
  if (k.trace.active) k.trace.emit({ type: 'fork', timeNs: k.timers.now, pid: c.pid.vnr, ppid: parent.tgid.vnr, comm: c.comm });
  if (flags & CLONE_VFORK) c.vforkParent = parent;
  k.sched.wakeNew(c, parent);
  return c;
}
