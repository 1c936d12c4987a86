// Per-CPU run queues and the dispatch loop. A CPU runs its current task's program until the task
// blocks, exits, stops, or asks for CPU time (a compute burst or accumulated syscall cost); a burst
// is a timer at min(burst end, slice end). Preemption at slice end, wakeup preemption, and idle
// pulling keep the CPUs fair. Cgroups act here: a task's vruntime advances by its effective
// weight under CFS group scheduling, a throttled group's tasks leave the run queues until the
// next period (sched/bandwidth.ts), and a task only runs on CPUs its cpuset allows.
import type { Task } from '../task/task';
import type { Timer } from '../time/timers';
import type { Kernel } from '../kernel';
import { CfsTunables, niceToWeight, vruntimeDelta } from './cfs';
import type { CpuCg } from '../cgroup/controllers/cpu';
import { Bandwidth } from './bandwidth';
import { noteState, initTraceStates } from '../task/state';

export class Cpu {
  curr: Task | null = null;
  /** runnable tasks waiting for this CPU, ordered by vruntime (ties: first come first) */
  readonly rq: Task[] = [];
  /** sum of the load weights of rq and curr (cfs_rq->load.weight) */
  loadWeight = 0;
  minVruntime = 0;
  /** start of the current accounting segment of curr */
  segStart = 0;
  sliceEnd = 0;
  timer: Timer | null = null;
  runPending = false;
  needResched = false;
  /** the dispatch loop and the end-of-burst timer callback of this CPU */
  runFn: (() => void) | null = null;
  burstEndFn: (() => void) | null = null;
  // /proc/stat accounting, ns
  userNs = 0;
  niceNs = 0;
  sysNs = 0;
  constructor(readonly id: number) {}

  get nrRunning(): number {
    return this.rq.length + (this.curr ? 1 : 0);
  }
}

export type RunResult = 'blocked' | 'burst' | 'dead' | 'stopped' | 'yield';

export class Scheduler {
  readonly cpus: Cpu[];
  readonly tun: CfsTunables;
  readonly bw: Bandwidth;

  constructor(private readonly k: Kernel, ncpus: number) {
    this.cpus = Array.from({ length: ncpus }, (_, i) => new Cpu(i));
    // timer callbacks made once per CPU (not one closure per dispatch)
    for (const cpu of this.cpus) {
      cpu.runFn = () => this.run(cpu);
      cpu.burstEndFn = () => {
        cpu.timer = null;
        this.run(cpu);
      };
    }
    this.tun = new CfsTunables(ncpus);
    this.bw = new Bandwidth(k, this);
    // task-state tracing: whatever the tasks are doing when tracing starts is where they start
    k.trace.onActivate = () => initTraceStates(k);
  }

  /** Tasks runnable or running (the "R" count of /proc/loadavg and /proc/stat procs_running). */
  nrRunning(): number {
    let n = 0;
    for (const c of this.cpus) n += c.nrRunning;
    return n;
  }

  /** A new task enters the scheduler (wake_up_new_task): placed after the current tasks (START_DEBIT). */
  wakeNew(t: Task, parent: Task | null): void {
    if (t.frozen) return; // born into a frozen cgroup: it first runs when thawed
    const cpu = this.selectCpu(t, parent?.cpu ?? 0);
    t.vruntime = cpu.minVruntime + this.tun.slice(niceToWeight(t.nice), cpu.loadWeight + niceToWeight(t.nice), cpu.nrRunning + 1);
    this.enqueue(t, cpu, false);
  }

  /** try_to_wake_up(): make a sleeping task runnable. */
  wake(t: Task): void {
    // a frozen task stays off the CPUs until thawed (its wake-up is retried then)
    if (t.onRq || t.onCpu || !t.alive || t.stopped || t.frozen) return;
    const cpu = this.selectCpu(t, t.cpu);
    // place_entity(): a sleeper gets at most half a latency of credit (GENTLE_FAIR_SLEEPERS)
    const floor = cpu.minVruntime - this.tun.latencyNs / 2;
    if (t.vruntime < floor) t.vruntime = floor;
    this.enqueue(t, cpu, true);
  }

  private enqueue(t: Task, cpu: Cpu, wakeup: boolean): void {
    this.setRunnable(t, true);
    t.cpu = cpu.id;
    if (this.bw.parkIfThrottled(t)) {
      if (this.k.trace.active) noteState(this.k, t);
      return;
    }
    this.rqInsert(cpu, t);
    if (this.k.trace.active) noteState(this.k, t);
    const curr = cpu.curr;
    if (!curr) {
      this.kick(cpu);
      // Another CPU starts running now, in parallel with whoever woke it: the waker's pending
      // syscall time must pass before it can observe the world again (see Kernel.runTask).
      this.k.parallelWake = true;
    } else if (wakeup) {
      const gran = vruntimeDelta(this.tun.wakeupGranularityNs, niceToWeight(t.nice));
      this.accountCurr(cpu);
      if (curr.vruntime - t.vruntime > gran) this.preempt(cpu);
    }
  }

  /** Remove a runnable (not running) task from its queue. */
  dequeue(t: Task): void {
    if (t.throttledBy) this.bw.unpark(t);
    else if (t.onRq) this.rqRemove(this.cpus[t.cpu]!, t);
    if (!t.onCpu) this.setRunnable(t, false);
    // (no noteState here: every caller changes the state next, stop or exit, and notes it then,
    // or puts the task straight back, as a cgroup migration does)
  }

  /** A task's nice value changes (setpriority): its weight in its queue changes with it. */
  reweight(t: Task, nice: number): void {
    if ((t.onRq && !t.throttledBy) || t.onCpu) {
      const cpu = this.cpus[t.cpu]!;
      cpu.loadWeight += niceToWeight(nice) - niceToWeight(t.nice);
    }
    const g = t.schedGroup;
    if (g) this.groupLoadAdd(g, niceToWeight(nice) - niceToWeight(t.nice));
    t.nice = nice;
  }

  // ---------------------------------------------------------------- group scheduling

  /**
   * A task becomes runnable (on a queue or a CPU) or stops being so: its weight joins or leaves
   * its group's load, and a group whose load goes from or to zero joins or leaves its parent's
   * (enqueue_entity/dequeue_entity of the group's sched entity).
   */
  setRunnable(t: Task, on: boolean): void {
    if (on === (t.schedGroup !== null)) return;
    if (on) {
      const g = this.k.cgroups.cpuOf(t);
      if (!g) return;
      t.schedGroup = g;
      this.groupLoadAdd(g, niceToWeight(t.nice));
    } else {
      const g = t.schedGroup!;
      t.schedGroup = null;
      this.groupLoadAdd(g, -niceToWeight(t.nice));
    }
  }

  /** Change a group's load; its entity in the parent appears or disappears with it. */
  groupLoadAdd(g: CpuCg, delta: number): void {
    const before = g.load;
    g.load += delta;
    if (!g.parent || g.throttled) return;
    if (before <= 0 && g.load > 0) this.groupLoadAdd(g.parent, g.shares);
    else if (before > 0 && g.load <= 0) this.groupLoadAdd(g.parent, -g.shares);
  }

  /** A group's shares change: its entity's weight in the parent changes if it is enqueued. */
  setShares(g: CpuCg, shares: number): void {
    if (g.parent && g.load > 0 && !g.throttled) this.groupLoadAdd(g.parent, shares - g.shares);
    g.shares = shares;
  }

  /**
   * The weight a task's runtime is charged with: its own weight scaled by its share of each
   * enclosing group (calc_group_shares: group shares × task weight / group load, level by level).
   * Three busy tasks in one group and one in a sibling with equal shares split the CPU 50/50.
   */
  effectiveWeight(t: Task): number {
    let w = niceToWeight(t.nice);
    for (let g = t.schedGroup; g && g.parent; g = g.parent) w = (w * g.shares) / Math.max(g.load, 1);
    return w;
  }

  /** Before a cgroup migration: take the task out of its group's accounting. Returns where it was. */
  groupDetach(t: Task): 'rq' | 'cpu' | 'none' {
    if (t.onCpu) {
      this.setRunnable(t, false);
      return 'cpu';
    }
    if (t.onRq) {
      this.dequeue(t);
      return 'rq';
    }
    return 'none';
  }

  /** After a cgroup migration: account the task in its new group (and obey its throttle and cpuset). */
  groupAttach(t: Task, was: 'rq' | 'cpu' | 'none'): void {
    if (was === 'rq') this.enqueue(t, this.selectCpu(t, t.cpu), false);
    else if (was === 'cpu') {
      this.setRunnable(t, true);
      if (this.bw.throttledAncestor(t)) this.preempt(this.cpus[t.cpu]!);
    }
  }

  /** The task's effective cpu or cpuset state changed (v2 subtree_control): re-account it. */
  cgroupStateChanged(t: Task): void {
    this.groupAttach(t, this.groupDetach(t));
    this.cpusetChanged(t);
  }

  /** A cpu group was removed (rmdir): stop its bandwidth timer. */
  groupRemoved(g: CpuCg): void {
    this.bw.removed(g);
  }

  /** Put tasks of an unthrottled group back on run queues. */
  requeue(t: Task): void {
    this.enqueue(t, this.selectCpu(t, t.cpu), false);
  }

  /** Take a queued task off its run queue because its group was throttled (it stays runnable). */
  holdBack(t: Task): void {
    if (t.onRq && !t.throttledBy) {
      this.rqRemove(this.cpus[t.cpu]!, t);
      t.onRq = true;
    }
  }

  // ---------------------------------------------------------------- cpuset / affinity

  /** CPUs the task may run on (cpuset ∩ affinity); null = all. */
  allowedCpus(t: Task): readonly number[] | null {
    const cs = this.k.cgroups.cpusetOf(t);
    let allowed: readonly number[] | null = cs && cs.parent ? cs.effectiveCpus() : null;
    if (t.cpusAllowed) allowed = allowed ? allowed.filter((c) => t.cpusAllowed!.includes(c)) : t.cpusAllowed;
    if (allowed && allowed.length === 0) return null;
    return allowed;
  }

  private allowedOn(t: Task, cpu: Cpu): boolean {
    const a = this.allowedCpus(t);
    return !a || a.includes(cpu.id);
  }

  /** The task's cpuset or affinity changed: move it off a CPU it may no longer use. */
  cpusetChanged(t: Task): void {
    if (this.allowedOn(t, this.cpus[t.cpu]!)) return;
    if (t.onCpu) this.preempt(this.cpus[t.cpu]!);
    else if (t.onRq && !t.throttledBy) {
      this.rqRemove(this.cpus[t.cpu]!, t);
      this.enqueue(t, this.selectCpu(t, t.cpu), false);
    } else t.cpu = this.selectCpu(t, t.cpu).id;
  }

  private rqInsert(cpu: Cpu, t: Task): void {
    const rq = cpu.rq;
    let lo = 0;
    let hi = rq.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rq[mid]!.vruntime <= t.vruntime) lo = mid + 1;
      else hi = mid;
    }
    rq.splice(lo, 0, t);
    t.onRq = true;
    cpu.loadWeight += niceToWeight(t.nice);
  }

  private rqRemove(cpu: Cpu, t: Task): void {
    const rq = cpu.rq;
    let lo = 0;
    let hi = rq.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rq[mid]!.vruntime < t.vruntime) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    while (i < rq.length && rq[i] !== t) i++;
    if (i >= rq.length) i = rq.indexOf(t);
    if (i >= 0) rq.splice(i, 1);
    t.onRq = false;
    cpu.loadWeight -= niceToWeight(t.nice);
  }

  /** Ask a CPU to reschedule now (its current task is charged and may be switched out). */
  preempt(cpu: Cpu): void {
    cpu.needResched = true;
    this.kick(cpu);
  }

  /** A task running on some CPU must come back to the kernel now (signal delivery). */
  interrupt(t: Task): void {
    if (!t.onCpu) return;
    this.kick(this.cpus[t.cpu]!);
  }

  private kick(cpu: Cpu): void {
    if (cpu.runPending) return;
    cpu.runPending = true;
    this.k.timers.at(this.k.timers.now, cpu.runFn!);
  }

  private selectCpu(t: Task, prev: number): Cpu {
    // (no closures here: this runs on every wake-up)
    const allowed = this.allowedCpus(t);
    let p = this.cpus[prev] ?? this.cpus[0]!;
    if (allowed && !allowed.includes(p.id)) p = this.cpus[allowed[0]!] ?? this.cpus[0]!;
    if (!p.curr && p.rq.length === 0) return p;
    let best = p;
    for (const c of this.cpus) {
      if (allowed && !allowed.includes(c.id)) continue;
      if (!c.curr && c.rq.length === 0) return c;
      if (c.nrRunning < best.nrRunning) best = c;
    }
    return best;
  }


  /** Charge the running task for the time since its segment began (update_curr). */
  accountCurr(cpu: Cpu): void {
    const t = cpu.curr;
    const now = this.k.timers.now;
    if (!t) return;
    let delta = now - cpu.segStart;
    cpu.segStart = now;
    if (delta <= 0) return;
    const s = Math.min(delta, t.burstSys);
    t.burstSys -= s;
    delta -= s;
    const u = Math.min(delta, t.burstUser);
    t.burstUser -= u;
    this.charge(cpu, t, u, s);
  }

  /** Account CPU time to a task and its CPU (also used for syscall debt paid without a burst). */
  charge(cpu: Cpu, t: Task, userNs: number, sysNs: number): void {
    t.utimeNs += userNs;
    t.stimeNs += sysNs;
    if (t.nice > 0) cpu.niceNs += userNs;
    else cpu.userNs += userNs;
    cpu.sysNs += sysNs;
    t.vruntime += vruntimeDelta(userNs + sysNs, t.schedGroup ? this.effectiveWeight(t) : niceToWeight(t.nice));
    this.updateMinVruntime(cpu);
    this.k.cgroups.acctOf(t)?.charge(cpu.id, userNs, sysNs);
    this.bw.consume(t, userNs + sysNs);
  }

  private updateMinVruntime(cpu: Cpu): void {
    let m = cpu.curr ? cpu.curr.vruntime : Infinity;
    const first = cpu.rq[0];
    if (first && first.vruntime < m) m = first.vruntime;
    if (m !== Infinity && m > cpu.minVruntime) cpu.minVruntime = m;
  }

  /** The leftmost task of the queue becomes current (its weight stays in loadWeight). */
  private pickNext(cpu: Cpu): Task | null {
    if (cpu.rq.length === 0) this.idlePull(cpu);
    const t = cpu.rq.shift();
    if (!t) return null;
    t.onRq = false;
    return t;
  }

  /** newidle balance: an idle CPU steals a waiting task from the busiest queue. */
  private idlePull(cpu: Cpu): void {
    let src: Cpu | null = null;
    for (const c of this.cpus) if (c !== cpu && c.rq.length > 0 && (!src || c.rq.length > src.rq.length)) src = c;
    if (!src) return;
    this.migrateOne(src, cpu);
  }

  private migrateOne(src: Cpu, dst: Cpu): void {
    // the rightmost task (least entitled to run soon) that may run on dst moves; vruntime is
    // renormalised to the new queue
    let i = src.rq.length - 1;
    while (i >= 0 && !this.allowedOn(src.rq[i]!, dst)) i--;
    if (i < 0) return;
    const t = src.rq[i]!;
    this.rqRemove(src, t);
    t.vruntime = t.vruntime - src.minVruntime + dst.minVruntime;
    t.cpu = dst.id;
    this.rqInsert(dst, t);
  }

  /** The CPU's dispatch loop, run from a timer event at the current virtual time. */
  private run(cpu: Cpu): void {
    cpu.runPending = false;
    if (cpu.timer) {
      this.k.timers.cancel(cpu.timer);
      cpu.timer = null;
    }
    const timers = this.k.timers;
    this.accountCurr(cpu);
    for (let guard = 0; guard < 1_000_000; guard++) {
      let t = cpu.curr;
      if (t && t.schedGroup?.parent && this.bw.throttledAncestor(t)) {
        // its group ran out of runtime: the task leaves the CPU until the next period
        this.switchOut(cpu, t, 'preempted');
        continue;
      }
      if (t) {
        const expired = timers.now >= cpu.sliceEnd;
        if ((expired || cpu.needResched) && (t.burstUser > 0 || t.burstSys > 0)) {
          cpu.needResched = false;
          // periodic balance: even out queue lengths at slice boundaries
          if (expired) for (const c of this.cpus) if (c !== cpu && c.rq.length > cpu.rq.length + 1) this.migrateOne(c, cpu);
          const min = cpu.rq[0];
          if (min && (expired ? min.vruntime < t.vruntime + 1 : min.vruntime < t.vruntime)) {
            this.switchOut(cpu, t, 'preempted');
            continue;
          }
          if (expired) cpu.sliceEnd = timers.now + this.sliceOf(cpu, t);
        }
        cpu.needResched = false;
      } else {
        t = this.pickNext(cpu);
        if (!t) return; // idle
        cpu.curr = t;
        t.onCpu = true;
        t.cpu = cpu.id;
        cpu.segStart = timers.now;
        cpu.sliceEnd = timers.now + this.sliceOf(cpu, t);
      }
      const r = this.k.runTask(t, cpu);
      if (r === 'burst') {
        const left = t.burstSys + t.burstUser;
        // a group with a CPU quota is charged (and throttled) exactly when its runtime runs out
        const until = Math.max(1, Math.min(left, cpu.sliceEnd - timers.now, this.bw.runtimeLeft(t)));
        cpu.timer = timers.after(until, cpu.burstEndFn!);
        return;
      }
      this.switchOut(cpu, t, r);
    }
  }

  private sliceOf(cpu: Cpu, t: Task): number {
    return this.tun.slice(niceToWeight(t.nice), cpu.loadWeight, cpu.nrRunning);
  }

  private switchOut(cpu: Cpu, t: Task, why: RunResult | 'preempted'): void {
    cpu.curr = null;
    t.onCpu = false;
    cpu.loadWeight -= niceToWeight(t.nice);
    if (why === 'preempted') t.nivcsw++;
    else if (why !== 'dead') t.nvcsw++;
    if ((why === 'preempted' || why === 'yield') && t.alive && !t.stopped) {
      // still R (back on a queue, or held back by its throttled group)
      if (this.bw.parkIfThrottled(t)) return;
      if (this.allowedOn(t, cpu)) this.rqInsert(cpu, t);
      else this.enqueue(t, this.selectCpu(t, cpu.id), false);
    } else {
      this.setRunnable(t, false);
      // off the CPU: blocked (S/D), stopped (T) or dead (Z/X) shows now
      if (this.k.trace.active) noteState(this.k, t);
    }
  }
}
