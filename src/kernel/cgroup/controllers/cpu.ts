// The cpu controller's per-cgroup state (kernel/sched/core.c cpu_cgroup files, fair.c task
// groups): the group's weight (v1 cpu.shares, v2 cpu.weight), CFS bandwidth control (quota per
// period) and its statistics. The scheduler (sched/group.ts) enforces both.
import type { Cgroup } from '../cgroup';
import type { Task } from '../../task/task';
import type { Timer } from '../../time/timers';

export const DEFAULT_SHARES = 1024;
export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const DEFAULT_PERIOD_NS = 100_000_000;
/** cfs_quota_us / period bounds (kernel/sched/core.c tg_set_cfs_bandwidth) */
export const MIN_CFS_QUOTA_NS = 1_000_000;
export const MAX_CFS_PERIOD_NS = 1_000_000_000;
export const MIN_CFS_PERIOD_NS = 1_000_000;

export class CpuCg {
  /** weight as shares (v2 cpu.weight 100 = 1024 shares) */
  shares = DEFAULT_SHARES;
  /** cpu.idle (accepted and kept; SCHED_IDLE group semantics are not modelled) */
  idle = 0;
  /** bandwidth: quota per period; Infinity = no limit ("-1", "max") */
  quotaNs = Infinity;
  periodNs = DEFAULT_PERIOD_NS;
  burstNs = 0;
  /** runtime left in the current period */
  runtimeNs = 0;
  throttled = false;
  throttledAtNs = 0;
  /** runnable tasks held back while this group is throttled */
  readonly throttledTasks = new Set<Task>();
  /** period timer (do_sched_cfs_period_timer); null when inactive */
  periodTimer: Timer | null = null;
  /** set at the end of a period in which the group did not run; cleared when runtime is used */
  idlePeriod = false;
  // cpu.stat
  nrPeriods = 0;
  nrThrottled = 0;
  throttledTimeNs = 0;
  // group scheduling: sum of the weights of this group's runnable entities (tasks and child groups)
  load = 0;

  constructor(
    readonly cg: Cgroup,
    readonly parent: CpuCg | null,
  ) {}

  get hasQuota(): boolean {
    return Number.isFinite(this.quotaNs);
  }

  /** Total throttled time including a throttle in progress. */
  throttledTotalNs(now: number): number {
    return this.throttledTimeNs + (this.throttled ? now - this.throttledAtNs : 0);
  }
}

/** sched_weight_from_cgroup / to_cgroup: cpu.weight (1..10000, default 100) <-> shares. */
export const weightToShares = (w: number): number => Math.round((w * 1024) / 100);
export const sharesToWeight = (s: number): number => Math.round((s * 100) / 1024);

/** cpu.weight.nice: the nice value whose weight is closest to the group's. */
export function sharesToNice(shares: number, table: readonly number[]): number {
  let best = 0;
  let bestD = Infinity;
  table.forEach((w, i) => {
    const d = Math.abs(w - shares);
    if (d < bestD) {
      bestD = d;
      best = i - 20;
    }
  });
  return best;
}
