// The kernel object: owns time, the scheduler, tasks, filesystems and the syscall table, and runs
// tasks' programs. Subsystems live in their folders and take the kernel as their first argument.
import { TimerQueue, type Timer } from './time/timers';
import { Entropy } from './lib/prng';
import { Scheduler, type Cpu, type RunResult } from './sched/core';
import { calcLoad, EXP_1, EXP_5, EXP_15, LOAD_FREQ_NS } from './sched/loadavg';
import { Printk, KERN_ERR } from './log/printk';
import { Trace } from './trace/trace';
import { PidNamespace } from './task/pid';
import { Task, ExitState } from './task/task';
import { type WaitQueue, setWaker, type WouldBlock, type Wait, type RestartPolicy } from './task/wait';
import { MmAccounting } from './mm/mm';
import { UtsNamespace } from './task/uts';
import { UserNamespace } from './ns/user';
import { NsFs } from './ns/nsfs';
import { NsInums, INIT_INUM, FIRST_DYNAMIC_INUM, IpcNamespace, NetNamespace, TimeNamespace, CgroupNamespace } from './ns/namespaces';
import { Cgroups, type CgroupVersion } from './cgroup/cgroups';
import type { BuiltinImage, SysReq, Sys } from './syscall/api';
import { SYSCALLS, syscallCost } from './syscall/table';
import { deliverSignals, hasDeliverable, finishHandlerFrame, forceSig } from './signal/signal';
import { doExit } from './task/exit';
import { SIGSEGV, SIGKILL } from './abi/signal';
import { ENOSYS } from './abi/errno';
import type { Vfs } from './fs/vfs';
import type { SuperBlock, Inode } from './fs/inode';
import type { FileOps } from './fs/file';
import type { Tty } from './tty/tty';
import type { DevPts } from './tty/pty';

export interface KernelConfig {
  ncpus: number;
  ramBytes: number;
  hostname: string;
  /** CLOCK_REALTIME at boot, in seconds since the epoch */
  bootEpochSec: number;
  seed: number;
  release: string;
  version: string;
  /** cgroup v1 (one hierarchy per controller) or v2 (unified) */
  cgroupVersion: CgroupVersion;
}

/** Returned by a syscall handler that parked the task (see Kernel.block). */
export const BLOCKED: unique symbol = Symbol('blocked');
/** Returned by a syscall handler after which the task no longer runs its program (exit). */
export const NORETURN: unique symbol = Symbol('noreturn');

export interface BlockSpec {
  queues: readonly WaitQueue[];
  retry: () => unknown;
  timeoutAt?: number;
  uninterruptible?: boolean;
  restart?: RestartPolicy;
  wchan?: string;
  interrupted?: () => unknown;
}

/** How many syscalls of small cost a task may run before its debt becomes CPU time. */
const DEBT_LIMIT_NS = 50_000;

export class Kernel {
  readonly timers = new TimerQueue();
  readonly entropy: Entropy;
  readonly sched: Scheduler;
  readonly cgroups: Cgroups;
  readonly log: Printk;
  readonly trace = new Trace();
  readonly mmAcct = new MmAccounting();
  readonly initUserNs = new UserNamespace(INIT_INUM.user, null, 0, 0);
  readonly initPidNs = new PidNamespace(null, INIT_INUM.pid, this.initUserNs);
  readonly initUts: UtsNamespace;
  /** namespace inode numbers (proc_alloc_inum) */
  readonly nsInums = new NsInums(FIRST_DYNAMIC_INUM);
  readonly initIpc = new IpcNamespace(INIT_INUM.ipc, this.initUserNs);
  readonly initNet = new NetNamespace(INIT_INUM.net, this.initUserNs);
  readonly initTime = new TimeNamespace(INIT_INUM.time, this.initUserNs);
  readonly initCgroupNs: CgroupNamespace;
  readonly nsfs = new NsFs(this);
  readonly builtins = new Map<string, BuiltinImage>();
  vfs!: Vfs;
  /** the userland Sys every program receives (it only builds requests; the machine provides it) */
  programSys!: Sys;
  /** tmpfs-like superblocks whose file data counts as Shmem in /proc/meminfo */
  readonly tmpfsSbs: SuperBlock[] = [];
  pipeSb!: SuperBlock;
  /** the sysfs superblock (a new sysfs mount shows the same tree) */
  sysfsSb!: SuperBlock;
  /** the devtmpfs superblock (one instance, shared by every mount of it) */
  devtmpfsSb!: SuperBlock;
  private nextAnonDev = 30;
  console!: Tty;
  devpts!: DevPts;
  /** the driver for a character device number (null: no such device, ENXIO on open) */
  deviceOps: (rdev: number) => FileOps | null = () => null;
  /** nr_threads and kernel.threads-max */
  nrThreads = 0;
  maxThreads: number;
  /**
   * Events run since boot. With the virtual time it names an exact point in the machine's
   * history: the replay log (src/machine/replay.ts) records input at (time, events run), since
   * a host may stop a slice between two events due at the same nanosecond.
   */
  eventsRun = 0;
  /** avenrun[] in FIXED_1 fixed point */
  readonly avenrun = [0, 0, 0];
  /** context switches and forks since boot (/proc/stat ctxt, processes) */
  forks = 0;
  /** the root pid namespace's init, once spawned */
  init: Task | null = null;
  /** the task whose syscall is being handled (procfs's /proc/self, the viewer of /proc) */
  current: Task | null = null;
  panicked: string | null = null;
  /**
   * Set when a wake-up started another CPU. The running task then turns its small pending
   * syscall cost into CPU time at once, so the woken task runs "meanwhile": a SIGKILLed job dies
   * before the shell that killed it prints its next prompt, as on a real multi-CPU machine.
   */
  parallelWake = false;
  /** host hook: a program threw a JS exception (a simulator bug); tests fail on it */
  onProgramCrash: ((t: Task, err: unknown) => void) | null = null;
  /** Observer of what tasks read from terminals (the machine's command log); must not change anything. */
  onTtyRead: ((tty: Tty, t: Task, bytes: Uint8Array) => void) | null = null;
  private taskSerial = 1;

  constructor(readonly config: KernelConfig) {
    this.entropy = new Entropy(config.seed);
    this.sched = new Scheduler(this, config.ncpus);
    this.cgroups = new Cgroups(this, config.cgroupVersion);
    this.log = new Printk(() => this.timers.now);
    this.initUts = new UtsNamespace(INIT_INUM.uts, this.initUserNs, config.hostname);
    this.initCgroupNs = new CgroupNamespace(INIT_INUM.cgroup, this.initUserNs, this.cgroups.hierarchies().map((r) => r.root));
    // fork_init(): max_threads = totalram_pages / (8 * THREAD_SIZE / PAGE_SIZE), THREAD_SIZE = 16 KiB
    this.maxThreads = Math.max(20, Math.floor(config.ramBytes / 4096 / 32));
    this.timers.after(LOAD_FREQ_NS, () => this.calcGlobalLoad(), true);
  }

  /** get_anon_bdev: a 0:N device number for a superblock without a disk. */
  allocAnonDev(): number {
    const n = this.nextAnonDev++;
    return ((0 & 0xfff) << 8) | (n & 0xff) | ((n & ~0xff) << 12);
  }

  newTask(): Task {
    const t = new Task(this.taskSerial++);
    setWaker(t, this.waker);
    return t;
  }

  private readonly waker = (t: Task): void => this.wakeTask(t);

  /** CLOCK_REALTIME in ns (the virtual clock plus the boot epoch). */
  realtimeNs(): number {
    return this.config.bootEpochSec * 1e9 + this.timers.now;
  }

  registerBuiltin(name: string, image: BuiltinImage): void {
    this.builtins.set(name, image);
  }

  // ---------------------------------------------------------------- time

  /** Run every event due up to `limitNs` of virtual time, at most `maxEvents`. Returns events run. */
  runUntil(limitNs: number, maxEvents = Infinity): number {
    let n = 0;
    while (n < maxEvents && !this.panicked) {
      const t = this.timers.popDue(limitNs);
      if (!t) break;
      t.fn();
      n++;
    }
    this.eventsRun += n;
    if (this.timers.now < limitNs && this.timers.nextTime() > limitNs && Number.isFinite(limitNs)) this.timers.now = limitNs;
    return n;
  }

  /** Something will happen without outside input (a runnable task, a pending sleep or timer). */
  busy(): boolean {
    return this.sched.nrRunning() > 0 || this.timers.hasWork();
  }

  private calcGlobalLoad(): void {
    const active = this.sched.nrRunning() + this.nrUninterruptible();
    const a = active * 2048;
    this.avenrun[0] = calcLoad(this.avenrun[0]!, EXP_1, a);
    this.avenrun[1] = calcLoad(this.avenrun[1]!, EXP_5, a);
    this.avenrun[2] = calcLoad(this.avenrun[2]!, EXP_15, a);
    this.timers.after(LOAD_FREQ_NS, () => this.calcGlobalLoad(), true);
  }

  /** Tasks in D that count for the load average. */
  nrUninterruptible(): number {
    let n = 0;
    for (const t of this.allTasks()) if (t.alive && t.wait?.uninterruptible) n++;
    return n;
  }

  /** Every task (threads included) that has a pid in the root namespace, in pid order. */
  *allTasks(): Generator<Task> {
    const pids = [...this.initPidNs.pids.entries()].sort((a, b) => a[0] - b[0]);
    for (const [, pid] of pids) if (pid.task) yield pid.task;
  }

  // ---------------------------------------------------------------- blocking

  /** Park `t` (called by syscall handlers; they return the result). */
  block(t: Task, spec: BlockSpec): typeof BLOCKED {
    t.wait = {
      queues: spec.queues,
      retry: spec.retry,
      timeoutAt: spec.timeoutAt ?? Infinity,
      uninterruptible: spec.uninterruptible ?? false,
      restart: spec.restart ?? 'sa_restart',
      wchan: spec.wchan ?? 'do_wait',
      interrupted: spec.interrupted,
    };
    return BLOCKED;
  }

  /** Turn a file op's WouldBlock into a parked syscall that retries `retry`. */
  blockOn(t: Task, wb: WouldBlock, retry: () => unknown, restart: RestartPolicy = 'sa_restart', interrupted?: () => unknown): typeof BLOCKED {
    return this.block(t, { queues: wb.queues, retry, uninterruptible: wb.uninterruptible, wchan: wb.wchan, restart, timeoutAt: wb.timeoutAt, interrupted });
  }

  private waitTimers = new Map<Task, Timer>();

  private park(t: Task, w: Wait): void {
    for (const q of w.queues) q.waiters.add(t);
    if (Number.isFinite(w.timeoutAt)) {
      this.waitTimers.set(t, this.timers.at(w.timeoutAt, () => this.wakeTask(t)));
    }
  }

  /** Remove a task from the queues of its wait (it stays in t.wait for the retry). */
  unpark(t: Task): void {
    const w = t.wait;
    if (w) for (const q of w.queues) q.waiters.delete(t);
    const tm = this.waitTimers.get(t);
    if (tm) {
      this.timers.cancel(tm);
      this.waitTimers.delete(t);
    }
  }

  /** Wake a parked task: it will retry its syscall when it next runs. */
  wakeTask(t: Task): void {
    if (!t.alive) return;
    this.unpark(t);
    this.sched.wake(t);
  }

  // ---------------------------------------------------------------- running programs

  /**
   * Run `t`'s program on `cpu` at the current virtual time until it blocks, exits, stops or needs
   * CPU time. Returns why it stopped running.
   */
  runTask(t: Task, cpu: Cpu): RunResult {
    this.parallelWake = false;
    for (let steps = 0; ; steps++) {
      if (!t.alive) return 'dead';
      // the cgroup freezer: try_to_freeze() before signals are handled; off the CPU until thawed
      if (t.frozen) return 'stopped';
      if (hasDeliverable(t)) {
        const r = deliverSignals(this, t);
        if (r !== 'continue') return r;
        if (!t.alive) return 'dead';
      }
      if (t.stopped) return 'stopped';
      if (t.burstSys > 0 || t.burstUser > 0) return 'burst';
      if (this.parallelWake && t.sysDebt > 0) {
        this.parallelWake = false;
        t.burstSys += t.sysDebt;
        t.sysDebt = 0;
        return 'burst';
      }
      if (t.sysDebt >= DEBT_LIMIT_NS || steps > 10_000) {
        t.burstSys += t.sysDebt;
        t.sysDebt = 0;
        if (t.burstSys > 0) return 'burst';
        return 'yield';
      }
      let result: unknown;
      if (t.wait) {
        const w = t.wait;
        t.wait = null;
        result = w.retry();
      } else {
        const frame = t.frames[t.frames.length - 1];
        if (!frame) {
          doExit(this, t, 0);
          return 'dead';
        }
        let res: IteratorResult<unknown, unknown>;
        try {
          res = frame.gen.next(t.resume);
        } catch (err) {
          this.programCrashed(t, err);
          return t.alive ? 'yield' : 'dead';
        }
        t.resume = undefined;
        if (res.done) {
          if (frame.kind === 'main') {
            const code = typeof res.value === 'number' ? res.value & 0xff : 0;
            doExit(this, t, code << 8, true);
            return 'dead';
          }
          finishHandlerFrame(this, t);
          continue;
        }
        result = this.dispatch(t, res.value as SysReq);
      }
      if (result === BLOCKED) {
        this.payDebt(t, cpu);
        const w = t.wait as Wait | null;
        if (!w) continue;
        this.park(t, w);
        // a signal may have arrived between the check and the park (e.g. sent to itself)
        if (hasDeliverable(t) && !w.uninterruptible) {
          this.unpark(t);
          continue;
        }
        return 'blocked';
      }
      if (result === NORETURN) {
        if (!t.alive) return 'dead';
        continue;
      }
      t.resume = result;
    }
  }

  private payDebt(t: Task, cpu: Cpu): void {
    if (t.sysDebt > 0) {
      this.sched.charge(cpu, t, 0, t.sysDebt);
      t.sysDebt = 0;
    }
  }

  private dispatch(t: Task, req: SysReq): unknown {
    const h = SYSCALLS[req?.nr];
    if (!h) return -ENOSYS;
    t.sysDebt += syscallCost(req.nr);
    this.current = t;
    return h(this, t, ...req.args);
  }

  /** A program threw: that is a simulator bug. The task dies of SIGSEGV like a crashing binary. */
  private programCrashed(t: Task, err: unknown): void {
    this.onProgramCrash?.(t, err);
    const msg = err instanceof Error ? err.message : String(err);
    this.log.log(`${t.comm}[${t.tgid.vnr}]: segfault (simulator: ${msg.slice(0, 200)})`, KERN_ERR);
    t.frames = [];
    t.wait = null;
    t.burstSys = t.burstUser = 0;
    forceSig(this, t, SIGSEGV);
    // a crashing handler frame cannot be resumed either: make the death certain
    if (t.alive && t.sig.actions[SIGSEGV]!.handler !== 'default') forceSig(this, t, SIGKILL);
  }

  /** Kernel panic: the machine stops (the lab shows the message). */
  panic(msg: string): void {
    this.log.log(`Kernel panic - not syncing: ${msg}`, 0);
    this.panicked = msg;
  }

  /** A new character-device inode gets the driver its number names (mknod, devtmpfs). */
  attachDeviceOps(ino: Inode): void {
    if ((ino.mode & 0o170000) !== 0o020000) return;
    const ops = this.deviceOps(ino.rdev);
    if (ops) ino.fops = ops;
  }

  /** Is something mounted on this inode in any mount namespace? */
  isMountpoint(ino: Inode, ns = this.current?.nsproxy.mnt ?? this.vfs.rootNs): boolean {
    for (const m of ns.list()) if (m.children.has(ino) || (m.root === ino && m.parent)) return true;
    return false;
  }

  /** Bytes of file data held in tmpfs-like filesystems (Shmem). */
  vfsShmemBytes(): number {
    let total = 0;
    const walk = (ino: Inode, seen: Set<Inode>): void => {
      if (seen.has(ino)) return;
      seen.add(ino);
      if (ino.data) total += ino.data.residentBytes;
      if (ino.entries) for (const c of ino.entries.values()) walk(c, seen);
    };
    const seen = new Set<Inode>();
    for (const sb of this.tmpfsSbs) walk(sb.root, seen);
    return total;
  }

  isZombie(t: Task): boolean {
    return t.exitState === ExitState.Zombie;
  }
}
