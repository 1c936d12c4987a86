// Signal generation and delivery (kernel/signal.c).
//  - generation (sendSignal): permission and the pid-namespace init rule, discarding ignored
//    signals, SIGCONT/stop side effects, waking the target;
//  - delivery (deliverSignals) on "return to user mode": handlers run as generator frames on top
//    of the program, default actions terminate, stop, continue or ignore.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { ExitState } from '../task/task';
import {
  SIGKILL, SIGSTOP, SIGCONT, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU, SIG_DEFAULT_ACTION, sigbit,
  SA_RESTART, SA_NODEFER, SA_RESETHAND, SA_NOCLDSTOP,
} from '../abi/signal';
import { EINTR } from '../abi/errno';
import { doGroupExit } from '../task/exit';
import { isOrphanedPgrp } from '../task/pgrp';
import type { SigAction } from '../syscall/api';
import { noteState } from '../task/state';

const STOP_MASK = sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU);
const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

export function isStopSig(sig: number): boolean {
  return (sigbit(sig) & STOP_MASK) !== 0;
}

/** The disposition's effect: is the signal ignored (explicitly, or by a default of "ign")? */
function sigIgnored(t: Task, sig: number): boolean {
  const h = t.sig.actions[sig]!.handler;
  if (h === 'ignore') return true;
  return h === 'default' && SIG_DEFAULT_ACTION[sig] === 'ign';
}

/**
 * Generate `sig` for task `t` (its whole thread group when `group`). `force` is true when the
 * sender is the kernel or lives in an ancestor pid namespace of the target: only then may SIGKILL
 * and SIGSTOP reach a namespace's init (sig_task_ignored with SIGNAL_UNKILLABLE).
 * Returns true if the signal was queued.
 */
export function sendSignal(k: Kernel, t: Task, sig: number, group: boolean, force: boolean, fromPid = 0): boolean {
  if (sig <= 0 || sig > 31) return false;
  if (t.exitState !== ExitState.Running) return false;
  const leader = t.groupLeader;
  const ss = t.sig;
  if (ss.groupExit !== null && sig !== SIGKILL) return false;
  // prepare_signal(): stop/continue side effects happen at generation time
  if (isStopSig(sig)) {
    for (const th of leader.threads) th.pending &= ~sigbit(SIGCONT);
    ss.sharedPending &= ~sigbit(SIGCONT);
  } else if (sig === SIGCONT) {
    for (const th of leader.threads) th.pending &= ~STOP_MASK;
    ss.sharedPending &= ~STOP_MASK;
    if (ss.groupStopped) {
      ss.groupStopped = false;
      ss.notifyContinued = true;
      ss.notifyStopped = false;
      for (const th of leader.threads) {
        th.stopped = false;
        if (th.alive && !th.onCpu && !th.onRq) k.sched.wake(th);
        if (k.trace.active) noteState(k, th);
      }
      notifyParentCldStop(k, leader, 'continued');
    }
  }
  // init of a pid namespace: drop signals whose handler is default, unless forced KILL/STOP
  const h = ss.actions[sig]!.handler;
  if (ss.unkillable && h === 'default' && !(force && (sig === SIGKILL || sig === SIGSTOP))) return false;
  // ignored signals are discarded at generation unless blocked (sig_ignored)
  const blocked = (t.blocked & sigbit(sig)) !== 0 && (sigbit(sig) & UNBLOCKABLE) === 0;
  if (!blocked && sigIgnored(t, sig) && sig !== SIGKILL && sig !== SIGSTOP) return false;
  if (group) ss.sharedPending |= sigbit(sig);
  else t.pending |= sigbit(sig);
  if (k.trace.active) k.trace.emit({ type: 'signal', timeNs: k.timers.now, pid: t.tgid.vnr, sig, from: fromPid });
  if (sig === SIGKILL) {
    // SIGKILL wakes everything, even stopped threads (fatal signals end a group stop)
    ss.groupStopped = false;
    for (const th of leader.threads) {
      th.stopped = false;
      signalWakeUp(k, th, true);
      if (k.trace.active) noteState(k, th);
    }
    return true;
  }
  // complete_signal(): wake a thread that can take it
  const target = group ? pickThread(t, sig) : t;
  if (target) signalWakeUp(k, target, false);
  return true;
}

function pickThread(t: Task, sig: number): Task | null {
  const bit = sigbit(sig);
  if (!(t.blocked & bit) || t.sigwaitMask & bit) return t;
  for (const th of t.groupLeader.threads) if (th.alive && (!(th.blocked & bit) || th.sigwaitMask & bit)) return th;
  return null;
}

/** signal_wake_up(): interrupt an interruptible (or, for fatal signals, killable) sleep. */
function signalWakeUp(k: Kernel, t: Task, fatal: boolean): void {
  if (!t.alive) return;
  // a frozen task takes no signal, SIGKILL included, until it is thawed
  if (t.frozen && !t.onCpu && !t.onRq) return;
  if (t.onCpu) {
    k.sched.interrupt(t);
    return;
  }
  if (t.stopped) return;
  if (t.wait) {
    if (!t.wait.uninterruptible || fatal) k.wakeTask(t);
    return;
  }
  if (!t.onRq) k.sched.wake(t);
}

/** Signals pending and not blocked for this thread. */
function deliverableMask(t: Task): number {
  return (t.pending | t.sig.sharedPending) & ~(t.blocked & ~UNBLOCKABLE);
}

export function hasDeliverable(t: Task): boolean {
  const m = deliverableMask(t);
  if (m === 0) return false;
  if (t.wait?.uninterruptible) return (m & sigbit(SIGKILL)) !== 0;
  return true;
}

/** Force a signal from the kernel (a fault): unblock it and reset an ignore to default. */
export function forceSig(k: Kernel, t: Task, sig: number): void {
  const a = t.sig.actions[sig]!;
  if (a.handler === 'ignore' || t.blocked & sigbit(sig)) {
    t.blocked &= ~sigbit(sig);
    if (a.handler === 'ignore') t.sig.actions[sig] = { handler: 'default' };
  }
  t.sig.unkillable = false;
  sendSignal(k, t, sig, false, true);
}

/**
 * get_signal() + handle_signal(): deliver pending signals in number order.
 * Returns 'continue' when the task should go on running (possibly in a handler).
 */
export function deliverSignals(k: Kernel, t: Task): 'continue' | 'dead' | 'stopped' {
  for (let guard = 0; guard < 64; guard++) {
    const mask = deliverableMask(t);
    if (mask === 0) return 'continue';
    if (t.wait?.uninterruptible && !(mask & sigbit(SIGKILL))) return 'continue';
    // SIGKILL first, then the lowest-numbered signal
    const sig = mask & sigbit(SIGKILL) ? SIGKILL : lowestBit(mask) + 1;
    const bit = sigbit(sig);
    if (t.pending & bit) t.pending &= ~bit;
    else t.sig.sharedPending &= ~bit;
    const act = t.sig.actions[sig]!;
    if (sig === SIGKILL || act.handler === 'default') {
      const def = sig === SIGKILL ? 'term' : SIG_DEFAULT_ACTION[sig];
      if (t.sig.unkillable && sig !== SIGKILL && sig !== SIGSTOP) continue;
      switch (def) {
        case 'ign':
        case 'cont':
          continue;
        case 'stop':
          // POSIX: terminal stop signals to an orphaned process group are discarded
          if (sig !== SIGSTOP && isOrphanedPgrp(k, t.groupLeader.pgrp, null)) continue;
          doGroupStop(k, t, sig);
          return 'stopped';
        case 'term':
        case 'core':
          abortWait(k, t);
          // core dumps are not written (RLIMIT_CORE is 0 on the default machine): status = sig
          doGroupExit(k, t, sig);
          return 'dead';
      }
    }
    if (act.handler === 'ignore') continue;
    // a handler: run it as a generator frame on top of the program
    const saved = {
      resume: t.resume,
      wait: null as typeof t.wait,
      burstUser: t.burstUser,
      blocked: t.blocked,
    };
    if (t.wait) {
      const w = t.wait;
      k.unpark(t);
      t.wait = null;
      const partial = w.interrupted?.();
      if (partial !== undefined) saved.resume = partial;
      else if (w.restart === 'sa_restart' && ((act.flags ?? 0) & SA_RESTART) !== 0) saved.wait = w;
      else saved.resume = -EINTR;
    }
    t.burstUser = 0;
    t.blocked |= (act.mask ?? 0) & ~UNBLOCKABLE;
    if (!((act.flags ?? 0) & SA_NODEFER)) t.blocked |= bit;
    const fn = act.handler;
    if ((act.flags ?? 0) & SA_RESETHAND) t.sig.actions[sig] = { handler: 'default' };
    t.frames.push({ gen: fn(sig), kind: 'handler', saved });
    t.resume = undefined;
    return 'continue';
  }
  return 'continue';
}

/** A handler frame returned: rt_sigreturn restores the mask and what the handler interrupted. */
export function finishHandlerFrame(k: Kernel, t: Task): void {
  const f = t.frames.pop();
  if (!f?.saved) return;
  t.blocked = f.saved.blocked;
  t.resume = f.saved.resume;
  t.burstUser += f.saved.burstUser;
  if (f.saved.wait) t.wait = f.saved.wait; // SA_RESTART: the syscall runs again
  void k;
}

function abortWait(k: Kernel, t: Task): void {
  if (t.wait) {
    k.unpark(t);
    t.wait = null;
  }
}

function lowestBit(m: number): number {
  return 31 - Math.clz32(m & -m);
}

/** do_signal_stop(): every thread of the process stops; the parent hears about it. */
function doGroupStop(k: Kernel, t: Task, sig: number): void {
  const ss = t.sig;
  ss.groupStopped = true;
  ss.stopSignal = sig;
  ss.notifyStopped = true;
  ss.notifyContinued = false;
  for (const th of t.groupLeader.threads) {
    if (!th.alive) continue;
    th.stopped = true;
    if (th !== t && th.onRq) k.sched.dequeue(th);
    if (th !== t && th.onCpu) k.sched.interrupt(th);
    if (k.trace.active) noteState(k, th);
  }
  notifyParentCldStop(k, t.groupLeader, 'stopped');
}

/** do_notify_parent_cldstop(): SIGCHLD (unless SA_NOCLDSTOP) and a wake-up for wait4. */
export function notifyParentCldStop(k: Kernel, leader: Task, what: 'stopped' | 'continued'): void {
  const parent = leader.parent;
  if (!parent || !parent.alive) return;
  const act = parent.sig.actions[SIGCHLD]!;
  if (!((act.flags ?? 0) & SA_NOCLDSTOP)) sendSignal(k, parent, SIGCHLD, true, true, leader.tgid.vnr);
  parent.sig.waitChldExit.wakeAll();
  void what;
}

/** Install a disposition (rt_sigaction). Returns the old one. */
export function setAction(t: Task, sig: number, act: SigAction): SigAction {
  const old = t.sig.actions[sig]!;
  t.sig.actions[sig] = { handler: act.handler, mask: act.mask ?? 0, flags: act.flags ?? 0 };
  // POSIX: setting a pending signal to be ignored discards it
  if (sigIgnored(t, sig)) {
    for (const th of t.groupLeader.threads) th.pending &= ~sigbit(sig);
    t.sig.sharedPending &= ~sigbit(sig);
  }
  return old;
}
