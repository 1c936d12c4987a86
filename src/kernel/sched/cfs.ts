// The Completely Fair Scheduler's arithmetic (kernel/sched/fair.c, core.c): the nice-to-weight
// table, tunables scaled by CPU count, and vruntime accounting. Linux 6.6+ replaced CFS's pick
// with EEVDF; vruntime, weights and the fairness they produce are the same, and the lab teaches
// CFS (cpu.shares, cfs_quota_us) because that is what the cgroup interfaces are named after.
export const NICE_0_LOAD = 1024;

/** sched_prio_to_weight[], nice -20 .. 19 */
export const PRIO_TO_WEIGHT: readonly number[] = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906,
  3121, 2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45,
  36, 29, 23, 18, 15,
];

export function niceToWeight(nice: number): number {
  return PRIO_TO_WEIGHT[Math.max(-20, Math.min(19, nice)) + 20]!;
}

/** Tunables as the kernel scales them: factor = 1 + ilog2(min(ncpus, 8)) (SCHED_TUNABLESCALING_LOG). */
export class CfsTunables {
  readonly latencyNs: number;
  readonly minGranularityNs: number;
  readonly wakeupGranularityNs: number;
  constructor(ncpus: number) {
    const factor = 1 + Math.floor(Math.log2(Math.min(Math.max(ncpus, 1), 8)));
    this.latencyNs = 6_000_000 * factor;
    this.minGranularityNs = 750_000 * factor;
    this.wakeupGranularityNs = 1_000_000 * factor;
  }

  /** sched_slice(): this task's share of the scheduling period. */
  slice(weight: number, totalWeight: number, nrRunning: number): number {
    const nrLatency = Math.floor(this.latencyNs / this.minGranularityNs);
    const period = nrRunning > nrLatency ? nrRunning * this.minGranularityNs : this.latencyNs;
    return Math.max(this.minGranularityNs, Math.floor((period * weight) / Math.max(totalWeight, 1)));
  }
}

/** calc_delta_fair(): wall ns of execution → vruntime ns. */
export function vruntimeDelta(deltaNs: number, weight: number): number {
  return weight === NICE_0_LOAD ? deltaNs : (deltaNs * NICE_0_LOAD) / weight;
}
