// The pids controller (kernel/cgroup/pids.c): counts tasks (threads) charged to a cgroup and its
// ancestors; fork() fails with EAGAIN when any level would exceed its pids.max. Migration moves
// the charge without checking the limit (so pids.current may exceed pids.max), and a zombie stays
// charged until it is reaped.
export const PIDS_MAX = Infinity;

export class PidsCg {
  /** pids.max (Infinity = "max") */
  max = PIDS_MAX;
  /** tasks charged here and in descendants */
  current = 0;
  /** pids.peak: highest pids.current seen */
  peak = 0;
  /** hierarchical "max" events (v2 pids.events; fork failures caused here or below) */
  eventsMax = 0;
  /** events of this cgroup only: forks rejected because of this cgroup's own limit (pids.events.local) */
  eventsMaxLocal = 0;
  /** forks of tasks in this cgroup that failed (v1 pids.events counts these) */
  forkFail = 0;
  constructor(readonly parent: PidsCg | null) {}

  /** Charge `n` tasks here and in every ancestor. */
  charge(n: number): void {
    for (let p: PidsCg | null = this as PidsCg | null; p; p = p.parent) {
      p.current += n;
      if (p.current > p.peak) p.peak = p.current;
    }
  }

  uncharge(n: number): void {
    for (let p: PidsCg | null = this as PidsCg | null; p; p = p.parent) p.current -= n;
  }

  /** pids_try_charge(): the first level (self or ancestor) whose limit one more task would exceed. */
  overLimit(): PidsCg | null {
    for (let p: PidsCg | null = this as PidsCg | null; p; p = p.parent) if (p.current + 1 > p.max) return p;
    return null;
  }
}

export function formatMax(v: number): string {
  return Number.isFinite(v) ? String(v) : 'max';
}

/** Parse "max" or a non-negative integer below 2^31 (PIDS_MAX_STR / PID_MAX_LIMIT checks). */
export function parsePidsMax(s: string): number | null {
  const v = s.trim();
  if (v === 'max') return Infinity;
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  if (n > 2 ** 31 - 1) return null;
  return n;
}
