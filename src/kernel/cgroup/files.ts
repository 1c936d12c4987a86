// The files of a cgroup directory (cgroup1_base_files, cgroup_base_files and each controller's
// cftypes), with Linux 6.18's names, defaults, formats and write validation. cgroupfs (fs/cgroupfs.ts)
// serves them. Files of controllers that are not enforced yet read and store what was written
// (see controllers/inert.ts).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import type { Cgroup } from './cgroup';
import { V2_CONTROLLERS, type ControllerName } from './cgroup';
import { EACCES, EBUSY, EINVAL, ENOENT, ENOSPC, EOPNOTSUPP } from '../abi/errno';
import { USER_HZ } from '../abi/flags';
import { SIGKILL } from '../abi/signal';
import { capable } from '../task/cred';
import { taskFromPid } from '../fs/cgroupfs';
import { sendSignal } from '../signal/signal';
import { formatMax, parsePidsMax } from './controllers/pids';
import { formatCpuList, parseCpuList } from './controllers/cpuset';
import { freezerState, freezerUpdate, parentFreezing } from './controllers/freezer';
import {
  MIN_SHARES, MAX_SHARES, MIN_CFS_QUOTA_NS, MIN_CFS_PERIOD_NS, MAX_CFS_PERIOD_NS, weightToShares, sharesToWeight, sharesToNice,
} from './controllers/cpu';
import { PRIO_TO_WEIGHT } from '../sched/cfs';
import { MEMCG_UNLIMITED } from './controllers/inert';

export interface CgFile {
  name: string;
  mode: number;
  read?: (k: Kernel, cg: Cgroup, viewer: Task) => string;
  /** returns 0 or -errno */
  write?: (k: Kernel, cg: Cgroup, text: string, writer: Task) => number;
}

const RO = 0o444;
const RW = 0o644;
const WO = 0o200;

const ro = (name: string, read: CgFile['read']): CgFile => ({ name, mode: RO, read });
const rw = (name: string, read: CgFile['read'], write: CgFile['write']): CgFile => ({ name, mode: RW, read, write });
const line = (v: string | number): string => `${v}\n`;
const isUint = (s: string): boolean => /^\d+$/.test(s.trim());

/** Knobs kept per cgroup whose value only reads back (inert controllers, flags). */
function knob(name: string, def: string, valid: (v: string) => boolean = () => true): CgFile {
  return rw(
    name,
    (_k, cg) => line(cg.knobs.get(name) ?? def),
    (_k, cg, text) => {
      const v = text.trim();
      if (!valid(v)) return -EINVAL;
      cg.knobs.set(name, v);
      return 0;
    },
  );
}
const bool01 = (v: string): boolean => v === '0' || v === '1';

// ---------------------------------------------------------------- migration and listing

function migrate(wholeGroup: boolean): NonNullable<CgFile['write']> {
  return (k, cg, text, writer) => {
    const target = taskFromPid(writer, text);
    if (typeof target === 'number') return target;
    // cgroup_procs_write_permission: root, or the same uid as the target
    const c = writer.cred;
    if (!capable(c) && c.euid !== target.cred.uid && c.euid !== target.cred.suid) return -EACCES;
    return k.cgroups.attach(target, cg, wholeGroup);
  };
}

function listPids(threads: boolean): NonNullable<CgFile['read']> {
  return (_k, cg, viewer) => {
    const ns = viewer.pidNs;
    const tasks = threads ? [...cg.tasks] : cg.procs();
    let out = '';
    for (const t of tasks) {
      const n = t.pid.nr(ns);
      if (n) out += `${n}\n`;
    }
    return out;
  };
}

// ---------------------------------------------------------------- core files

function v1Core(cg: Cgroup): CgFile[] {
  const f: CgFile[] = [
    rw('cgroup.clone_children', (_k, c) => line(c.cloneChildren ? 1 : 0), (_k, c, t) => {
      if (!bool01(t.trim())) return -EINVAL;
      c.cloneChildren = t.trim() === '1';
      return 0;
    }),
    rw('cgroup.procs', listPids(false), migrate(true)),
    rw('notify_on_release', (_k, c) => line(c.notifyOnRelease ? 1 : 0), (_k, c, t) => {
      if (!bool01(t.trim())) return -EINVAL;
      c.notifyOnRelease = t.trim() === '1';
      return 0;
    }),
    rw('tasks', listPids(true), migrate(false)),
  ];
  if (cg.isRoot()) {
    f.push(ro('cgroup.sane_behavior', () => line(0)));
    // the release agent is kept but never run (no usermode helper in the lab)
    f.push(knob('release_agent', ''));
  }
  return f;
}

function v2Core(cg: Cgroup): CgFile[] {
  const f: CgFile[] = [
    ro('cgroup.controllers', (_k, c) => line(availableControllers(c).join(' '))),
    knob('cgroup.max.depth', 'max', (v) => v === 'max' || isUint(v)),
    knob('cgroup.max.descendants', 'max', (v) => v === 'max' || isUint(v)),
    rw('cgroup.procs', listPids(false), migrate(true)),
    ro('cgroup.stat', (_k, c) => {
      let n = 0;
      for (const d of c.descendants()) if (!d.dead) n++;
      return `nr_descendants ${n}\nnr_dying_descendants 0\n`;
    }),
    rw('cgroup.subtree_control', (_k, c) => line(V2_CONTROLLERS.filter((x) => c.subtreeControl.has(x)).join(' ')), writeSubtreeControl),
    rw('cgroup.threads', listPids(true), (k, c, text, w) => {
      const t = taskFromPid(w, text);
      if (typeof t === 'number') return t;
      // threaded cgroups are not modelled: moving a single thread of a domain cgroup is refused
      return t.groupLeader.threads.length > 1 ? -EOPNOTSUPP : k.cgroups.attach(t, c, true);
    }),
  ];
  // max.depth / max.descendants are enforced by mkdir: keep the parsed values on the cgroup
  f[1]!.write = (_k, c, text) => {
    const v = text.trim();
    if (v !== 'max' && !isUint(v)) return -EINVAL;
    c.maxDepth = v === 'max' ? Infinity : Number(v);
    c.knobs.set('cgroup.max.depth', v);
    return 0;
  };
  f[2]!.write = (_k, c, text) => {
    const v = text.trim();
    if (v !== 'max' && !isUint(v)) return -EINVAL;
    c.maxDescendants = v === 'max' ? Infinity : Number(v);
    c.knobs.set('cgroup.max.descendants', v);
    return 0;
  };
  if (!cg.isRoot()) {
    f.push(
      ro('cgroup.events', (_k, c) => `populated ${c.populated() ? 1 : 0}\nfrozen ${c.freezer?.v2Frozen ? 1 : 0}\n`),
      // NOT ENFORCED (runtime issue): the value is kept, tasks are not frozen (v1's freezer is)
      rw('cgroup.freeze', (_k, c) => line(c.freezer?.v2Frozen ? 1 : 0), (_k, c, t) => {
        if (!bool01(t.trim())) return -EINVAL;
        if (c.freezer) c.freezer.v2Frozen = t.trim() === '1';
        return 0;
      }),
      { name: 'cgroup.kill', mode: WO, write: writeKill },
      rw('cgroup.type', () => line('domain'), () => -EOPNOTSUPP),
    );
  }
  return f;
}

/** v2 controllers a cgroup may enable for its children: the root's all, others what the parent enabled. */
function availableControllers(cg: Cgroup): ControllerName[] {
  return V2_CONTROLLERS.filter((c) => (cg.parent ? cg.parent.subtreeControl.has(c) : cg.hier.controllers.includes(c)));
}

function writeSubtreeControl(k: Kernel, cg: Cgroup, text: string): number {
  const toks = text.trim().split(/\s+/).filter(Boolean);
  const avail = availableControllers(cg);
  const enable: ControllerName[] = [];
  const disable: ControllerName[] = [];
  for (const tok of toks) {
    const m = /^([+-])(.+)$/.exec(tok);
    if (!m) return -EINVAL;
    const c = m[2] as ControllerName;
    if (!avail.includes(c)) return -ENOENT;
    (m[1] === '+' ? enable : disable).push(c);
  }
  // the no-internal-process rule: a non-root cgroup with processes cannot enable controllers for children
  if (enable.some((c) => !cg.subtreeControl.has(c)) && cg.parent && cg.tasks.size > 0) return -EBUSY;
  // a controller still enabled below cannot be disabled here
  for (const c of disable) for (const ch of cg.children.values()) if (ch.subtreeControl.has(c)) return -EBUSY;
  for (const c of enable) cg.subtreeControl.add(c);
  for (const c of disable) cg.subtreeControl.delete(c);
  // tasks below now use (or stop using) the child's cpu/cpuset state
  for (const d of cg.descendants()) for (const t of [...d.tasks]) k.sched.cgroupStateChanged(t);
  return 0;
}

function writeKill(k: Kernel, cg: Cgroup, text: string): number {
  if (text.trim() !== '1') return -EINVAL;
  const victims: Task[] = [...cg.tasks];
  for (const d of cg.descendants()) victims.push(...d.tasks);
  for (const t of victims) if (t.alive) sendSignal(k, t.groupLeader, SIGKILL, true, true);
  return 0;
}

// ---------------------------------------------------------------- cpu

function cpuFiles(cg: Cgroup, v2: boolean): CgFile[] {
  const root = cg.isRoot();
  const stat = ro('cpu.stat', (k, c) => cpuStat(k, c, v2));
  if (v2) {
    if (root) return [];
    return [
      rw('cpu.idle', (_k, c) => line(c.cpu!.idle), (_k, c, t) => (bool01(t.trim()) ? ((c.cpu!.idle = Number(t.trim())), 0) : -EINVAL)),
      rw('cpu.max', (_k, c) => `${Number.isFinite(c.cpu!.quotaNs) ? c.cpu!.quotaNs / 1000 : 'max'} ${c.cpu!.periodNs / 1000}\n`, writeCpuMax),
      rw('cpu.max.burst', (_k, c) => line(c.cpu!.burstNs / 1000), (k, c, t) => {
        if (!isUint(t)) return -EINVAL;
        const g = c.cpu!;
        k.sched.bw.configure(g, g.quotaNs, g.periodNs, Number(t.trim()) * 1000);
        return 0;
      }),
      rw('cpu.weight', (_k, c) => line(sharesToWeight(c.cpu!.shares)), (k, c, t) => {
        const v = t.trim();
        if (!isUint(v) || Number(v) < 1 || Number(v) > 10000) return -EINVAL;
        k.sched.setShares(c.cpu!, weightToShares(Number(v)));
        return 0;
      }),
      rw('cpu.weight.nice', (_k, c) => line(sharesToNice(c.cpu!.shares, PRIO_TO_WEIGHT)), (k, c, t) => {
        const v = t.trim();
        if (!/^-?\d+$/.test(v) || Number(v) < -20 || Number(v) > 19) return -EINVAL;
        k.sched.setShares(c.cpu!, PRIO_TO_WEIGHT[Number(v) + 20]!);
        return 0;
      }),
    ];
  }
  const quotaUs = (c: Cgroup): number => (Number.isFinite(c.cpu!.quotaNs) ? c.cpu!.quotaNs / 1000 : -1);
  return [
    rw('cpu.cfs_burst_us', (_k, c) => line(c.cpu!.burstNs / 1000), (k, c, t) => {
      if (!isUint(t) || root) return -EINVAL;
      const g = c.cpu!;
      k.sched.bw.configure(g, g.quotaNs, g.periodNs, Number(t.trim()) * 1000);
      return 0;
    }),
    rw('cpu.cfs_period_us', (_k, c) => line(c.cpu!.periodNs / 1000), (k, c, t) => {
      if (!isUint(t) || root) return -EINVAL;
      const p = Number(t.trim()) * 1000;
      return setBandwidth(k, c, c.cpu!.quotaNs, p);
    }),
    rw('cpu.cfs_quota_us', (_k, c) => line(quotaUs(c)), (k, c, t) => {
      const v = t.trim();
      if (!/^-?\d+$/.test(v) || root) return -EINVAL;
      const n = Number(v);
      if (n < 0 && n !== -1) return -EINVAL;
      return setBandwidth(k, c, n === -1 ? Infinity : n * 1000, c.cpu!.periodNs);
    }),
    rw('cpu.idle', (_k, c) => line(c.cpu!.idle), (_k, c, t) => (bool01(t.trim()) && !root ? ((c.cpu!.idle = Number(t.trim())), 0) : -EINVAL)),
    // RT group scheduling is not modelled: the defaults read back, writes are refused
    rw('cpu.rt_period_us', () => line(1000000), () => -EINVAL),
    rw('cpu.rt_runtime_us', () => line(root ? 950000 : 0), () => -EINVAL),
    rw('cpu.shares', (_k, c) => line(c.cpu!.shares), (k, c, t) => {
      if (!isUint(t) || root) return -EINVAL;
      k.sched.setShares(c.cpu!, Math.max(MIN_SHARES, Math.min(MAX_SHARES, Number(t.trim()))));
      return 0;
    }),
    stat,
    ro('cpu.stat.local', (k, c) => `throttled_time ${c.cpu!.throttledTotalNs(k.timers.now)}\n`),
  ];
}

/** tg_set_cfs_bandwidth's checks: quota ≥ 1 ms, 1 ms ≤ period ≤ 1 s, v1: not above the parent's ratio. */
function setBandwidth(k: Kernel, cg: Cgroup, quotaNs: number, periodNs: number): number {
  if (periodNs < MIN_CFS_PERIOD_NS || periodNs > MAX_CFS_PERIOD_NS) return -EINVAL;
  if (Number.isFinite(quotaNs) && quotaNs < MIN_CFS_QUOTA_NS) return -EINVAL;
  const g = cg.cpu!;
  if (!cg.hier.v2 && Number.isFinite(quotaNs)) {
    // tg_cfs_schedulable_down: on v1 a child may not have more bandwidth than its parent
    for (let p = g.parent; p; p = p.parent) {
      if (Number.isFinite(p.quotaNs) && quotaNs / periodNs > p.quotaNs / p.periodNs) return -EINVAL;
    }
    for (const d of cg.descendants()) {
      const dc = d.cpu!;
      if (Number.isFinite(dc.quotaNs) && dc.quotaNs / dc.periodNs > quotaNs / periodNs) return -EINVAL;
    }
  }
  k.sched.bw.configure(g, quotaNs, periodNs, g.burstNs);
  return 0;
}

function writeCpuMax(k: Kernel, cg: Cgroup, text: string): number {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 1 || parts.length > 2) return -EINVAL;
  const [q, p] = parts as [string, string | undefined];
  if (q !== 'max' && !isUint(q)) return -EINVAL;
  if (p !== undefined && !isUint(p)) return -EINVAL;
  const periodNs = p !== undefined ? Number(p) * 1000 : cg.cpu!.periodNs;
  return setBandwidth(k, cg, q === 'max' ? Infinity : Number(q) * 1000, periodNs);
}

function cpuStat(k: Kernel, cg: Cgroup, v2: boolean): string {
  const g = cg.cpu;
  if (!v2) {
    return `nr_periods ${g!.nrPeriods}\nnr_throttled ${g!.nrThrottled}\nthrottled_time ${g!.throttledTotalNs(k.timers.now)}\nnr_bursts 0\nburst_time 0\n`;
  }
  const u = cg.cpuacct!.usage(k.config.ncpus);
  const us = (ns: number): number => Math.floor(ns / 1000);
  let out = `usage_usec ${us(u.user + u.sys)}\nuser_usec ${us(u.user)}\nsystem_usec ${us(u.sys)}\n`;
  if (!cg.isRoot() && cg.enabled('cpu')) {
    out += `nr_periods ${g!.nrPeriods}\nnr_throttled ${g!.nrThrottled}\nthrottled_usec ${us(g!.throttledTotalNs(k.timers.now))}\nnr_bursts 0\nburst_usec 0\n`;
  }
  return out;
}

// ---------------------------------------------------------------- cpuacct (v1)

function cpuacctFiles(): CgFile[] {
  const u = (k: Kernel, cg: Cgroup): ReturnType<NonNullable<Cgroup['cpuacct']>['usage']> => cg.cpuacct!.usage(k.config.ncpus);
  const ticks = (ns: number): number => Math.floor((ns * USER_HZ) / 1e9);
  const perCpu = (a: number[]): string => a.map((x) => `${x} `).join('') + '\n';
  return [
    ro('cpuacct.stat', (k, cg) => `user ${ticks(u(k, cg).user)}\nsystem ${ticks(u(k, cg).sys)}\n`),
    rw('cpuacct.usage', (k, cg) => line(u(k, cg).user + u(k, cg).sys), (_k, cg, t) => {
      if (t.trim() !== '0') return -EINVAL;
      cg.cpuacct!.reset();
      return 0;
    }),
    ro('cpuacct.usage_all', (k, cg) => {
      const x = u(k, cg);
      return 'cpu user system\n' + x.perCpuUser.map((v, i) => `${i} ${v} ${x.perCpuSys[i]}\n`).join('');
    }),
    ro('cpuacct.usage_percpu', (k, cg) => perCpu(u(k, cg).perCpu)),
    ro('cpuacct.usage_percpu_sys', (k, cg) => perCpu(u(k, cg).perCpuSys)),
    ro('cpuacct.usage_percpu_user', (k, cg) => perCpu(u(k, cg).perCpuUser)),
    ro('cpuacct.usage_sys', (k, cg) => line(u(k, cg).sys)),
    ro('cpuacct.usage_user', (k, cg) => line(u(k, cg).user)),
  ];
}

// ---------------------------------------------------------------- cpuset

function writeCpus(k: Kernel, cg: Cgroup, text: string): number {
  if (cg.isRoot()) return -EACCES;
  const cpus = parseCpuList(text);
  if (!cpus || cpus.some((c) => c >= k.config.ncpus)) return -EINVAL;
  const cs = cg.cpuset!;
  // v1: a cpuset must be a subset of its parent's, and cannot be emptied while it has tasks
  if (!cg.hier.v2) {
    const parentCpus = cs.parent!.cpus;
    if (cpus.some((c) => !parentCpus.includes(c))) return -EINVAL;
    if (cpus.length === 0 && cg.populated()) return -ENOSPC;
    for (const ch of cg.children.values()) if (ch.cpuset!.cpus.some((c) => !cpus.includes(c))) return -EBUSY;
  }
  cs.cpus = cpus;
  const moved: Task[] = [...cg.tasks];
  for (const d of cg.descendants()) moved.push(...d.tasks);
  for (const t of moved) k.sched.cpusetChanged(t);
  return 0;
}

function writeMems(_k: Kernel, cg: Cgroup, text: string): number {
  if (cg.isRoot()) return -EACCES;
  const mems = parseCpuList(text);
  // one memory node (node 0)
  if (!mems || mems.some((m) => m !== 0)) return -EINVAL;
  if (!cg.hier.v2 && mems.length === 0 && cg.populated()) return -ENOSPC;
  cg.cpuset!.mems = mems;
  return 0;
}

function cpusetFiles(cg: Cgroup, v2: boolean): CgFile[] {
  const eff = ro(v2 ? 'cpuset.cpus.effective' : 'cpuset.effective_cpus', (_k, c) => line(formatCpuList(c.cpuset!.effectiveCpus())));
  const effMems = ro(v2 ? 'cpuset.mems.effective' : 'cpuset.effective_mems', (_k, c) => line(formatCpuList(c.cpuset!.effectiveMems())));
  if (v2) {
    if (cg.isRoot()) return [eff, effMems];
    return [
      rw('cpuset.cpus', (_k, c) => line(formatCpuList(c.cpuset!.cpus)), writeCpus),
      eff,
      knob('cpuset.cpus.exclusive', ''),
      ro('cpuset.cpus.exclusive.effective', () => line('')),
      knob('cpuset.cpus.partition', 'member', (v) => v === 'member'),
      rw('cpuset.mems', (_k, c) => line(formatCpuList(c.cpuset!.mems)), writeMems),
      effMems,
    ];
  }
  const f: CgFile[] = [
    knob('cpuset.cpu_exclusive', cg.isRoot() ? '1' : '0', bool01),
    rw('cpuset.cpus', (_k, c) => line(formatCpuList(c.cpuset!.cpus)), writeCpus),
    eff,
    effMems,
    knob('cpuset.mem_exclusive', cg.isRoot() ? '1' : '0', bool01),
    knob('cpuset.mem_hardwall', '0', bool01),
    knob('cpuset.memory_migrate', '0', bool01),
    ro('cpuset.memory_pressure', () => line(0)),
    knob('cpuset.memory_spread_page', '0', bool01),
    knob('cpuset.memory_spread_slab', '0', bool01),
    rw('cpuset.mems', (_k, c) => line(formatCpuList(c.cpuset!.mems)), writeMems),
    knob('cpuset.sched_load_balance', '1', bool01),
    knob('cpuset.sched_relax_domain_level', '-1', (v) => /^-?\d+$/.test(v) && Number(v) >= -1 && Number(v) <= 5),
  ];
  if (cg.isRoot()) f.push(knob('cpuset.memory_pressure_enabled', '0', bool01));
  return f;
}

// ---------------------------------------------------------------- pids

function pidsFiles(cg: Cgroup, v2: boolean): CgFile[] {
  if (cg.isRoot()) return [];
  const f: CgFile[] = [
    ro('pids.current', (_k, c) => line(c.pids!.current)),
    // v1 counts the forks of this cgroup's tasks that failed; v2 the limit hits here and below
    ro('pids.events', (_k, c) => `max ${v2 ? c.pids!.eventsMax : c.pids!.forkFail}\n`),
    rw('pids.max', (_k, c) => line(formatMax(c.pids!.max)), (_k, c, t) => {
      const v = parsePidsMax(t);
      if (v === null) return -EINVAL;
      c.pids!.max = v;
      return 0;
    }),
    ro('pids.peak', (_k, c) => line(c.pids!.peak)),
  ];
  if (v2) f.push(ro('pids.events.local', (_k, c) => `max ${c.pids!.eventsMaxLocal}\n`));
  return f;
}

// ---------------------------------------------------------------- memory (NOT ENFORCED yet)

/** memparse: "32M" → bytes; "-1" → unlimited (null). Returns undefined if malformed. */
function parseMem(s: string, allowMax: boolean): bigint | null | undefined {
  const v = s.trim();
  if (v === '-1' || (allowMax && v === 'max')) return null;
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(v);
  if (!m) return undefined;
  const mult: Record<string, bigint> = { '': 1n, k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n, t: 1024n ** 4n };
  const b = BigInt(m[1]!) * mult[m[2]!.toLowerCase()]!;
  return b - (b % 4096n);
}

/** Charged memory of the tasks in a cgroup subtree: their resident pages (not yet a real memcg charge). */
function memUsage(cg: Cgroup): number {
  let total = 0;
  const seen = new Set<unknown>();
  const add = (c: Cgroup): void => {
    for (const t of c.tasks) {
      if (seen.has(t.mm)) continue;
      seen.add(t.mm);
      total += t.mm.rssBytes;
    }
    for (const ch of c.children.values()) add(ch);
  };
  add(cg);
  return total;
}

function memLimitFile(name: string, key: 'limit' | 'softLimit' | 'memswLimit' | 'kmemLimit' | 'tcpLimit'): CgFile {
  return rw(
    name,
    (_k, cg) => line(String(cg.memory![key] ?? MEMCG_UNLIMITED)),
    (_k, cg, t) => {
      const v = parseMem(t, false);
      if (v === undefined) return -EINVAL;
      cg.memory![key] = v;
      return 0;
    },
  );
}

function memoryFiles(cg: Cgroup, v2: boolean): CgFile[] {
  const usage = (_k: Kernel, c: Cgroup): string => line(memUsage(c));
  if (v2) {
    const stat = ro('memory.stat', (_k, c) => `anon ${memUsage(c)}\nfile 0\nkernel 0\nkernel_stack 0\npagetables 0\nsock 0\nshmem 0\nfile_mapped 0\nfile_dirty 0\nfile_writeback 0\nswapcached 0\n`);
    const reclaim: CgFile = { name: 'memory.reclaim', mode: WO, write: (_k, _c, t) => (parseMem(t, false) ? 0 : -EINVAL) };
    if (cg.isRoot()) return [stat, reclaim];
    const maxFile = (name: string, key: 'high' | 'max' | 'swapMax'): CgFile =>
      rw(name, (_k, c) => line(c.memory![key] === null ? 'max' : String(c.memory![key])), (_k, c, t) => {
        const v = parseMem(t, true);
        if (v === undefined) return -EINVAL;
        c.memory![key] = v;
        return 0;
      });
    const events = 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n';
    return [
      ro('memory.current', usage),
      ro('memory.events', () => events),
      ro('memory.events.local', () => events),
      maxFile('memory.high', 'high'),
      knob('memory.low', '0', (v) => parseMem(v, false) !== undefined),
      maxFile('memory.max', 'max'),
      knob('memory.min', '0', (v) => parseMem(v, false) !== undefined),
      knob('memory.oom.group', '0', bool01),
      ro('memory.peak', usage),
      reclaim,
      stat,
      ro('memory.swap.current', () => line(0)),
      ro('memory.swap.events', () => 'high 0\nmax 0\nfail 0\n'),
      maxFile('memory.swap.max', 'swapMax'),
    ];
  }
  const unreadable = (name: string): CgFile => ({ name, mode: WO, write: () => 0 });
  return [
    unreadable('cgroup.event_control'),
    ro('memory.failcnt', () => line(0)),
    unreadable('memory.force_empty'),
    ro('memory.kmem.failcnt', () => line(0)),
    memLimitFile('memory.kmem.limit_in_bytes', 'kmemLimit'),
    ro('memory.kmem.max_usage_in_bytes', () => line(0)),
    ro('memory.kmem.slabinfo', () => ''),
    ro('memory.kmem.tcp.failcnt', () => line(0)),
    memLimitFile('memory.kmem.tcp.limit_in_bytes', 'tcpLimit'),
    ro('memory.kmem.tcp.max_usage_in_bytes', () => line(0)),
    ro('memory.kmem.tcp.usage_in_bytes', () => line(0)),
    ro('memory.kmem.usage_in_bytes', () => line(0)),
    memLimitFile('memory.limit_in_bytes', 'limit'),
    ro('memory.max_usage_in_bytes', usage),
    ro('memory.memsw.failcnt', () => line(0)),
    memLimitFile('memory.memsw.limit_in_bytes', 'memswLimit'),
    ro('memory.memsw.max_usage_in_bytes', usage),
    ro('memory.memsw.usage_in_bytes', usage),
    knob('memory.move_charge_at_immigrate', '0', (v) => isUint(v) && Number(v) <= 3),
    ro('memory.numa_stat', (_k, c) => {
      const n = Math.floor(memUsage(c) / 4096);
      return `total=${n} N0=${n}\nfile=0 N0=0\nanon=${n} N0=${n}\nunevictable=0 N0=0\nhierarchical_total=${n} N0=${n}\nhierarchical_file=0 N0=0\nhierarchical_anon=${n} N0=${n}\nhierarchical_unevictable=0 N0=0\n`;
    }),
    rw('memory.oom_control', (_k, c) => `oom_kill_disable ${c.memory!.oomKillDisable}\nunder_oom 0\noom_kill 0\n`, (_k, c, t) => (bool01(t.trim()) ? ((c.memory!.oomKillDisable = Number(t.trim())), 0) : -EINVAL)),
    unreadable('memory.pressure_level'),
    memLimitFile('memory.soft_limit_in_bytes', 'softLimit'),
    ro('memory.stat', (_k, c) => {
      const b = memUsage(c);
      return `cache 0\nrss ${b}\nrss_huge 0\nshmem 0\nmapped_file 0\ndirty 0\nwriteback 0\nswap 0\npgpgin 0\npgpgout 0\npgfault 0\npgmajfault 0\ninactive_anon 0\nactive_anon ${b}\ninactive_file 0\nactive_file 0\nunevictable 0\nhierarchical_memory_limit ${String(c.memory!.limit ?? MEMCG_UNLIMITED)}\nhierarchical_memsw_limit ${String(c.memory!.memswLimit ?? MEMCG_UNLIMITED)}\n`;
    }),
    knob('memory.swappiness', '60', (v) => isUint(v) && Number(v) <= 200),
    ro('memory.usage_in_bytes', usage),
    knob('memory.use_hierarchy', '1', (v) => v === '1'),
  ];
}

// ---------------------------------------------------------------- blkio / io, freezer, devices (NOT ENFORCED yet)

function blkioFiles(cg: Cgroup, v2: boolean): CgFile[] {
  const rule = (name: string): CgFile =>
    rw(name, (_k, c) => [...(c.blkio!.rules.get(name) ?? new Map<string, string>())].map(([d, v]) => `${d} ${v}\n`).join(''), (_k, c, t) => {
      const m = /^(\d+):(\d+)\s+(\d+|max)$/.exec(t.trim());
      if (!m) return -EINVAL;
      let r = c.blkio!.rules.get(name);
      if (!r) c.blkio!.rules.set(name, (r = new Map()));
      if (m[3] === '0' || m[3] === 'max') r.delete(`${m[1]}:${m[2]}`);
      else r.set(`${m[1]}:${m[2]}`, m[3]!);
      return 0;
    });
  if (v2) {
    if (cg.isRoot()) return [ro('io.stat', () => '')];
    return [rule('io.max'), ro('io.stat', () => ''), knob('io.weight', 'default 100')];
  }
  const total = (name: string): CgFile => ro(name, () => 'Total 0\n');
  return [
    total('blkio.bfq.io_service_bytes'),
    total('blkio.bfq.io_service_bytes_recursive'),
    total('blkio.bfq.io_serviced'),
    total('blkio.bfq.io_serviced_recursive'),
    { name: 'blkio.reset_stats', mode: WO, write: () => 0 },
    total('blkio.throttle.io_service_bytes'),
    total('blkio.throttle.io_service_bytes_recursive'),
    total('blkio.throttle.io_serviced'),
    total('blkio.throttle.io_serviced_recursive'),
    rule('blkio.throttle.read_bps_device'),
    rule('blkio.throttle.read_iops_device'),
    rule('blkio.throttle.write_bps_device'),
    rule('blkio.throttle.write_iops_device'),
  ];
}

// v1 freezer (enforced: controllers/freezer.ts); the root has none of these files
function freezerFiles(cg: Cgroup): CgFile[] {
  if (cg.isRoot()) return [];
  return [
    ro('freezer.parent_freezing', (_k, c) => line(parentFreezing(c) ? 1 : 0)),
    ro('freezer.self_freezing', (_k, c) => line(c.freezer!.selfFreezing ? 1 : 0)),
    rw('freezer.state', (_k, c) => line(freezerState(c)), (k, c, t) => {
      // freezer_write: strstrip()ed, it must be THAWED or FROZEN
      const v = t.trim();
      if (v !== 'FROZEN' && v !== 'THAWED') return -EINVAL;
      c.freezer!.selfFreezing = v === 'FROZEN';
      freezerUpdate(k, c);
      return 0;
    }),
  ];
}

function devicesFiles(): CgFile[] {
  const valid = (v: string): boolean => /^(a|[bc] (\d+|\*):(\d+|\*) [rwm]{1,3})$/.test(v.trim());
  return [
    { name: 'devices.allow', mode: WO, write: (_k, _c, t) => (valid(t) ? 0 : -EINVAL) },
    { name: 'devices.deny', mode: WO, write: (_k, _c, t) => (valid(t) ? 0 : -EINVAL) },
    ro('devices.list', (_k, c) => c.devices!.list.map((l) => `${l}\n`).join('')),
  ];
}

// ---------------------------------------------------------------- assembly

/** Every file of a cgroup directory, for its hierarchy and (v2) its enabled controllers. */
export function cgroupFiles(k: Kernel, cg: Cgroup): CgFile[] {
  void k;
  const h = cg.hier;
  if (!h.v2) {
    const c = h.controllers[0];
    const ctrl: CgFile[] =
      c === 'cpu' ? cpuFiles(cg, false)
      : c === 'cpuacct' ? cpuacctFiles()
      : c === 'cpuset' ? cpusetFiles(cg, false)
      : c === 'pids' ? pidsFiles(cg, false)
      : c === 'memory' ? memoryFiles(cg, false)
      : c === 'blkio' ? blkioFiles(cg, false)
      : c === 'freezer' ? freezerFiles(cg)
      : c === 'devices' ? devicesFiles()
      : [];
    return [...v1Core(cg), ...ctrl];
  }
  const out = v2Core(cg);
  // cpu.stat is a core file of every v2 cgroup (usage from rstat)
  out.push(ro('cpu.stat', (kk, c) => cpuStat(kk, c, true)));
  const on = (c: ControllerName): boolean => h.controllers.includes(c) && cg.enabled(c);
  if (on('cpu')) out.push(...cpuFiles(cg, true));
  if (on('cpuset')) out.push(...cpusetFiles(cg, true));
  if (on('io')) out.push(...blkioFiles(cg, true));
  if (on('memory')) out.push(...memoryFiles(cg, true));
  if (on('pids')) out.push(...pidsFiles(cg, true));
  return out;
}
