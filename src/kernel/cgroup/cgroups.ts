// The cgroup subsystem of a kernel: its hierarchies, where every task is, and the hooks fork,
// exit, release and migration call (cgroup_can_fork/post_fork, cgroup_exit, cgroup_release,
// cgroup_attach_task). Controllers' enforcement lives with the subsystem they act on: pids here in
// canFork, cpu and cpuset in the scheduler (sched/group.ts).
import type { Kernel } from '../kernel';
import type { Task } from '../task/task';
import { CgroupRoot, Cgroup, V1_ORDER, V2_CONTROLLERS, type ControllerName } from './cgroup';
import type { CpuCg } from './controllers/cpu';
import type { CpusetCg } from './controllers/cpuset';
import type { PidsCg } from './controllers/pids';
import type { CpuacctCg } from './controllers/cpuacct';
import { EAGAIN, EBUSY, EEXIST, EINVAL, ENODEV, ENOSPC, EOPNOTSUPP } from '../abi/errno';
import { KERN_INFO } from '../log/printk';
import { cgroupFreezing, freezeTask, thawTask } from './controllers/freezer';

export type CgroupVersion = 1 | 2;

/** /proc/cgroups rows: every controller the lab models, in cgroup_subsys[] order (v1 names). */
const PROC_CGROUPS_ORDER: readonly ControllerName[] = ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'pids'];

export class Cgroups {
  /** the unified hierarchy (id 0); in v1 mode it exists but has no controllers */
  readonly dfl: CgroupRoot;
  /** v1 hierarchies by id 1..8 (empty in v2 mode) */
  readonly v1: CgroupRoot[] = [];
  private readonly byCtrl = new Map<ControllerName, CgroupRoot>();
  /** forking cgroups already reported by the pids controller's log line */
  private readonly pidsLogged = new Set<PidsCg>();

  constructor(
    private readonly k: Kernel,
    readonly version: CgroupVersion,
  ) {
    this.dfl = new CgroupRoot(0, version === 2 ? V2_CONTROLLERS : [], true);
    if (version === 2) {
      for (const c of V2_CONTROLLERS) this.byCtrl.set(c, this.dfl);
      this.byCtrl.set('cpuacct', this.dfl);
      this.byCtrl.set('blkio', this.dfl);
      this.dfl.visible = true;
    } else {
      V1_ORDER.forEach((c, i) => {
        const r = new CgroupRoot(i + 1, [c], false);
        this.v1.push(r);
        this.byCtrl.set(c, r);
      });
    }
    const all = Array.from({ length: k.config.ncpus }, (_, i) => i);
    for (const r of this.hierarchies()) {
      if (r.root.cpuset) {
        r.root.cpuset.cpus = all;
        r.root.cpuset.mems = [0];
      }
    }
  }

  /** Every hierarchy: the unified one first, then v1 by id. */
  hierarchies(): CgroupRoot[] {
    return [this.dfl, ...this.v1];
  }

  /** The hierarchy a controller is bound to. */
  rootOf(ctrl: ControllerName): CgroupRoot | undefined {
    return this.byCtrl.get(ctrl);
  }

  /** Hierarchy by id (the index into task.cgroups). */
  hierarchy(id: number): CgroupRoot | undefined {
    return id === 0 ? this.dfl : this.v1[id - 1];
  }

  // ------------------------------------------------------------ where a task's controllers are

  /** The cgroup whose `ctrl` state applies to t (v2: nearest ancestor with the controller enabled). */
  css(t: Task, ctrl: ControllerName): Cgroup | null {
    const r = this.byCtrl.get(ctrl);
    if (!r) return null;
    let cg: Cgroup | null = t.cgroups[r.id] ?? r.root;
    if (r.v2) {
      const c = ctrl === 'cpuacct' ? 'cpu' : ctrl === 'blkio' ? 'io' : ctrl;
      while (cg && !cg.enabled(c)) cg = cg.parent;
    }
    return cg;
  }

  cpuOf(t: Task): CpuCg | null {
    return this.css(t, 'cpu')?.cpu ?? null;
  }
  cpuacctOf(t: Task): CpuacctCg | null {
    return this.css(t, 'cpuacct')?.cpuacct ?? null;
  }
  cpusetOf(t: Task): CpusetCg | null {
    return this.css(t, 'cpuset')?.cpuset ?? null;
  }
  /** Where CPU time is accounted: v1 the cpuacct cgroup; v2 the task's own cgroup (rstat). */
  acctOf(t: Task): CpuacctCg | null {
    if (this.version === 2) return (t.cgroups[0] ?? this.dfl.root).cpuacct;
    return this.cpuacctOf(t);
  }
  pidsOf(t: Task): PidsCg | null {
    return this.css(t, 'pids')?.pids ?? null;
  }

  // ------------------------------------------------------------ task lifecycle hooks

  /** The first task (init) starts in every root cgroup. */
  initTask(t: Task): void {
    t.cgroups = this.hierarchies().map((r) => r.root);
    for (const cg of t.cgroups) cg.tasks.add(t);
    this.pidsOf(t)?.charge(1);
  }

  /** cgroup_can_fork → pids_can_fork: 0 or -EAGAIN (counted in pids.events, logged once). */
  canFork(parent: Task): number {
    const pids = this.pidsOf(parent);
    if (!pids) return 0;
    const over = pids.overLimit();
    if (!over) return 0;
    pids.forkFail++;
    if (!this.pidsLogged.has(pids)) {
      this.pidsLogged.add(pids);
      const cg = this.css(parent, 'pids')!;
      this.k.log.log(`cgroup: fork rejected by pids controller in ${cg.path()}`, KERN_INFO);
    }
    over.eventsMaxLocal++;
    for (let p: PidsCg | null = over; p; p = p.parent) p.eventsMax++;
    return -EAGAIN;
  }

  /** cgroup_post_fork: the child joins its parent's cgroups and is charged. */
  postFork(parent: Task, child: Task): void {
    child.cgroups = parent.cgroups.slice();
    for (const cg of child.cgroups) cg.tasks.add(child);
    this.pidsOf(child)?.charge(1);
    // freezer_fork: a child born into a freezing cgroup is frozen before it first runs
    if (this.freezingV1(child)) child.frozen = true;
  }

  /** cgroup_exit: an exiting task leaves the listings (cgroup.procs, tasks); it stays charged. */
  exit(t: Task): void {
    for (const cg of t.cgroups) cg.tasks.delete(t);
  }

  /** cgroup_release (at reap): the pids charge is returned. */
  release(t: Task): void {
    this.pidsOf(t)?.uncharge(1);
  }

  // ------------------------------------------------------------ migration

  /**
   * cgroup_attach_task: move a thread (or its whole thread group) to `dst`. Checks as the kernel:
   * a removed cgroup → ENODEV; v2 "no internal processes" → EBUSY; v1 cpuset without cpus or
   * mems → ENOSPC. Exiting tasks are skipped silently.
   */
  attach(t: Task, dst: Cgroup, wholeGroup: boolean): number {
    if (dst.dead) return -ENODEV;
    const r = dst.hier;
    if (r.v2 && dst.parent && dst.subtreeControl.size > 0) return -EBUSY;
    if (!r.v2 && dst.cpuset && (dst.cpuset.cpus.length === 0 || dst.cpuset.mems.length === 0)) return -ENOSPC;
    const threads = wholeGroup ? t.groupLeader.threads.filter((x) => x.alive) : [t];
    if (threads.length === 0 || !t.alive) return 0;
    if (r.v2 && !wholeGroup && threads[0]!.groupLeader.threads.length > 1 && t.cgroups[r.id] !== dst) return -EOPNOTSUPP;
    for (const th of threads) this.moveTask(th, dst);
    return 0;
  }

  private moveTask(t: Task, dst: Cgroup): void {
    const id = dst.hier.id;
    const src = t.cgroups[id]!;
    if (src === dst) return;
    const before = { cpuset: this.cpusetOf(t), pids: this.pidsOf(t) };
    const sched = this.k.sched;
    const runnable = sched.groupDetach(t);
    src.tasks.delete(t);
    t.cgroups = t.cgroups.slice();
    t.cgroups[id] = dst;
    dst.tasks.add(t);
    const pids = this.pidsOf(t);
    if (pids !== before.pids) {
      before.pids?.uncharge(1);
      pids?.charge(1);
    }
    sched.groupAttach(t, runnable);
    if (this.cpusetOf(t) !== before.cpuset) sched.cpusetChanged(t);
    // freezer_attach: the task takes the freezing state of its new cgroup
    if (dst.freezer && !dst.hier.v2) {
      if (cgroupFreezing(dst)) freezeTask(this.k, t);
      else thawTask(this.k, t);
    }
  }

  /** Is `t` in a freezing v1 freezer cgroup? */
  freezingV1(t: Task): boolean {
    const cg = this.css(t, 'freezer');
    return !!cg && !cg.hier.v2 && cgroupFreezing(cg);
  }

  // ------------------------------------------------------------ mkdir / rmdir

  /** cgroup_mkdir. Returns the new cgroup or -errno. */
  mkdir(parent: Cgroup, name: string): Cgroup | number {
    if (parent.dead) return -ENODEV;
    if (parent.children.has(name)) return -EEXIST;
    if (name.includes('\n')) return -EINVAL;
    if (parent.hier.v2) {
      let depth = 0;
      for (let c: Cgroup | null = parent; c; c = c.parent, depth++) {
        if (depth + 1 > c.maxDepth) return -EAGAIN;
        let n = 0;
        for (const d of c.descendants()) if (!d.dead) n++;
        if (n + 1 > c.maxDescendants) return -EAGAIN;
      }
    }
    const cg = new Cgroup(parent.hier, parent, name);
    if (cg.cpuset && parent.cpuset && !parent.hier.v2 && parent.cloneChildren) {
      cg.cpuset.cpus = parent.cpuset.cpus.slice();
      cg.cpuset.mems = parent.cpuset.mems.slice();
    }
    cg.cloneChildren = parent.cloneChildren;
    parent.children.set(name, cg);
    return cg;
  }

  /** cgroup_rmdir: EBUSY while it holds live tasks or child cgroups. */
  rmdir(cg: Cgroup): number {
    if (!cg.parent) return -EBUSY;
    if (cg.tasks.size > 0 || cg.children.size > 0) return -EBUSY;
    cg.dead = true;
    cg.parent.children.delete(cg.name);
    if (cg.cpu) this.k.sched.groupRemoved(cg.cpu);
    return 0;
  }

  // ------------------------------------------------------------ rendering

  /** /proc/PID/cgroup as seen by `viewer` (paths relative to the viewer's cgroup namespace). */
  renderProcCgroup(t: Task, viewer: Task): string {
    const nsRoots = viewer.nsproxy.cgroup.roots;
    const line = (r: CgroupRoot): string => {
      const cg = t.cgroups[r.id] ?? r.root;
      const base = nsRoots[r.id] ?? r.root;
      return `${r.id}:${r.v2 ? '' : r.controllers.join(',')}:${cg.pathFrom(base)}\n`;
    };
    let out = '';
    for (let i = this.v1.length - 1; i >= 0; i--) out += line(this.v1[i]!);
    if (this.dfl.visible) out += line(this.dfl);
    return out;
  }

  /** /proc/cgroups */
  renderProcCgroups(): string {
    let out = '#subsys_name\thierarchy\tnum_cgroups\tenabled\n';
    for (const c of PROC_CGROUPS_ORDER) {
      const r = this.byCtrl.get(c);
      if (!r) continue;
      let n = 1;
      for (const d of r.root.descendants()) if (!d.dead) n++;
      out += `${c}\t${r.id}\t${n}\t1\n`;
    }
    return out;
  }
}
