// cpuset (kernel/cgroup/cpuset.c): the CPUs and memory nodes a cgroup's tasks may use. The
// scheduler places tasks only on CPUs of their effective cpuset. v1: a new cgroup starts with
// empty cpuset.cpus/mems (unless its parent has cgroup.clone_children) and cannot take tasks until
// both are set (ENOSPC); v2: an empty cpuset.cpus means "inherit the parent's effective CPUs".
import type { Cgroup } from '../cgroup';

export class CpusetCg {
  /** configured cpuset.cpus (sorted CPU numbers); v1 root = all CPUs */
  cpus: number[] = [];
  mems: number[] = [];
  constructor(
    readonly cg: Cgroup,
    readonly parent: CpusetCg | null,
  ) {}

  /** cpuset.effective_cpus: v1 = configured ∩ parent's effective; v2 = configured (or parent's) ∩ parent's effective */
  effectiveCpus(): number[] {
    if (!this.parent) return this.cpus;
    const pe = this.parent.effectiveCpus();
    if (this.cg.hier.v2 && this.cpus.length === 0) return pe;
    const eff = this.cpus.filter((c) => pe.includes(c));
    // v2: if nothing of the configured set is available, the parent's effective set is used
    return this.cg.hier.v2 && eff.length === 0 ? pe : eff;
  }

  effectiveMems(): number[] {
    if (!this.parent) return this.mems;
    const pe = this.parent.effectiveMems();
    if (this.cg.hier.v2 && this.mems.length === 0) return pe;
    return this.mems.filter((m) => pe.includes(m));
  }
}

/** Parse a cpu list ("0-2,4"); null if malformed. An empty string is the empty set. */
export function parseCpuList(s: string): number[] | null {
  const v = s.trim();
  if (v === '') return [];
  const out = new Set<number>();
  for (const part of v.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) return null;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/** Format a sorted cpu list as Linux prints it ("0-2,4"). */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j]! + 1) j++;
    parts.push(i === j ? String(cpus[i]) : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
