// Per-process views of per-thread facts, shared by /proc, times(), getrusage() and the panels.
import { type Task, ExitState } from './task';
import type { PidNamespace } from './pid';

/** thread_group_cputime(): the process's user and system time, exited threads included. */
export function threadGroupCputime(t: Task): { utimeNs: number; stimeNs: number } {
  let u = t.sig.deadUtimeNs;
  let s = t.sig.deadStimeNs;
  for (const th of t.groupLeader.threads) {
    u += th.utimeNs;
    s += th.stimeNs;
  }
  return { utimeNs: u, stimeNs: s };
}

/** Threads not yet reaped (status "Threads:", stat num_threads). */
export function liveThreadCount(t: Task): number {
  return t.groupLeader.threads.filter((x) => x.exitState !== ExitState.Dead).length || 1;
}

/** The processes /proc lists for a pid namespace: thread-group leaders not yet reaped, by pid. */
export function visibleProcesses(ns: PidNamespace): Array<[number, Task]> {
  const out: Array<[number, Task]> = [];
  for (const [n, p] of ns.pids) {
    const t = p.task;
    if (t && t.isLeader() && t.exitState !== ExitState.Dead) out.push([n, t]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
