// CFS bandwidth control (kernel/sched/fair.c: account_cfs_rq_runtime, throttle_cfs_rq,
// do_sched_cfs_period_timer). A group with a quota may run `quota` ns of CPU time per `period`,
// summed over all its tasks and CPUs and over its descendants; when the runtime is used up the
// group is throttled: its tasks stay runnable (state R) but leave the run queues until the period
// timer refills the runtime. A parent's quota caps its whole subtree.
//
// Modelled: one global runtime pool per group (Linux hands out 5 ms slices to per-CPU pools, so
// its enforcement is a little coarser), the period timer that goes idle after a period without
// use, nr_periods/nr_throttled/throttled_time as cpu.stat reports them, cpu.cfs_burst_us.
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import type { CpuCg } from '../cgroup/controllers/cpu';
import type { Cgroup } from '../cgroup/cgroup';
import type { Scheduler } from './core';

/** Is the task's group g or below it? */
function inGroup(t: Task, g: CpuCg): boolean {
  for (let x = t.schedGroup; x; x = x.parent) if (x === g) return true;
  return false;
}

export class Bandwidth {
  constructor(
    private readonly k: Kernel,
    private readonly sched: Scheduler,
  ) {}

  /** The innermost throttled group on the task's path to the root, if any. */
  throttledAncestor(t: Task): CpuCg | null {
    for (let g = t.schedGroup ?? this.k.cgroups.cpuOf(t); g; g = g.parent) if (g.throttled) return g;
    return null;
  }

  /** Hold a runnable task back if one of its groups is throttled. Returns true if it was parked. */
  parkIfThrottled(t: Task): boolean {
    const g = this.throttledAncestor(t);
    if (!g) return false;
    t.onRq = true;
    t.throttledBy = g;
    g.throttledTasks.add(t);
    return true;
  }

  /** A parked task leaves (it exits, stops or migrates). */
  unpark(t: Task): void {
    t.throttledBy?.throttledTasks.delete(t);
    t.throttledBy = null;
    t.onRq = false;
  }

  /** Runtime the task may still use before some group of it must be throttled (Infinity: no quota). */
  runtimeLeft(t: Task): number {
    let left = Infinity;
    for (let g = t.schedGroup; g; g = g.parent) if (g.hasQuota && g.runtimeNs < left) left = g.runtimeNs;
    return left;
  }

  /** Charge CPU time to every group with a quota on the task's path (account_cfs_rq_runtime). */
  consume(t: Task, ns: number): void {
    for (let g = t.schedGroup; g; g = g.parent) {
      if (!g.hasQuota) continue;
      g.runtimeNs -= ns;
      g.idlePeriod = false;
      this.startPeriodTimer(g);
      if (g.runtimeNs <= 0 && !g.throttled) this.throttle(g);
    }
  }

  /** A new quota/period/burst was written (tg_set_cfs_bandwidth): refill, unthrottle if needed. */
  configure(g: CpuCg, quotaNs: number, periodNs: number, burstNs: number): void {
    g.quotaNs = quotaNs;
    g.periodNs = periodNs;
    g.burstNs = burstNs;
    g.runtimeNs = Number.isFinite(quotaNs) ? quotaNs : 0;
    if (g.periodTimer) {
      this.k.timers.cancel(g.periodTimer);
      g.periodTimer = null;
    }
    if (g.throttled) this.unthrottle(g);
  }

  removed(g: CpuCg): void {
    if (g.periodTimer) this.k.timers.cancel(g.periodTimer);
    g.periodTimer = null;
  }

  private startPeriodTimer(g: CpuCg): void {
    if (g.periodTimer) return;
    g.periodTimer = this.k.timers.after(g.periodNs, () => this.periodTimer(g));
  }

  /** do_sched_cfs_period_timer: count the period, refill, release a throttled group or go idle. */
  private periodTimer(g: CpuCg): void {
    g.periodTimer = null;
    if (g.cg.dead || !g.hasQuota) return;
    g.nrPeriods++;
    // __refill_cfs_bandwidth_runtime: up to quota + burst may accumulate; an overrun of the last
    // period (CPUs finishing their slices) is paid back from this one, as per-CPU debt is in Linux
    g.runtimeNs = Math.min(g.runtimeNs + g.quotaNs, g.quotaNs + g.burstNs);
    if (!g.throttled) {
      if (g.idlePeriod) return; // a whole period without use: the timer goes idle
      g.idlePeriod = true;
    } else {
      g.nrThrottled++;
      // still in debt after the refill: the group stays throttled for another period
      if (g.runtimeNs > 0) this.unthrottle(g);
    }
    g.periodTimer = this.k.timers.after(g.periodNs, () => this.periodTimer(g));
  }

  /** throttle_cfs_rq: the group's entity leaves its parent; its queued tasks leave the run queues. */
  private throttle(g: CpuCg): void {
    g.throttled = true;
    g.throttledAtNs = this.k.timers.now;
    if (g.parent && g.load > 0) this.sched.groupLoadAdd(g.parent, -g.shares);
    // the group's own tasks (its cgroup and those below), not every run queue
    const hold = (c: Cgroup): void => {
      for (const t of c.tasks) {
        if (!t.onRq || t.throttledBy || !inGroup(t, g)) continue;
        this.sched.holdBack(t);
        t.throttledBy = g;
        g.throttledTasks.add(t);
      }
      for (const ch of c.children.values()) hold(ch);
    };
    hold(g.cg);
    for (const cpu of this.sched.cpus) if (cpu.curr && inGroup(cpu.curr, g)) this.sched.preempt(cpu);
  }

  /** unthrottle_cfs_rq: back into the parent; held tasks return to run queues. */
  private unthrottle(g: CpuCg): void {
    g.throttled = false;
    g.throttledTimeNs += this.k.timers.now - g.throttledAtNs;
    if (g.parent && g.load > 0) this.sched.groupLoadAdd(g.parent, g.shares);
    const held = [...g.throttledTasks];
    g.throttledTasks.clear();
    for (const t of held) {
      t.throttledBy = null;
      t.onRq = false;
      this.sched.requeue(t);
    }
  }
}
