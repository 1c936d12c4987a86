// The cgroup tree view: a plain, serialisable projection of one cgroup hierarchy, computed on
// demand from the kernel's cgroup objects (the same objects cgroupfs renders and the scheduler,
// fork() and the pids controller consult), never a copy kept up to date by hand
// (ARCHITECTURE.md §1, §5).
//
// Live CPU usage is a rate, so it needs earlier samples: CgroupsViewSource remembers, per cgroup
// path, the cumulative CPU time (and cpu.stat counters) of earlier frames — numbers taken from
// the kernel, never written back — and turns the differences into "% of one CPU" as top does.
// Where the usage comes from:
//  - v2: every cgroup's own cpu usage (cpu.stat usage_usec, hierarchical);
//  - v1 cpuacct hierarchy: the cgroup's cpuacct.usage;
//  - v1 other hierarchies: the cpuacct cgroup with the same path, when it holds the same tasks
//    (the usual `mkdir -p /sys/fs/cgroup/{cpu,cpuacct}/db` setup); otherwise the CPU time its
//    tasks used between the samples (`source: 'tasks'`, what top would add up).
import type { Kernel } from '../../kernel/kernel';
import type { Task } from '../../kernel/task/task';
import type { Cgroup, CgroupRoot, ControllerName } from '../../kernel/cgroup/cgroup';
import { formatCpuList } from '../../kernel/cgroup/controllers/cpuset';
import { sharesToWeight } from '../../kernel/cgroup/controllers/cpu';
import { taskState, type StateLetter } from '../../kernel/task/state';

/** v1 hierarchies by their controller, or the unified (v2) hierarchy. */
export type CgroupHierarchyName = 'cpu' | 'cpuacct' | 'cpuset' | 'memory' | 'devices' | 'freezer' | 'blkio' | 'pids' | 'unified';
export const CGROUP_HIERARCHY_NAMES: readonly CgroupHierarchyName[] = [
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'unified',
];

/** Samples of the sparkline history kept per cgroup. */
export const HISTORY_LENGTH = 30;
/** Virtual time between two history samples (30 samples = the last 15 s). */
export const HISTORY_INTERVAL_NS = 500_000_000;

export interface CgroupHierarchyInfo {
  name: CgroupHierarchyName;
  /** hierarchy id as /proc/PID/cgroup prints it (0: unified) */
  id: number;
  controllers: string[];
  /** where the lab's boot mounts it */
  mountPath: string;
}

export interface CgroupCpuLimits {
  /** cpu.cfs_quota_us / cpu.max quota in µs; null: no quota ("-1", "max") */
  quotaUs: number | null;
  periodUs: number;
  /** quota / period as % of one CPU (20000/100000 → 20); null: no quota */
  quotaPercent: number | null;
  /** v1 cpu.shares */
  shares: number;
  /** v2 cpu.weight (the same weight: 100 = 1024 shares) */
  weight: number;
}

export interface CgroupCpuStat {
  /** the group is throttled right now (its quota for this period is used up) */
  throttledNow: boolean;
  /** cpu.stat nr_periods / nr_throttled / throttled_time (ns, including a throttle in progress) */
  nrPeriods: number;
  nrThrottled: number;
  throttledTimeNs: number;
  /** periods that ended throttled within the usage window (the last 1–2 s) */
  nrThrottledDelta: number;
  /** share of the usage window the group spent throttled, % */
  throttledPercent: number;
}

export interface CgroupNode {
  /** path from the hierarchy's root: "/", "/db", "/db/mysql" */
  path: string;
  /** the directory name ("" for the root) */
  name: string;
  /** the parent's path; null for the root */
  parent: string | null;
  depth: number;
  /** controllers in effect here (v2: those the parent enables; the root has all) */
  controllers: string[];
  /** live threads attached here (the `tasks` file) */
  nrTasks: number;
  /** live processes attached here (`cgroup.procs`) */
  nrProcs: number;
  /** threads here and in every descendant */
  nrTasksSubtree: number;
  /** pids (as the root pid namespace numbers them) of the processes in cgroup.procs, sorted */
  pids: number[];
  /** cpu controller knobs, when it is in effect here */
  cpu: CgroupCpuLimits | null;
  /**
   * The tightest CPU cap on this group: its own quota, an ancestor's quota, or its cpuset's CPU
   * count, as % of one CPU; null when nothing limits it below the machine's CPUs.
   */
  cpuCap: { percent: number; from: string; by: 'quota' | 'cpuset' } | null;
  /** cpu.stat bandwidth counters, when the cpu controller is in effect here */
  cpuStat: CgroupCpuStat | null;
  /**
   * This group or its nearest ancestor that was throttled within the usage window (or is now),
   * by path: whose quota is holding this group's tasks back. null: none.
   */
  throttledBy: string | null;
  /** pids.current / pids.max (null max = "max"), when the pids controller is in effect here */
  pidsLimit: { current: number; max: number | null } | null;
  /** cpuset.cpus as written and cpuset.effective_cpus, in Linux list format ("0-1") */
  cpuset: { cpus: string; effective: string } | null;
  /** memory limit in bytes (v1 memory.limit_in_bytes, v2 memory.max); null = unlimited */
  memoryLimit: number | null;
  /** CPU time used over the last 1–2 s of virtual time, % of one CPU; null: not known yet */
  cpuPercent: number | null;
  /** where cpuPercent comes from (see the header); null when unknown */
  usageSource: 'cpuacct' | 'tasks' | null;
  /** cumulative CPU time charged here (cpuacct.usage / usage_usec, ns), when source is cpuacct */
  usageNs: number | null;
  /** the last HISTORY_LENGTH samples of CPU % (one per HISTORY_INTERVAL_NS), oldest first */
  history: number[];
}

export interface CgroupTask {
  /** thread id and process id (tgid) in the root pid namespace */
  tid: number;
  pid: number;
  comm: string;
  state: StateLetter;
}

export interface CgroupsFrame {
  /** virtual time of the frame (ns since boot) */
  nowNs: number;
  ncpus: number;
  version: 1 | 2;
  /** the hierarchies this machine has (v1: one per controller; v2: just the unified one) */
  hierarchies: CgroupHierarchyInfo[];
  /** the hierarchy shown */
  hierarchy: CgroupHierarchyInfo;
  /** its cgroups, depth first (parents before children, children by name) */
  nodes: CgroupNode[];
  /** the selected cgroup's tasks (threads), when a path was selected and exists */
  selected: { path: string; tasks: CgroupTask[] } | null;
}

export interface CgroupsFrameOptions {
  /** v1: a controller names its hierarchy; 'unified' (or, in v2, anything) is the v2 tree */
  hierarchy?: CgroupHierarchyName | null;
  /** a cgroup path whose tasks to list */
  selectedPath?: string | null;
}

// ---------------------------------------------------------------- helpers

function hierName(r: CgroupRoot): CgroupHierarchyName {
  return r.v2 ? 'unified' : (r.controllers[0] as CgroupHierarchyName);
}

function hierInfo(r: CgroupRoot): CgroupHierarchyInfo {
  const name = hierName(r);
  return { name, id: r.id, controllers: [...r.controllers], mountPath: r.v2 ? '/sys/fs/cgroup' : `/sys/fs/cgroup/${r.controllers.join(',')}` };
}

/** The hierarchy a name picks (v1 default: cpu; v2: the unified tree whatever is asked). */
export function pickHierarchy(k: Kernel, name: CgroupHierarchyName | null | undefined): CgroupRoot {
  const cg = k.cgroups;
  if (cg.version === 2) return cg.dfl;
  if (name && name !== 'unified') {
    const r = cg.rootOf(name as ControllerName);
    if (r && !r.v2) return r;
  }
  return cg.rootOf('cpu') ?? cg.v1[0] ?? cg.dfl;
}

/** The cgroup at `path` in hierarchy `r`, or null. */
export function lookup(r: CgroupRoot, path: string): Cgroup | null {
  let cg: Cgroup | undefined = r.root;
  for (const part of path.split('/')) {
    if (part === '') continue;
    cg = cg.children.get(part);
    if (!cg) return null;
  }
  return cg;
}

/** Depth-first, parents first, children by name (as ls lists the directories). */
function walk(root: Cgroup): Cgroup[] {
  const out: Cgroup[] = [];
  const visit = (c: Cgroup): void => {
    out.push(c);
    for (const name of [...c.children.keys()].sort()) visit(c.children.get(name)!);
  };
  visit(root);
  return out;
}

/** Is `ctrl` in effect in cg (v1: bound to its hierarchy; v2: enabled by the parent)? */
function has(cg: Cgroup, ctrl: ControllerName): boolean {
  return cg.hier.v2 ? cg.enabled(ctrl) : cg.hier.controllers.includes(ctrl);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Threads in a cgroup and its descendants. */
function subtreeTasks(cg: Cgroup): Set<Task> {
  const s = new Set<Task>(cg.tasks);
  for (const d of cg.descendants()) for (const t of d.tasks) s.add(t);
  return s;
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Memory limit in bytes, or null when unlimited (bigints in the kernel, numbers in the frame). */
function memoryLimit(cg: Cgroup): number | null {
  const m = cg.memory;
  if (!m || !has(cg, 'memory')) return null;
  const v = cg.hier.v2 ? m.max : m.limit;
  return v === null ? null : Number(v);
}

// ---------------------------------------------------------------- samples

/** What a frame remembers of one cgroup to compute rates later: cumulative counters only. */
interface CgSample {
  /** cumulative CPU ns from cpuacct, or null when the usage comes from tasks */
  usageNs: number | null;
  nrThrottled: number;
  throttledNs: number;
}

/** One sample of the hierarchy: per path counters and per-thread CPU time (by task serial). */
interface Snapshot {
  nowNs: number;
  hierId: number;
  groups: Map<string, CgSample>;
  threads: Map<number, number>;
}

function threadCpuNs(t: Task): number {
  return t.utimeNs + t.stimeNs;
}

// ---------------------------------------------------------------- the frame

interface Built {
  frame: CgroupsFrame;
  snap: Snapshot;
}

/**
 * Build a frame. `base`: an earlier snapshot of the same hierarchy, for rates; `last`: the CPU %
 * each path showed in the previous frame (kept when virtual time has not moved); `histories`:
 * sparkline samples per path.
 */
function build(
  k: Kernel,
  opts: CgroupsFrameOptions,
  base: Snapshot | null,
  last: ReadonlyMap<string, number | null> | null,
  histories: ReadonlyMap<string, number[]> | null,
): Built {
  const now = k.timers.now;
  const ncpus = k.config.ncpus;
  const cgs = k.cgroups;
  const r = pickHierarchy(k, opts.hierarchy);
  const ns = k.initPidNs;
  const prev = base && base.hierId === r.id && base.nowNs <= now ? base : null;
  const interval = prev ? now - prev.nowNs : 0;
  const acctRoot = cgs.version === 2 ? cgs.dfl : (cgs.rootOf('cpuacct') ?? null);

  const snap: Snapshot = { nowNs: now, hierId: r.id, groups: new Map(), threads: new Map() };
  const all = walk(r.root);
  for (const cg of all) for (const t of cg.tasks) snap.threads.set(t.serial, threadCpuNs(t));

  const nodes: CgroupNode[] = [];
  const byPath = new Map<string, CgroupNode>();
  for (const cg of all) {
    const path = cg.path();
    const subtree = subtreeTasks(cg);

    // ---- CPU usage: cumulative cpuacct where it measures exactly this group, else tasks
    let usageNs: number | null = null;
    if (r.v2 || r === acctRoot) {
      if (cg.cpuacct) {
        const u = cg.cpuacct.usage(ncpus);
        usageNs = u.user + u.sys;
      }
    } else if (acctRoot) {
      const twin = lookup(acctRoot, path);
      if (twin?.cpuacct && sameSet(subtreeTasks(twin), subtree)) {
        const u = twin.cpuacct.usage(ncpus);
        usageNs = u.user + u.sys;
      }
    }
    const usageSource: CgroupNode['usageSource'] = usageNs !== null ? 'cpuacct' : 'tasks';

    // ---- cpu controller state
    const cpuOn = cg.cpu !== null && has(cg, 'cpu');
    const cpu = cg.cpu;
    const throttledNs = cpu ? cpu.throttledTotalNs(now) : 0;
    snap.groups.set(path, { usageNs, nrThrottled: cpu?.nrThrottled ?? 0, throttledNs });
    const p = prev?.groups.get(path);

    let cpuPercent: number | null = null;
    if (prev && interval > 0) {
      let used = 0;
      if (usageNs !== null && p && p.usageNs !== null) {
        // a counter that went back was reset (cpuacct.usage written, or rmdir + mkdir)
        used = usageNs >= p.usageNs ? usageNs - p.usageNs : usageNs;
      } else {
        // no earlier cpuacct sample of this group (it is new, or its cpuacct twin only now holds
        // the same tasks): what its tasks used since the base (a thread born since: all of it)
        for (const t of subtree) used += threadCpuNs(t) - (prev.threads.get(t.serial) ?? 0);
      }
      cpuPercent = round1((100 * Math.max(0, used)) / interval);
    } else if (prev) {
      // virtual time stood still (paused, or two frames at one instant): keep the last figure
      cpuPercent = last?.get(path) ?? null;
    }

    let cpuStat: CgroupCpuStat | null = null;
    if (cpuOn && cpu) {
      const dThr = p ? Math.max(0, cpu.nrThrottled - p.nrThrottled) : 0;
      const dTime = p ? Math.max(0, throttledNs - p.throttledNs) : 0;
      cpuStat = {
        throttledNow: cpu.throttled,
        nrPeriods: cpu.nrPeriods,
        nrThrottled: cpu.nrThrottled,
        throttledTimeNs: throttledNs,
        nrThrottledDelta: dThr,
        throttledPercent: interval > 0 ? round1(Math.min(100, (100 * dTime) / interval)) : 0,
      };
    }

    let cpuCap: CgroupNode['cpuCap'] = null;
    for (let a: Cgroup | null = cg; a; a = a.parent) {
      if (!a.cpu || !has(a, 'cpu')) continue;
      if (a.cpu.hasQuota) {
        const pct = (100 * a.cpu.quotaNs) / a.cpu.periodNs;
        if (cpuCap === null || pct < cpuCap.percent) cpuCap = { percent: round1(pct), from: a.path(), by: 'quota' };
      }
    }
    let cpusetInfo: CgroupNode['cpuset'] = null;
    if (cg.cpuset && has(cg, 'cpuset')) {
      const eff = cg.cpuset.effectiveCpus();
      cpusetInfo = { cpus: formatCpuList(cg.cpuset.cpus), effective: formatCpuList(eff) };
      if (eff.length > 0 && eff.length < ncpus && (cpuCap === null || eff.length * 100 < cpuCap.percent)) {
        cpuCap = { percent: eff.length * 100, from: path, by: 'cpuset' };
      }
    }

    const procs = cg.procs();
    const pids = procs
      .map((t) => t.pid.nr(ns))
      .filter((n) => n > 0)
      .sort((a, b) => a - b);

    const hist = histories?.get(path) ?? [];
    const throttledHere = cpuStat !== null && (cpuStat.throttledNow || cpuStat.nrThrottledDelta > 0 || cpuStat.throttledPercent > 0);
    const parentNode = cg.parent ? byPath.get(cg.parent.path()) : undefined;
    const node: CgroupNode = {
      path,
      name: cg.name,
      parent: cg.parent ? cg.parent.path() : null,
      depth: cg.depth,
      controllers: r.controllers.filter((c) => has(cg, c)),
      nrTasks: cg.tasks.size,
      nrProcs: procs.length,
      nrTasksSubtree: subtree.size,
      pids,
      cpu: cpuOn && cpu
        ? {
            quotaUs: cpu.hasQuota ? Math.round(cpu.quotaNs / 1000) : null,
            periodUs: Math.round(cpu.periodNs / 1000),
            quotaPercent: cpu.hasQuota ? round1((100 * cpu.quotaNs) / cpu.periodNs) : null,
            shares: cpu.shares,
            weight: sharesToWeight(cpu.shares),
          }
        : null,
      cpuCap,
      cpuStat,
      throttledBy: throttledHere ? path : (parentNode?.throttledBy ?? null),
      pidsLimit: cg.pids && has(cg, 'pids') ? { current: cg.pids.current, max: Number.isFinite(cg.pids.max) ? cg.pids.max : null } : null,
      cpuset: cpusetInfo,
      memoryLimit: memoryLimit(cg),
      cpuPercent,
      usageSource: cpuPercent === null ? null : usageSource,
      usageNs,
      history: hist.slice(),
    };
    nodes.push(node);
    byPath.set(path, node);
  }

  let selected: CgroupsFrame['selected'] = null;
  if (opts.selectedPath != null) {
    const cg = lookup(r, opts.selectedPath);
    if (cg) {
      const tasks: CgroupTask[] = [];
      for (const t of cg.tasks) {
        const tid = t.pid.nr(ns);
        if (tid > 0) tasks.push({ tid, pid: t.groupLeader.pid.nr(ns), comm: t.comm, state: taskState(t) });
      }
      tasks.sort((a, b) => a.pid - b.pid || a.tid - b.tid);
      selected = { path: cg.path(), tasks };
    }
  }

  const hierarchies = cgs.version === 2 ? [hierInfo(cgs.dfl)] : cgs.v1.map(hierInfo);
  return {
    frame: { nowNs: now, ncpus, version: cgs.version, hierarchies, hierarchy: hierInfo(r), nodes, selected },
    snap,
  };
}

/**
 * One frame on its own. With `prev` (a snapshot from an earlier call through a
 * CgroupsViewSource) usage is a rate; without, cpuPercent is null.
 */
export function cgroupsFrame(k: Kernel, opts: CgroupsFrameOptions = {}): CgroupsFrame {
  return build(k, opts, null, null, null).frame;
}

/**
 * Frames for one subscriber. CPU % is taken over a window of 1–2 s of virtual time (like the
 * processes view), and a sparkline history is sampled every HISTORY_INTERVAL_NS. It remembers
 * counters of earlier frames per cgroup path, nothing else.
 */
export class CgroupsViewSource {
  private base: Snapshot | null = null;
  private mid: Snapshot | null = null;
  /** the last history sample and the histories, per path */
  private histAt: Snapshot | null = null;
  private histories = new Map<string, number[]>();
  private last = new Map<string, number | null>();
  private hierId = -1;

  constructor(
    private readonly windowNs = 1e9,
    private readonly historyIntervalNs = HISTORY_INTERVAL_NS,
  ) {}

  frame(k: Kernel, opts: CgroupsFrameOptions = {}): CgroupsFrame {
    const r = pickHierarchy(k, opts.hierarchy);
    const now = k.timers.now;
    if (r.id !== this.hierId || (this.mid !== null && now < this.mid.nowNs)) {
      // another hierarchy (or another machine): start over
      this.base = this.mid = this.histAt = null;
      this.histories = new Map();
      this.last = new Map();
      this.hierId = r.id;
    }
    this.maybeSampleHistory(k, opts, now);
    const { frame, snap } = build(k, opts, this.base, this.last, this.histories);
    this.last = new Map(frame.nodes.map((n) => [n.path, n.cpuPercent]));
    if (this.mid === null) {
      this.base = snap;
      this.mid = snap;
    } else if (snap.nowNs - this.mid.nowNs >= this.windowNs) {
      this.base = this.mid;
      this.mid = snap;
    }
    return frame;
  }

  /** Push one history point per cgroup when HISTORY_INTERVAL_NS has passed since the last. */
  private maybeSampleHistory(k: Kernel, opts: CgroupsFrameOptions, now: number): void {
    if (this.histAt !== null && now - this.histAt.nowNs < this.historyIntervalNs) return;
    const { frame, snap } = build(k, { hierarchy: opts.hierarchy }, this.histAt, null, null);
    if (this.histAt !== null) {
      const next = new Map<string, number[]>();
      for (const n of frame.nodes) {
        const h = (this.histories.get(n.path) ?? []).concat(n.cpuPercent ?? 0);
        next.set(n.path, h.length > HISTORY_LENGTH ? h.slice(h.length - HISTORY_LENGTH) : h);
      }
      this.histories = next;
    }
    this.histAt = snap;
  }
}
