// Wait queues and the "would block" protocol. A file op or syscall that cannot finish now returns
// a WouldBlock naming the queues to sleep on; the syscall layer parks the task there and, when a
// queue is woken, runs the syscall's retry function again — Linux's wait_event() loop.
import type { Task } from './task';

/**
 * Each task's kernel wake function, installed when the kernel creates the task. Per task, not one
 * for the whole program: several machines live in one page (a rewind builds the replayed machine
 * while the current one still runs), and a wake-up must reach the task's own kernel.
 */
const wakers = new WeakMap<Task, (t: Task) => void>();

export function setWaker(t: Task, wake: (t: Task) => void): void {
  wakers.set(t, wake);
}

export class WaitQueue {
  readonly waiters = new Set<Task>();

  wakeAll(): void {
    if (this.waiters.size === 0) return;
    for (const t of [...this.waiters]) wakers.get(t)?.(t);
  }
}

export class WouldBlock {
  constructor(
    readonly queues: readonly WaitQueue[],
    /** D state (uninterruptible) instead of S */
    readonly uninterruptible = false,
    /** the kernel function the task sleeps in, as /proc/PID/wchan names it */
    readonly wchan = 'wait_woken',
    /** absolute virtual time at which to retry anyway (tty VTIME) */
    readonly timeoutAt = Infinity,
  ) {}
}

export function wouldBlock(...queues: WaitQueue[]): WouldBlock {
  return new WouldBlock(queues);
}

/**
 * How a blocked syscall reacts to a signal that has a handler (signal(7) "Interruption of system
 * calls"): 'restart' if SA_RESTART is set (read, write, wait4, ioctl), 'never' (nanosleep, pause,
 * poll always return EINTR).
 */
export type RestartPolicy = 'sa_restart' | 'never';

export interface Wait {
  queues: readonly WaitQueue[];
  retry: () => unknown;
  /** absolute virtual time at which the retry runs even without a wake-up */
  timeoutAt: number;
  uninterruptible: boolean;
  restart: RestartPolicy;
  /** what the wait is for, as /proc/PID/wchan names it */
  wchan: string;
  /** result when a handled signal interrupts the wait (default -EINTR; a partial write returns its count) */
  interrupted?: () => unknown;
}
