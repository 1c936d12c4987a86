// Virtual time. The kernel never reads a host clock: `now` is nanoseconds since boot and only the
// event loop moves it, to the time of the next due event.
import { MinHeap, type HeapItem } from '../lib/heap';

export interface Timer extends HeapItem {
  fn: () => void;
  cancelled: boolean;
  /** name for debugging and for telling housekeeping timers from real work */
  readonly housekeeping: boolean;
}

export class TimerQueue {
  now = 0;
  private seq = 0;
  private heap = new MinHeap<Timer>();
  /** Live non-housekeeping timers (sleeps, CPU slices, alarms): "is anything going to happen?" */
  private liveWork = 0;

  /** Run `fn` at absolute virtual time `time` (ns). */
  at(time: number, fn: () => void, housekeeping = false): Timer {
    const t: Timer = { time: Math.max(time, this.now), seq: this.seq++, fn, cancelled: false, housekeeping };
    this.heap.push(t);
    if (!housekeeping) this.liveWork++;
    return t;
  }

  after(delay: number, fn: () => void, housekeeping = false): Timer {
    return this.at(this.now + delay, fn, housekeeping);
  }

  cancel(t: Timer | null | undefined): void {
    if (t && !t.cancelled) {
      t.cancelled = true;
      if (!t.housekeeping) this.liveWork--;
    }
  }

  /** Time of the next pending event, or Infinity. */
  nextTime(): number {
    this.dropCancelled();
    const t = this.heap.peek();
    return t ? t.time : Infinity;
  }

  /** True if some non-housekeeping timer is pending. */
  hasWork(): boolean {
    return this.liveWork > 0;
  }

  /** Pop the next due event at or before `limit`, advancing `now` to it. */
  popDue(limit: number): Timer | undefined {
    this.dropCancelled();
    const t = this.heap.peek();
    if (!t || t.time > limit) return undefined;
    this.heap.pop();
    if (t.time > this.now) this.now = t.time;
    if (!t.housekeeping) this.liveWork--;
    t.cancelled = true; // fired: a later cancel() is a no-op
    return t;
  }

  private dropCancelled(): void {
    for (;;) {
      const t = this.heap.peek();
      if (!t || !t.cancelled) return;
      this.heap.pop();
    }
  }
}

export const NSEC_PER_SEC = 1_000_000_000;
export const NSEC_PER_MSEC = 1_000_000;
export const NSEC_PER_USEC = 1_000;
