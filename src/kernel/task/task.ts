// task_struct and signal_struct. A task's state letter is never stored: it is derived from what
// the task is doing (see state.ts).
import type { Pid, PidNamespace } from './pid';
import type { Cred } from './cred';
import type { FdTable } from '../fs/file';
import type { Path } from '../fs/path';
import type { MountNamespace } from '../fs/path';
import type { Mm } from '../mm/mm';
import type { Wait } from './wait';
import type { StateLetter } from './state';
import type { SigAction, BuiltinImage, Rlimit } from '../syscall/api';
import type { Tty } from '../tty/tty';
import type { UtsNamespace } from './uts';
import { WaitQueue } from './wait';
import type { Cgroup } from '../cgroup/cgroup';
import type { CpuCg } from '../cgroup/controllers/cpu';
import type { IpcNamespace, NetNamespace, TimeNamespace, CgroupNamespace } from '../ns/namespaces';

/** A generator frame: the program itself, or a signal handler running on top of it. */
export interface Frame {
  gen: Generator<unknown, unknown, unknown>;
  kind: 'main' | 'handler';
  /** for handler frames: what to restore when the handler returns */
  saved?: {
    resume: unknown;
    wait: Wait | null;
    burstUser: number;
    blocked: number;
  };
}

/** fs_struct */
export interface FsStruct {
  root: Path;
  cwd: Path;
  umask: number;
}

/** nsproxy: the namespaces a task lives in (pid ns is per-pid, see Pid). */
export interface NsProxy {
  mnt: MountNamespace;
  uts: UtsNamespace;
  ipc: IpcNamespace;
  net: NetNamespace;
  time: TimeNamespace;
  timeForChildren: TimeNamespace;
  cgroup: CgroupNamespace;
  /** pid namespace for children (pid_for_children) */
  pidForChildren: PidNamespace;
}

/** SIG_DFL, shared: dispositions are replaced, never changed in place. */
export const SIG_DFL_ACTION: SigAction = Object.freeze({ handler: 'default' });
const DEFAULT_ACTIONS: readonly SigAction[] = Array.from({ length: 32 }, () => SIG_DFL_ACTION);

/** signal_struct + sighand_struct: shared by the threads of a process. */
export class SignalStruct {
  /** dispositions, index = signal number */
  actions: SigAction[] = DEFAULT_ACTIONS.slice();
  /** shared (process-directed) pending set */
  sharedPending = 0;
  /** group stop in effect (all threads in T) */
  groupStopped = false;
  /** the signal that caused the stop, for wait status */
  stopSignal = 0;
  /** a stop/continue not yet reported to the parent by wait4 */
  notifyStopped = false;
  notifyContinued = false;
  /** group exit in progress (exit_group or fatal signal) with this wait status */
  groupExit: number | null = null;
  /** controlling terminal */
  tty: Tty | null = null;
  /** PR_SET_CHILD_SUBREAPER */
  isChildSubreaper = false;
  hasChildSubreaper = false;
  /** rlimits, index = RLIMIT_* */
  rlim: Rlimit[] = [];
  /** CPU time of reaped children (for times()/getrusage(RUSAGE_CHILDREN)) */
  cutimeNs = 0;
  cstimeNs = 0;
  /** time of death of exited threads, kept for the process totals */
  deadUtimeNs = 0;
  deadStimeNs = 0;
  /** alarm(2) timer */
  alarmAt = 0;
  alarmTimer: unknown = null;
  /** wait4() sleepers: woken when a child exits, stops or continues (wait_chldexit) */
  readonly waitChldExit = new WaitQueue();
  /** /proc/PID/oom_score_adj (signal->oom_score_adj); the OOM killer reads it */
  oomScoreAdj = 0;
  /** SIGNAL_UNKILLABLE: this process is the init of its pid namespace */
  unkillable = false;
}

export const enum ExitState {
  Running = 0,
  Zombie = 1,
  Dead = 2,
}

export class Task {
  // identity
  pid!: Pid; // thread id
  groupLeader: Task = this;
  /** threads of this thread group, leader first */
  threads: Task[] = [this];
  pgrp!: Pid;
  session!: Pid;
  comm = '';
  argv: string[] = [];
  envp: string[] = [];
  exe: Path | null = null;
  image: BuiltinImage | null = null;

  // family (maintained on the thread-group leader)
  parent: Task | null = null;
  realParent: Task | null = null;
  children = new Set<Task>();
  exitSignal = 17; // SIGCHLD
  pdeathSignal = 0;

  // resources
  cred!: Cred;
  fs!: FsStruct;
  files!: FdTable;
  mm!: Mm;
  nsproxy!: NsProxy;
  sig!: SignalStruct;

  // signals (per thread)
  pending = 0;
  blocked = 0;
  /**
   * rt_sigtimedwait: the blocked signals this thread sleeps waiting for. Linux moves them out of
   * ->blocked (into ->real_blocked) for the sleep so that their arrival wakes it; here they stay
   * blocked (never delivered) and this mask lets them pick and wake the thread.
   */
  sigwaitMask = 0;
  /** in the v1 cgroup freezer's refrigerator (or about to enter it, while still on a CPU) */
  frozen = false;

  // execution
  frames: Frame[] = [];
  /** the value the next gen.next() receives (a syscall's result) */
  resume: unknown = undefined;
  wait: Wait | null = null;
  /** remaining CPU work before the program resumes: user (compute) and system (syscall cost) */
  burstUser = 0;
  burstSys = 0;
  /** small syscall costs not yet turned into CPU time */
  sysDebt = 0;
  /** job-control stop of this thread (group stop) */
  stopped = false;
  exitState: ExitState = ExitState.Running;
  /** the state letter last reported in a `state` trace event (null: none yet; see noteState) */
  traceState: StateLetter | null = null;
  /** wait status to report (exit code << 8, or the signal) */
  exitCode = 0;
  /** PF_FORKNOEXEC: forked but has not called execve() */
  forkNoExec = false;
  /** set while the task is in a vfork() parent wait: state D, killable */
  inVfork = false;
  /** CLONE_VFORK: the parent waiting (in D) until this child execs or exits */
  vforkParent: Task | null = null;
  /** woken when a vfork child releases its parent */
  vforkDone: WaitQueue | null = null;

  // scheduling
  nice = 0;
  vruntime = 0;
  /** CPU the task is on or last ran on */
  cpu = 0;
  onCpu = false;
  onRq = false;
  utimeNs = 0;
  stimeNs = 0;
  /** context switches (status: voluntary_ctxt_switches / nonvoluntary_ctxt_switches) */
  nvcsw = 0;
  nivcsw = 0;
  /** sched_setaffinity mask (CPU numbers); null = every CPU (the cpuset still applies) */
  cpusAllowed: number[] | null = null;
  /** the cpu-controller group whose load counts this task while it is runnable (null: not counted) */
  schedGroup: CpuCg | null = null;
  /** runnable but held back by this throttled group (CFS bandwidth); onRq stays true */
  throttledBy: CpuCg | null = null;

  // cgroups: one per hierarchy, index = hierarchy id (0 = unified)
  cgroups: Cgroup[] = [];

  /** virtual time of fork, ns since boot */
  startTimeNs = 0;
  /** sum of children's max RSS etc. are not modelled; minor faults approximated from touches */
  minFlt = 0;
  /** procfs per-task cache (inode numbers, dir inodes) */
  procCache?: unknown;
  /** a serial for deterministic ordering and debugging (never reused) */
  readonly serial: number;

  constructor(serial: number) {
    this.serial = serial;
  }

  get tgid(): Pid {
    return this.groupLeader.pid;
  }

  isLeader(): boolean {
    return this.groupLeader === this;
  }

  /** Runs a program, or is it between exit and reaping? */
  get alive(): boolean {
    return this.exitState === ExitState.Running;
  }

  /** The pid namespace this task lives in (its own pid's innermost level). */
  get pidNs(): PidNamespace {
    return this.pid.ns;
  }
}
