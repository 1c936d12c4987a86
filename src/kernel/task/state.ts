// A task's state letter, derived from what it is doing (fs/proc/array.c task_state_array):
// R running or runnable, S interruptible sleep, D uninterruptible sleep, T stopped, t traced,
// Z exited but not reaped, X dead. Nothing ever assigns a state.
import { type Task, ExitState } from './task';
import type { Kernel } from '../kernel';

export type StateLetter = 'R' | 'S' | 'D' | 'T' | 't' | 'Z' | 'X';

export function taskState(t: Task): StateLetter {
  if (t.exitState === ExitState.Dead) return 'X';
  if (t.exitState === ExitState.Zombie) return 'Z';
  // in the cgroup freezer's refrigerator: TASK_FROZEN, reported as D (Linux 6.13+, stable 6.1+)
  if (t.frozen && !t.onCpu && !t.onRq) return 'D';
  if (t.stopped) return 'T';
  if (t.onCpu || t.onRq) return 'R';
  if (t.inVfork) return 'D';
  if (t.wait) return t.wait.uninterruptible ? 'D' : 'S';
  return 'R';
}

export const STATE_NAME: Record<StateLetter, string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  D: 'D (disk sleep)',
  T: 'T (stopped)',
  t: 't (tracing stop)',
  Z: 'Z (zombie)',
  X: 'X (dead)',
};

/**
 * Tracing: emit a `state` event if `t`'s state letter differs from the one last reported. Called
 * (only while `k.trace.active`) wherever an input of taskState changes: run queue enqueue/dequeue
 * and switch-out (sched/core.ts), group stop and continue (signal/signal.ts), exit and release
 * (task/exit.ts), a vfork parent's release (task/exec.ts). A task's wait is only set or cleared
 * while it is on a CPU (state R either way), or together with one of those.
 */
export function noteState(k: Kernel, t: Task): void {
  const to = taskState(t);
  const from = t.traceState;
  if (from === to) return;
  t.traceState = to;
  k.trace.emit({ type: 'state', timeNs: k.timers.now, pid: t.pid.numbers[0]!, comm: t.comm, from, to });
}

/** Tracing starts: remember every task's current state without emitting anything. */
export function initTraceStates(k: Kernel): void {
  for (const t of k.allTasks()) t.traceState = taskState(t);
}
