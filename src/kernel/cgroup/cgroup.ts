// Control groups core (kernel/cgroup/cgroup.c, cgroup-v1.c). A hierarchy (CgroupRoot) is a tree
// of cgroups with a set of controllers bound to it; every task is in exactly one cgroup of every
// hierarchy. In v1 mode each controller has its own hierarchy (mounted at
// /sys/fs/cgroup/<controller>); in v2 mode all controllers live on the unified hierarchy and a
// cgroup's controllers are those its parent enables in cgroup.subtree_control.
//
// The cgroup objects here are the single source of truth: cgroupfs renders them, the scheduler,
// fork() and the panels read them.
import type { Task } from '../task/task';
import type { Inode } from '../fs/inode';
import { CpuCg } from './controllers/cpu';
import { CpuacctCg } from './controllers/cpuacct';
import { CpusetCg } from './controllers/cpuset';
import { PidsCg } from './controllers/pids';
import { MemoryCg, BlkioCg, DevicesCg } from './controllers/inert';
import { FreezerCg } from './controllers/freezer';

/** Controllers the lab models, in the order /proc/cgroups lists them (cgroup_subsys[] order). */
export const CONTROLLERS = ['cpuset', 'cpu', 'cpuacct', 'io', 'blkio', 'memory', 'devices', 'freezer', 'pids'] as const;
export type ControllerName = (typeof CONTROLLERS)[number];

/** v1 hierarchies in the order a Debian 12 boot mounts them (their hierarchy ids 1..8). */
export const V1_ORDER: readonly ControllerName[] = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'];
/** Controllers of the unified hierarchy, in cgroup.controllers order. */
export const V2_CONTROLLERS: readonly ControllerName[] = ['cpuset', 'cpu', 'io', 'memory', 'pids'];

export class CgroupRoot {
  readonly root: Cgroup;
  /** a superblock per hierarchy: mounting it twice shows the same tree (cgroupfs) */
  sb: unknown = null;
  /** the unified hierarchy is listed in /proc/PID/cgroup only once cgroup2 has been mounted */
  visible = false;
  constructor(
    /** hierarchy id: 0 for the unified (v2) hierarchy, 1.. for v1 hierarchies */
    readonly id: number,
    readonly controllers: readonly ControllerName[],
    readonly v2: boolean,
  ) {
    this.root = new Cgroup(this, null, '');
  }
}

export class Cgroup {
  readonly children = new Map<string, Cgroup>();
  /** live tasks (threads) attached here; exited tasks leave at exit, as cgroup_exit() does */
  readonly tasks = new Set<Task>();
  /** v2: controllers enabled for the children (cgroup.subtree_control) */
  readonly subtreeControl = new Set<ControllerName>();
  /** v1 cgroup.clone_children, notify_on_release (kept, inert: there is no release agent) */
  cloneChildren = false;
  notifyOnRelease = false;
  /** v2 cgroup.max.descendants / cgroup.max.depth */
  maxDescendants = Infinity;
  maxDepth = Infinity;
  /** directory inode in this hierarchy's cgroupfs (created on first lookup) */
  inode: Inode | null = null;
  /** values of files that only read back what was written (inert knobs) */
  readonly knobs = new Map<string, string>();
  /** removed by rmdir: its files answer ENODEV, it accepts no tasks */
  dead = false;
  readonly depth: number;
  // controller state (present when the controller is bound to this hierarchy)
  cpu: CpuCg | null = null;
  cpuacct: CpuacctCg | null = null;
  cpuset: CpusetCg | null = null;
  pids: PidsCg | null = null;
  memory: MemoryCg | null = null;
  blkio: BlkioCg | null = null;
  freezer: FreezerCg | null = null;
  devices: DevicesCg | null = null;
  constructor(
    readonly hier: CgroupRoot,
    readonly parent: Cgroup | null,
    readonly name: string,
  ) {
    this.depth = parent ? parent.depth + 1 : 0;
    const has = (c: ControllerName): boolean => hier.controllers.includes(c);
    // v1 has cpu and cpuacct separate; on v2 the cpu controller includes cpuacct's statistics
    if (has('cpu')) this.cpu = new CpuCg(this, parent?.cpu ?? null);
    if (has('cpuacct') || (hier.v2 && has('cpu'))) this.cpuacct = new CpuacctCg(parent?.cpuacct ?? null);
    if (has('cpuset')) this.cpuset = new CpusetCg(this, parent?.cpuset ?? null);
    if (has('pids')) this.pids = new PidsCg(parent?.pids ?? null);
    if (has('memory')) this.memory = new MemoryCg();
    if (has('blkio') || has('io')) this.blkio = new BlkioCg();
    if (has('freezer')) this.freezer = new FreezerCg();
    if (has('devices')) this.devices = new DevicesCg();
  }

  isRoot(): boolean {
    return this.parent === null;
  }

  /** Path from the hierarchy's root ("/", "/db/mysql"). */
  path(): string {
    if (!this.parent) return '/';
    const parts: string[] = [];
    for (let c: Cgroup | null = this as Cgroup | null; c && c.parent; c = c.parent) parts.push(c.name);
    return '/' + parts.reverse().join('/');
  }

  /** Path relative to `base` as cgroup namespaces print it ("/..", "/../x"). */
  pathFrom(base: Cgroup): string {
    if (base === this.hier.root) return this.path();
    const up: Cgroup[] = [];
    for (let c: Cgroup | null = base; c; c = c.parent) up.push(c);
    let common: Cgroup | null = this as Cgroup | null;
    const down: string[] = [];
    while (common && !up.includes(common)) {
      down.push(common.name);
      common = common.parent;
    }
    const ups = common ? up.indexOf(common) : up.length;
    const parts = [...Array<string>(ups).fill('..'), ...down.reverse()];
    return '/' + parts.join('/');
  }

  /** Live thread-group leaders with at least one thread here (cgroup.procs). */
  procs(): Task[] {
    const out: Task[] = [];
    const seen = new Set<Task>();
    for (const t of this.tasks) {
      const l = t.groupLeader;
      if (!seen.has(l)) {
        seen.add(l);
        out.push(l);
      }
    }
    return out;
  }

  /** Does this cgroup or a descendant hold a live task? (cgroup.events populated) */
  populated(): boolean {
    if (this.tasks.size > 0) return true;
    for (const c of this.children.values()) if (c.populated()) return true;
    return false;
  }

  *descendants(): Generator<Cgroup> {
    for (const c of this.children.values()) {
      yield c;
      yield* c.descendants();
    }
  }

  /** v2: is `ctrl` enabled in this cgroup (the root always has every controller of its hierarchy)? */
  enabled(ctrl: ControllerName): boolean {
    if (!this.hier.controllers.includes(ctrl)) return false;
    if (!this.hier.v2 || !this.parent) return true;
    return this.parent.subtreeControl.has(ctrl);
  }
}
