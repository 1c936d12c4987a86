// Process exit (kernel/exit.c): release resources, reparent children, notify the parent, become a
// zombie until wait4() reaps it (or be reaped at once if the parent ignores SIGCHLD).
import type { Kernel } from '../kernel';
import { type Task, ExitState } from './task';
import { SIGKILL, SIGCHLD, SIGHUP, SIGCONT, SA_NOCLDWAIT } from '../abi/signal';
import { sendSignal } from '../signal/signal';
import { isOrphanedPgrp, hasStoppedJobs, pgrpMembers } from './pgrp';
import { closeAllFiles } from '../fs/vfs';
import { ttyHangupSession } from '../tty/tty';
import { releaseVforkParent } from './exec';
import { noteState } from './state';

/** exit_group() / fatal signal: every thread of the process exits with `status`. */
export function doGroupExit(k: Kernel, t: Task, status: number): void {
  const ss = t.sig;
  if (ss.groupExit === null) ss.groupExit = status;
  for (const th of [...t.groupLeader.threads]) {
    if (th !== t && th.alive) {
      th.pending |= 1 << (SIGKILL - 1);
      doExit(k, th, ss.groupExit);
    }
  }
  doExit(k, t, ss.groupExit);
}

/**
 * do_exit(). `status` is the wait status (code << 8, or the terminating signal). `normal` marks a
 * program returning from main (exit(2) from the last thread ends the process).
 */
export function doExit(k: Kernel, t: Task, status: number, normal = false): void {
  if (t.exitState !== ExitState.Running) return;
  if (normal && t.sig.groupExit === null && t.groupLeader.threads.filter((x) => x.alive).length > 1 && t.isLeader()) {
    // exit() of the leader of a multi-threaded process: like exit_group from main's return
    doGroupExit(k, t, status);
    return;
  }
  const wasInit = t.sig.unkillable && t.isLeader();
  // a vfork child that dies (by exit or by a signal) lets its parent continue
  if (t.vforkParent) releaseVforkParent(k, t);
  // leave the CPU and any wait
  if (t.wait) {
    k.unpark(t);
    t.wait = null;
  }
  if (t.onRq) k.sched.dequeue(t);
  t.burstSys = t.burstUser = 0;
  t.frames = [];
  t.exitCode = t.sig.groupExit ?? status;
  t.exitState = ExitState.Zombie;
  if (k.trace.active) noteState(k, t);
  k.cgroups.exit(t);
  if (k.trace.active) k.trace.emit({ type: 'exit', timeNs: k.timers.now, pid: t.pid.vnr, status: t.exitCode });

  closeAllFiles(k, t);
  t.mm.users--;
  if (t.mm.users <= 0) t.mm.dropAll();
  if (t.sig.alarmTimer) k.timers.cancel(t.sig.alarmTimer as never);

  const leader = t.groupLeader;
  const groupDone = leader.threads.every((th) => th.exitState !== ExitState.Running);
  if (!t.isLeader()) {
    // a thread: account its time to the process and disappear at once
    t.sig.deadUtimeNs += t.utimeNs;
    t.sig.deadStimeNs += t.stimeNs;
    releaseTask(k, t);
  }
  if (!groupDone) return;

  if (wasInit && leader.pidNs === k.initPidNs) {
    k.panic(`Attempted to kill init! exitcode=0x${leader.exitCode.toString(16).padStart(8, '0')}`);
  }
  if (wasInit) zapPidNamespace(k, leader);
  exitNotify(k, leader);
}

/** zap_pid_ns_processes(): when a namespace's init dies, everyone in it is SIGKILLed. */
function zapPidNamespace(k: Kernel, init: Task): void {
  const ns = init.pidNs;
  ns.dead = true;
  for (const pid of [...ns.pids.values()]) {
    const t = pid.task;
    if (t && t !== init && t.alive) sendSignal(k, t, SIGKILL, true, true);
  }
}

function exitNotify(k: Kernel, leader: Task): void {
  forgetOriginalParent(k, leader);
  // the session leader's exit hangs up its controlling terminal
  if (leader.session === leader.pid && leader.sig.tty) ttyHangupSession(k, leader);
  killOrphanedPgrp(k, leader, leader.parent);
  const parent = leader.parent;
  if (!parent || !parent.alive) {
    releaseTask(k, leader);
    return;
  }
  // do_notify_parent(): a parent that ignores SIGCHLD (or set SA_NOCLDWAIT) reaps automatically
  const act = parent.sig.actions[SIGCHLD]!;
  const autoreap = leader.exitSignal === SIGCHLD && (act.handler === 'ignore' || ((act.flags ?? 0) & SA_NOCLDWAIT) !== 0);
  if (leader.exitSignal > 0) sendSignal(k, parent, leader.exitSignal, true, true, leader.tgid.vnr);
  parent.sig.waitChldExit.wakeAll();
  if (autoreap) releaseTask(k, leader);
}

/** If our exit orphans a process group with stopped members, send it SIGHUP then SIGCONT. */
function killOrphanedPgrp(k: Kernel, leader: Task, parent: Task | null): void {
  const check = (pg: typeof leader.pgrp): void => {
    if (isOrphanedPgrp(k, pg, leader) && hasStoppedJobs(pg)) {
      for (const m of pgrpMembers(pg)) {
        sendSignal(k, m, SIGHUP, true, true);
        sendSignal(k, m, SIGCONT, true, true);
      }
    }
  };
  if (parent && parent.pgrp !== leader.pgrp && parent.session === leader.session) check(leader.pgrp);
  for (const c of leader.children) {
    if (c.pgrp !== leader.pgrp && c.session === leader.session) check(c.pgrp);
  }
}

/**
 * Reparent children (forget_original_parent): to the nearest live child subreaper among the
 * ancestors in the same pid namespace, else to the namespace's init.
 */
function forgetOriginalParent(k: Kernel, leader: Task): void {
  if (leader.children.size === 0) return;
  let reaper: Task | null = null;
  const ns = leader.pidNs;
  if (leader.sig.hasChildSubreaper) {
    for (let a = leader.realParent; a && a.pidNs === ns; a = a.realParent) {
      if (a.sig.isChildSubreaper && a.alive) {
        reaper = a;
        break;
      }
      if (a === ns.reaper) break;
    }
  }
  if (!reaper) reaper = ns.reaper && ns.reaper.alive && ns.reaper !== leader ? ns.reaper : null;
  for (const c of [...leader.children]) {
    leader.children.delete(c);
    if (!reaper) {
      // no reaper (the namespace's init itself is dying): children are reaped by the kernel
      c.parent = c.realParent = null;
      if (c.exitState === ExitState.Zombie) releaseTask(k, c);
      continue;
    }
    c.parent = c.realParent = reaper;
    reaper.children.add(c);
    if (c.pdeathSignal) sendSignal(k, c, c.pdeathSignal, true, true);
    if (c.exitState === ExitState.Zombie && c.threads.every((x) => !x.alive)) {
      const act = reaper.sig.actions[SIGCHLD]!;
      if (act.handler === 'ignore' || ((act.flags ?? 0) & SA_NOCLDWAIT) !== 0) releaseTask(k, c);
      else {
        sendSignal(k, reaper, SIGCHLD, true, true, c.tgid.vnr);
        reaper.sig.waitChldExit.wakeAll();
      }
    }
  }
}

/** release_task(): the task is gone (state X); its pid may be reused. */
export function releaseTask(k: Kernel, t: Task): void {
  if (t.exitState === ExitState.Dead) return;
  t.exitState = ExitState.Dead;
  if (k.trace.active) noteState(k, t);
  if (t.parent) t.parent.children.delete(t);
  const leader = t.groupLeader;
  if (t !== leader) leader.threads = leader.threads.filter((x) => x !== t);
  t.pid.task = null;
  t.pid.maybeFree();
  if (t.isLeader()) {
    t.pgrp.pgrpMembers.delete(t);
    t.pgrp.maybeFree();
    t.session.sessionMembers.delete(t);
    t.session.maybeFree();
  }
  k.nrThreads--;
  k.cgroups.release(t);
  if (k.trace.active) k.trace.emit({ type: 'reap', timeNs: k.timers.now, pid: t.pid.vnr });
}
