// The structured event stream the panels animate (ARCHITECTURE.md §1, §5). The kernel emits;
// nobody in the kernel listens. Emitting costs one branch when there are no subscribers.
import type { StateLetter } from '../task/state';

export type TraceEvent =
  | { type: 'fork'; timeNs: number; pid: number; ppid: number; comm: string }
  | { type: 'exec'; timeNs: number; pid: number; comm: string }
  | { type: 'exit'; timeNs: number; pid: number; status: number }
  | { type: 'reap'; timeNs: number; pid: number }
  | { type: 'signal'; timeNs: number; pid: number; sig: number; from: number }
  /**
   * A task's state letter changed (task/state.ts noteState): one event per real transition, pid
   * as the root pid namespace numbers it (a thread's tid). `from: null`: a new task (fork → R);
   * `to: 'X'`: released (reaped). R covers running and runnable, so R → R is never sent.
   */
  | { type: 'state'; timeNs: number; pid: number; comm: string; from: StateLetter | null; to: StateLetter }
  /** overlayfs copied a lower file up (sb: the overlay's st_dev; path inside the overlay) */
  | { type: 'copy-up'; timeNs: number; sb: number; path: string; fromLayer: number };

export class Trace {
  private subs: Array<(e: TraceEvent) => void> = [];
  /**
   * Called when the first subscriber arrives (tracing starts, possibly mid-run): the kernel
   * remembers every task's current state there, so the first `state` event of a task names the
   * state it really leaves.
   */
  onActivate: (() => void) | null = null;
  get active(): boolean {
    return this.subs.length > 0;
  }
  subscribe(fn: (e: TraceEvent) => void): () => void {
    if (this.subs.length === 0) this.onActivate?.();
    this.subs.push(fn);
    return () => {
      this.subs = this.subs.filter((s) => s !== fn);
    };
  }
  emit(e: TraceEvent): void {
    for (const s of this.subs) s(e);
  }
}
