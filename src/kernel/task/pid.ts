// struct pid and pid namespaces (kernel/pid.c). A task has one number per pid-namespace level,
// from the root namespace down to its own; a process group or session is named by its leader's
// struct pid, which stays allocated (its number cannot be reused) while any group member lives.
import type { Task } from './task';
import type { UserNamespace } from '../ns/user';

export const RESERVED_PIDS = 300;
export const PID_MAX_DEFAULT = 32768;
export const PID_MAX_LIMIT = 4194304;
/** MAX_PID_NS_LEVEL: pid namespaces nest at most 32 deep */
export const MAX_PID_NS_LEVEL = 32;

export class PidNamespace {
  readonly level: number;
  pidMax = PID_MAX_DEFAULT;
  lastPid = 0;
  readonly pids = new Map<number, Pid>();
  /** the namespace's init (child reaper); null until its first task exists */
  reaper: Task | null = null;
  /** set once init has died: further forks into the namespace fail with ENOMEM */
  dead = false;
  constructor(
    readonly parent: PidNamespace | null,
    readonly inum: number,
    /** the user namespace that owns it (signals and /proc mounts check capabilities there) */
    readonly owner: UserNamespace,
  ) {
    this.level = parent ? parent.level + 1 : 0;
  }

  /**
   * Allocate the next free number cyclically after lastPid (alloc_pid's idr_alloc_cyclic): once
   * the cursor has passed RESERVED_PIDS, numbers wrap back to 300, not to 1.
   */
  allocNr(): number {
    const wrapTo = this.lastPid > RESERVED_PIDS ? RESERVED_PIDS : 1;
    let nr = this.lastPid + 1;
    if (nr >= this.pidMax) nr = wrapTo;
    const start = nr;
    for (;;) {
      if (!this.pids.has(nr)) {
        this.lastPid = nr;
        return nr;
      }
      nr++;
      if (nr >= this.pidMax) nr = wrapTo;
      if (nr === start) return -1;
    }
  }
}

export class Pid {
  /** numbers[i] is the number in namespaces[i] (level i) */
  readonly numbers: number[];
  readonly namespaces: PidNamespace[];
  /** the task with this pid (as a thread id), while it exists */
  task: Task | null = null;
  /** tasks whose process group / session this pid names */
  readonly pgrpMembers = new Set<Task>();
  readonly sessionMembers = new Set<Task>();
  constructor(namespaces: PidNamespace[], numbers: number[]) {
    this.namespaces = namespaces;
    this.numbers = numbers;
    namespaces.forEach((ns, i) => ns.pids.set(numbers[i]!, this));
  }

  /** The number seen from `ns`, or 0 if this pid is not visible there (pid_nr_ns). */
  nr(ns: PidNamespace): number {
    const ours = this.namespaces[ns.level];
    return ours === ns ? this.numbers[ns.level]! : 0;
  }

  /** Number in the innermost namespace. */
  get vnr(): number {
    return this.numbers[this.numbers.length - 1]!;
  }

  get ns(): PidNamespace {
    return this.namespaces[this.namespaces.length - 1]!;
  }

  /** Free the numbers once no task, process group or session refers to this pid. */
  maybeFree(): void {
    if (this.task || this.pgrpMembers.size > 0 || this.sessionMembers.size > 0) return;
    this.namespaces.forEach((ns, i) => {
      if (ns.pids.get(this.numbers[i]!) === this) ns.pids.delete(this.numbers[i]!);
    });
  }
}

/** Allocate a pid in `ns` and all its ancestors; null if some level is full (EAGAIN). */
export function allocPid(ns: PidNamespace): Pid | null {
  const chain: PidNamespace[] = [];
  for (let n: PidNamespace | null = ns; n; n = n.parent) chain.unshift(n);
  const numbers: number[] = [];
  for (const n of chain) {
    const nr = n.allocNr();
    if (nr < 0) return null;
    numbers.push(nr);
  }
  return new Pid(chain, numbers);
}
