// cpuacct (kernel/sched/cpuacct.c) and, on v2, the cpu controller's usage statistics (cpu.stat
// usage_usec/user_usec/system_usec): CPU time charged to a cgroup and all its ancestors, per CPU,
// split into user and system time as the tick-based accounting does.
export class CpuacctCg {
  /** per-CPU user / system nanoseconds */
  userNs: number[] = [];
  sysNs: number[] = [];
  constructor(readonly parent: CpuacctCg | null) {}

  charge(cpu: number, userNs: number, sysNs: number): void {
    for (let p: CpuacctCg | null = this as CpuacctCg | null; p; p = p.parent) {
      p.userNs[cpu] = (p.userNs[cpu] ?? 0) + userNs;
      p.sysNs[cpu] = (p.sysNs[cpu] ?? 0) + sysNs;
    }
  }

  usage(ncpus: number): { user: number; sys: number; perCpu: number[]; perCpuUser: number[]; perCpuSys: number[] } {
    const perCpuUser = Array.from({ length: ncpus }, (_, i) => this.userNs[i] ?? 0);
    const perCpuSys = Array.from({ length: ncpus }, (_, i) => this.sysNs[i] ?? 0);
    const perCpu = perCpuUser.map((u, i) => u + perCpuSys[i]!);
    return { user: sum(perCpuUser), sys: sum(perCpuSys), perCpu, perCpuUser, perCpuSys };
  }

  /** writing 0 to cpuacct.usage resets the counters of this cgroup (not its ancestors) */
  reset(): void {
    this.userNs = [];
    this.sysNs = [];
  }
}

function sum(a: number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
